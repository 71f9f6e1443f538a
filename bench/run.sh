#!/usr/bin/env bash
# One command for the drvcheck benchmark: generates the synthetic corpus into bench/out/
# and runs bench/run.py on it. Extra arguments go to run.py, e.g.
#   bash bench/run.sh                      # 5 runs, 1x corpus
#   bash bench/run.sh --scale 10 --runs 3  # also the 10x corpus (generated into bench/out/corpus_x10)
# drvcheck is taken from $DRVCHECK or build/drvcheck; if it is not built yet,
# scripts/setup.sh installs the dependencies and builds it.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
drvcheck=${DRVCHECK:-$top/build/drvcheck}
if [ ! -x "$drvcheck" ]; then
  bash "$top/scripts/setup.sh"
fi
for tool in /usr/bin/time clang-19 python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench: $tool is missing (apt-get install time clang-19 python3)" >&2
    exit 2
  fi
done
mkdir -p "$top/bench/out"
python3 "$top/bench/gen_corpus.py" "$top/bench/out/corpus"
exec python3 "$top/bench/run.py" --drvcheck "$drvcheck" --corpus "$top/bench/out/corpus" \
  --json "$top/bench/out/results.json" "$@"
