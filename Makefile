# The two commands of the quick start, plus the developer ones. Everything installs what it
# needs first, so a fresh Debian 12 machine needs nothing by hand.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# ccache hashes paths under this folder relative to the build: checkouts side by side (CI's
# clone beside the one under test) share compiled objects.
export CCACHE_BASEDIR ?= $(abspath $(CURDIR)/..)

.PHONY: deps web build serve test bench sanitize fuzz clean format package lint

deps:
	@scripts/install-deps.sh

# The browser app: npm packages pinned by web/package-lock.json, bundled into web/dist.
web: deps
	@cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

build: deps web
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

serve: build
	$(BUILD)/server/resgraph serve --data-dir ./var --port 8080 --dataset data --web web/dist

# A Debian package with the systemd unit (packaging/README.md): build/package/resgraph_*.deb.
package: build
	cd $(BUILD) && cpack -G DEB -B package >/dev/null && ls $(CURDIR)/$(BUILD)/package/*.deb

test: build
	cd $(BUILD) && ctest --output-on-failure -j 2 --timeout 600
	RESGRAPH_BIN=$(BUILD)/server/resgraph node --test tests/e2e/
	$(MAKE) --no-print-directory fuzz

bench: deps
	@scripts/install-deps.sh --bench
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DRESGRAPH_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	BUILD=$(BUILD) scripts/bench.sh

# ASan + UBSan build of every C++ test.
sanitize: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRESGRAPH_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	# btparse's one known leak (tests/fuzz/lsan.supp says which and why) is reached by the tests
	# that import citations, the stored fuzz inputs among them; every other leak fails.
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp ctest --output-on-failure -j 2 --timeout 900

# libFuzzer targets (clang), each run from the seed inputs: a fixed number of inputs from a fixed
# seed, much the same in every run; `make fuzz FUZZ_SEED=0 FUZZ_SECONDS=600` explores with new seeds.
FUZZ_SEED ?= 1
FUZZ_SECONDS ?= 120
fuzz: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DRESGRAPH_FUZZ=ON -DRESGRAPH_TESTS=OFF -DFUZZ_SEED=$(FUZZ_SEED) \
	  -DFUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target markdown_fuzz json_fields_fuzz query_fuzz http_fuzz citations_fuzz
	cd build-fuzz && ctest --output-on-failure -j 2 -R fuzz_

# clang-tidy with the checks .clang-tidy states, over the project's own modules (not tests or
# benchmarks); any finding fails. Reads the compile commands of `make build`.
LINT_FILES = $(CURDIR)/(graph|search|importers|fetch|links|server)/src/.*\.cpp$$
lint: build
	run-clang-tidy -p $(BUILD) -quiet -j $(JOBS) -extra-arg=-Wno-unknown-warning-option \
	  '$(LINT_FILES)' > $(BUILD)/lint.log 2>&1 || { grep -E 'error:|warning:' $(BUILD)/lint.log; exit 1; }
	@echo "clang-tidy: no findings"

clean:
	rm -rf $(BUILD) build-asan build-fuzz

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')
