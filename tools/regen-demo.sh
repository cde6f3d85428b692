#!/usr/bin/env bash
# Regenerates demo/evidence/ from the generator (seed 1, small scenario) after a deliberate generator change.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="${1:-$top/build/tools/casegraph}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" demo "$tmp/demo" >/dev/null
rm -rf "$top/demo/evidence"
cp -r "$tmp/demo/evidence" "$top/demo/evidence"
echo "demo/evidence regenerated; review the diff (git status demo/)"
