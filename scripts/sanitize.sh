#!/usr/bin/env bash
# Builds drvcheck with AddressSanitizer and UndefinedBehaviorSanitizer (gcc,
# -DDRVCHECK_SANITIZE=ON) in build-asan/ and runs the whole test suite (ctest: the cmocka
# unit tests and every lit fixture) under them, with leak detection on. A sanitizer
# report fails the test that produced it: sanitizer exit statuses (86-88) differ from
# drvcheck's own 0/1/2, and a report on stderr breaks the tests that check stderr.
#   bash scripts/sanitize.sh [ctest args...]
# Environment: DRVCHECK_ASAN_BUILD_DIR (default <top>/build-asan), JOBS (build jobs, 2).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DRVCHECK_ASAN_BUILD_DIR:-$top/build-asan}
cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER="${CC:-gcc}" -DDRVCHECK_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${JOBS:-2}"
# The SARIF validator test finds Microsoft's tool under <build>/npm (installed by .ci/run
# for the normal build); reuse it.
if [ -z "${SARIF_MULTITOOL:-}" ]; then
  mt="${DRVCHECK_BUILD_DIR:-$top/build}/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  if [ -x "$mt" ]; then export SARIF_MULTITOOL=$mt; fi
fi
# Leaks inside libclang/LLVM itself (not drvcheck's) are listed in lsan.supp.
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="exitcode=87:suppressions=$top/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=88"
# The cache of precompiled headers is private to this build.
export DRVCHECK_CACHE_DIR="$build/.drvcheck-cache"
ctest --test-dir "$build" --output-on-failure "$@"
