#!/usr/bin/env bash
# Runs every benchmark in bench/ and writes BENCHMARKS.md with the machine described.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
nodes=${BENCH_NODES:-100000}
out=$(mktemp)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` on $(date -u +%Y-%m-%d). Medians and ratios: the machine is shared and noisy."
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"\
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)."
  echo
  "$build/bench/search_bench" "$nodes"
} > "$out"
mv "$out" BENCHMARKS.md
cat BENCHMARKS.md
