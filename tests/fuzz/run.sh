#!/bin/sh
# Runs one libFuzzer target from the committed seed inputs only. libFuzzer adds what it finds to
# its first corpus directory; that scratch directory starts empty on every run, so a run here
# starts as a run on a clean clone (CI) does, whatever earlier runs found.
# A seed directory that is not there (../shared/corpus on a clone of the repository alone) is
# left out with a note, so the run needs nothing from outside the repository.
# Usage: run.sh FUZZER SCRATCH_DIR [libFuzzer options] [seed directories]
set -e
fuzzer=$1
scratch=$2
shift 2
rm -rf "$scratch"
mkdir -p "$scratch"
args=""
for a in "$@"; do
  case "$a" in
    -*) ;;
    *) if [ ! -d "$a" ]; then echo "run.sh: seed directory $a is absent; running without it"; continue; fi ;;
  esac
  args="$args \"$a\""
done
eval exec "\"$fuzzer\"" "\"$scratch\"" $args
