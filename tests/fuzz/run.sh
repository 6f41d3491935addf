#!/bin/sh
# Runs one libFuzzer target from the committed seed inputs only. libFuzzer adds what it finds to
# its first corpus directory; that scratch directory starts empty on every run, so a run here
# starts as a run on a clean clone (CI) does, whatever earlier runs found.
# Usage: run.sh FUZZER SCRATCH_DIR [libFuzzer options] [seed directories]
set -e
fuzzer=$1
scratch=$2
shift 2
rm -rf "$scratch"
mkdir -p "$scratch"
exec "$fuzzer" "$scratch" "$@"
