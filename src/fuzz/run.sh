#!/bin/bash
# Runs one libFuzzer target for a bounded time (the CI mode is 60 s per target).
# usage: src/fuzz/run.sh TARGET SECONDS [BUILD_DIR] [extra libFuzzer flags...]
#   TARGET: fuzz_parse | fuzz_resolve | fuzz_descset | fuzz_rules | fuzz_config | fuzz_diff | fuzz_inputs
#   BUILD_DIR defaults to build-fuzz, configured (if missing) with clang, ASan+UBSan.
# The corpus grows in BUILD_DIR/corpus/TARGET (seeded by seed.sh); crashes, leaks
# and timeouts are written to BUILD_DIR/crashes/TARGET/. Exit status: 0 when the run
# ended without a finding, libFuzzer's status otherwise. The last "stat::" lines of
# the log carry the exec count (number_of_executed_units).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run.sh TARGET SECONDS [BUILD_DIR] [flags...]}
secs=${2:?usage: run.sh TARGET SECONDS [BUILD_DIR] [flags...]}
build=${3:-$root/build-fuzz}
shift $(($# < 3 ? $# : 3))

if [ ! -x "$build/$target" ]; then
	CC=clang cmake -S "$root" -B "$build" -DPC_FUZZ=ON -DPC_SANITIZE=ON -DPC_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 2
	cmake --build "$build" -j2 --target "$target" protocompat >/dev/null || exit 2
fi
[ -d "$build/corpus/$target" ] || bash "$root/src/fuzz/seed.sh" "$build" >/dev/null || exit 2
mkdir -p "$build/crashes/$target"

# Dictionaries help the text formats find keywords quickly.
dict=()
[ -f "$root/src/fuzz/$target.dict" ] && dict=(-dict="$root/src/fuzz/$target.dict")
case $target in fuzz_parse | fuzz_resolve | fuzz_diff) dict=(-dict="$root/src/fuzz/proto.dict") ;; esac

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log=$build/crashes/$target/last.log
"$build/$target" "$build/corpus/$target" "${dict[@]}" -max_total_time="$secs" -timeout=10 \
	-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	-artifact_prefix="$build/crashes/$target/" "$@" 2>"$log"
rc=$?
grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE|ERROR|SUMMARY' "$log" | tail -5
echo "$target: exit $rc, log $log"
exit $rc
