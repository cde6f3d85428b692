#!/usr/bin/env bash
# Frame times of the workstation's graph canvas under Xvfb: synthetic graphs of 1k, 10k and 100k
# visible nodes, the canvas renderer (gl: point sprites and GL lines, imgui: the ImGui path), a still
# frame and a panning one (the camera moves every frame, so nothing is reused). Each run is repeated
# and the median of the runs' medians printed as a markdown table row.
#
#   bench/run_frame_bench.sh BUILD_DIR [REPEATS] [SIZE]     e.g. bench/run_frame_bench.sh build 3 1600x1000
set -euo pipefail
build=${1:?usage: run_frame_bench.sh BUILD_DIR [REPEATS] [SIZE]}
repeats=${2:-3}
size=${3:-1600x1000}
ui="$build/ui/casegraph-ui"
[[ -x $ui ]] || { echo "no $ui (configure with the UI on)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'frames 60\n' >"$work/still.txt"
{
    echo "frames 5"
    for _ in $(seq 30); do echo "pan 4 2"; echo "pan -4 -2"; done
} >"$work/pan.txt"

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# the "median X" figure of the report line starting with $1
field() { grep "casegraph-ui: $1" | sed -E 's/.* median ([0-9.]+).*/\1/'; }

echo "| nodes | canvas | frames | frame build ms | frame + glFinish ms | start to start ms (fps) | CPU all threads ms | vertices |"
echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"
for n in 1000 10000 100000; do
    for canvas in gl imgui; do
        for mode in still pan; do
            : >"$work/runs"
            for _ in $(seq "$repeats"); do
                xvfb-run -a -s "-screen 0 ${size}x24" "$ui" --bench-graph "$n" --canvas "$canvas" \
                    --size "$size" --script "$work/$mode.txt" 2>"$work/out" >/dev/null
                printf '%s %s %s %s %s\n' "$(field 'frame build' <"$work/out")" \
                    "$(field 'whole frame' <"$work/out")" "$(field 'frame period' <"$work/out")" \
                    "$(field 'frame CPU' <"$work/out")" \
                    "$(sed -nE 's/.*draw data per frame: ([0-9]+) vertices.*/\1/p' "$work/out")" >>"$work/runs"
            done
            med() { awk -v c="$1" '{print $c}' "$work/runs" | median; }
            period=$(med 3)
            fps=$(awk -v p="$period" 'BEGIN {printf "%.0f", 1000 / p}')
            echo "| $n | $canvas | $mode | $(med 1) | $(med 2) | $period ($fps) | $(med 4) | $(med 5) |"
        done
    done
done
