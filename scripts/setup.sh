#!/usr/bin/env bash
# Installs what drvcheck needs on Debian 12 (when run as root and something is missing),
# then configures and builds it in build/. Sourced by the other scripts.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LLVM_MAJOR=${LLVM_MAJOR:-19}
packages=(cmake make gcc pkg-config python3 "libclang-${LLVM_MAJOR}-dev" "llvm-${LLVM_MAJOR}-dev"
          "llvm-${LLVM_MAJOR}-tools" "clang-${LLVM_MAJOR}" mingw-w64-x86-64-dev libcmocka-dev libjansson-dev
          libyaml-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "drvcheck setup: missing packages: ${missing[*]} (run as root or install them)" >&2
    exit 2
  fi
  echo "drvcheck setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
build=${DRVCHECK_BUILD_DIR:-$top/build}
cmake -S "$top" -B "$build" -DLLVM_MAJOR="$LLVM_MAJOR" ${DRVCHECK_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
