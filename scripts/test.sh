#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite through ctest:
# unit tests of the engine (cmocka) and the lit fixtures under testcases/.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$top/scripts/setup.sh"
ctest --test-dir "${DRVCHECK_BUILD_DIR:-$top/build}" --output-on-failure "$@"
