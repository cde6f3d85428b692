#!/usr/bin/env bash
# Installs what is missing, builds Release in build/, makes the demo case and opens it in the workstation.
# With no display (or no workstation built) it prints the case summary instead.
# Usage: tools/run-demo.sh [DIR]   (default: demo-out; the case is DIR/demo.case)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${1:-demo-out}

tools/install-deps.sh

# First time with Ninja and Release; later runs keep what the cache has (tools/test.sh shares build/).
if [[ -f build/CMakeCache.txt ]]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
else
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build -j "$(nproc)"

# find_exe NAME: the built executable NAME under build/, or nothing.
find_exe() { find build -maxdepth 3 -type f -name "$1" -perm -u+x -print -quit; }

cli=$(find_exe casegraph)
if [[ -z $cli ]]; then
    echo "run-demo: the casegraph command was not built (no build/tools/casegraph)" >&2
    exit 1
fi

# `demo` writes the demo evidence (the same bytes as the bundled demo/evidence/, which the demo test suite
# checks) and builds DIR/demo.case from it; it replaces an earlier demo case but refuses any other file.
case_file="$dir/demo.case"
"$cli" demo "$dir"

ui=$(find_exe casegraph-ui)
if [[ -n ${DISPLAY:-} && -n $ui ]]; then
    "$cli" stats "$case_file"
    exec "$ui" "$case_file"
elif [[ -z ${DISPLAY:-} ]]; then
    echo "No display: showing the case summary instead"
else
    echo "casegraph-ui is not built yet: showing the case summary instead"
fi
"$cli" stats "$case_file"
