#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs drvcheck on the bundled example drivers.
# Exit status is drvcheck's: 1 means it found bugs (the examples contain some on purpose).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$top/scripts/setup.sh"
cd "$top"
exec "${DRVCHECK_BUILD_DIR:-$top/build}/drvcheck" examples/*.c "$@"
