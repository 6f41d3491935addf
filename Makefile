# The two commands of the quick start, plus the developer ones. Everything installs what it
# needs first, so a fresh Debian 12 machine needs nothing by hand.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build serve test bench sanitize clean format

deps:
	@RESGRAPH_WEB=0 scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

serve: build
	$(BUILD)/server/resgraph serve --data-dir ./var --port 8080 --dataset data

test: build
	cd $(BUILD) && ctest --output-on-failure -j 2 --timeout 600

bench: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DRESGRAPH_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	BUILD=$(BUILD) scripts/bench.sh

sanitize:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DRESGRAPH_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo"

clean:
	rm -rf $(BUILD) build-asan

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')
