#!/usr/bin/env bash
# Builds the libFuzzer target (clang, ASan+UBSan) in build-fuzz/ and runs it for a given
# time on a corpus seeded from the test fixtures. Crashes are written to build-fuzz/crashes/.
#   bash tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
secs=${1:-120}
shift || true
LLVM_MAJOR=${LLVM_MAJOR:-19}
build=$top/build-fuzz
cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER="clang-$LLVM_MAJOR" -DLLVM_MAJOR="$LLVM_MAJOR" \
  -DDRVCHECK_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_drvcheck -j"$(nproc)" >/dev/null
corpus=$build/corpus
mkdir -p "$corpus" "$build/crashes"
find "$top/testcases" "$top/examples" -name '*.c' -size -64k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
cp -n "$top"/tests/fuzz/regressions/* "$corpus/" 2>/dev/null || true
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$build/fuzz_drvcheck" -max_total_time="$secs" -max_len=65536 -timeout=30 -rss_limit_mb=4096 -handle_segv=0 \
  -artifact_prefix="$build/crashes/" -print_final_stats=1 "$@" "$corpus"
