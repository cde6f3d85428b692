#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for a few seconds each, seeded from its registered seeds.
# Usage: fuzz/run.sh [BUILD_DIR] [SECONDS]   (defaults: build-fuzz, $CASEGRAPH_FUZZ_SECONDS or 20)
# Seeds are copied into a temporary corpus dir first, because libFuzzer writes new inputs into its first
# corpus dir and must never write into ../shared or the source tree. Crash files go to
# BUILD_DIR/fuzz-artifacts/<name>/; freeze each one as a fixture in tests/corpus/<name>/.
set -euo pipefail

build_dir=${1:-build-fuzz}
seconds=${2:-${CASEGRAPH_FUZZ_SECONDS:-20}}

shopt -s nullglob
manifests=("$build_dir"/fuzz/*.fuzz)
if ((${#manifests[@]} == 0)); then
    echo "fuzz: no fuzz targets in $build_dir/fuzz (none of their sources exist yet)"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/casegraph-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=()
unbuilt=()
for manifest in "${manifests[@]}"; do
    name=$(basename "$manifest" .fuzz)
    mapfile -t lines <"$manifest"
    bin=${lines[0]}
    if [[ ! -x $bin ]]; then
        # Configured but not built in this tree: not a crash, but not a pass either.
        echo "fuzz_$name: not built in $build_dir (ninja -C $build_dir fuzz_$name)"
        unbuilt+=("$name")
        continue
    fi
    corpus="$work/$name"
    artifacts="$build_dir/fuzz-artifacts/$name"
    mkdir -p "$corpus" "$artifacts"

    # Flatten every seed file into the temp corpus; the counter keeps equal basenames apart.
    n=0
    for seed in "${lines[@]:1}"; do
        [[ -n $seed ]] || continue
        if [[ -d $seed ]]; then
            while IFS= read -r -d '' f; do
                cp -- "$f" "$corpus/$(printf '%04d' "$n")_$(basename "$f")"
                n=$((n + 1))
            done < <(find "$seed" -type f -print0 | sort -z)
        elif [[ -f $seed ]]; then
            cp -- "$seed" "$corpus/$(printf '%04d' "$n")_$(basename "$seed")"
            n=$((n + 1))
        else
            echo "fuzz_$name: seed $seed not found, skipped"
        fi
    done
    chmod -R u+w "$corpus"

    echo "== fuzz_$name: ${seconds}s from $n seed files"
    if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" >"$work/$name.log" 2>&1; then
        grep -E '^(stat::number_of_executed_units|Done )' "$work/$name.log" || true
    else
        tail -n 60 "$work/$name.log"
        echo "fuzz_$name FAILED; crash input(s) in $artifacts/ — reproduce with: $bin <file>"
        failed+=("$name")
    fi
done

status=0
if ((${#unbuilt[@]} > 0)); then
    echo "fuzz: not built (not run): ${unbuilt[*]}"
    status=1
fi
if ((${#failed[@]} > 0)); then
    echo "fuzz: crashed: ${failed[*]}"
    status=1
fi
ran=$((${#manifests[@]} - ${#unbuilt[@]}))
if ((status == 0)); then
    echo "fuzz: ${ran} target(s) ran ${seconds}s each with no crash"
else
    echo "fuzz: ${ran} target(s) ran ${seconds}s each; $((${#failed[@]})) crashed"
fi
exit "$status"
