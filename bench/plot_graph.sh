#!/usr/bin/env bash
# Draws docs/perf/graph_scale.png from bench/run_graph_bench.sh's TSV files (needs gnuplot, Debian
# package gnuplot-nox; the PNG is a committed doc artefact, no test or CI step draws it).
# Usage: bench/plot_graph.sh OUT_DIR_OF_RUN PNG
set -euo pipefail
in=$1 png=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One file per (data set, step): "events cpu_ms wall_ms peak_MB", so gnuplot draws one line per step.
series() { # series TSV STEP NAME
    awk -F'\t' -v s="$2" '$2 == s { printf "%s %s %s %.1f\n", $1, $4, $3, $5 / 1024 }' "$1" | sort -n > "$tmp/$3"
}
series "$in/case.tsv" "open: case load + build (cold)" open
series "$in/synthetic.tsv" "build, no filter" build
series "$in/synthetic.tsv" "build, middle-half time window" window
series "$in/synthetic.tsv" "2-hop neighbourhood, top hub" hop2
series "$in/synthetic.tsv" "shortest path, median -> leaf" path
series "$in/synthetic.tsv" "5 shortest paths (<= 6 hops)" kpath
series "$in/synthetic.tsv" "betweenness, 100 sampled sources" btw
series "$in/synthetic.tsv" "components" comp
series "$in/synthetic.tsv" "communities (Louvain)" louvain
series "$in/synthetic.tsv" "timeline of the top hub" timeline
series "$in/synthetic.tsv" "money out of top payer, 3 hops" money
series "$in/case.tsv" "indicator controller_hub" hub
gnuplot <<GP
set terminal pngcairo size 1400,760 font "DejaVu Sans,10" noenhanced
set output "$png"
set multiplot layout 1,2 title "casegraph graph engine on the generated case (bench/synthetic_case.hpp): CPU time and peak RSS against case size"
set logscale xy
set linetype 1 lc rgb "#9400d3"
set linetype 2 lc rgb "#9400d3"
set linetype 3 lc rgb "#e41a1c"
set linetype 4 lc rgb "#009e73"
set linetype 5 lc rgb "#56b4e9"
set linetype 6 lc rgb "#e69f00"
set linetype 7 lc rgb "#0072b2"
set linetype 8 lc rgb "#d55e00"
set linetype 9 lc rgb "#cc79a7"
set linetype 10 lc rgb "#000000"
set linetype 11 lc rgb "#999999"
set linetype 12 lc rgb "#f0c000"
set linetype 13 lc rgb "#8b4513"
set linetype 14 lc rgb "#2f4f4f"
set xrange [7000:1400000]
set xtics ("10k" 10000, "100k" 100000, "1M" 1000000)
set xlabel "events in the case"
set grid
set key below horizontal maxcols 3 font ",9"
set ylabel "CPU time per step (ms, log)"
plot "$tmp/open" u 1:2 w lp lw 2 t "open case file (SQLite -> graph)", \
     "$tmp/open" u 1:3 w lp lw 2 dt 2 t "open, wall time (machine at load 14)", \
     1500 w l dt 3 t "open target: 1.5 s at 1M", \
     "$tmp/build" u 1:2 w lp t "build graph, no filter", \
     "$tmp/window" u 1:2 w lp t "filter change (time window)", \
     "$tmp/hop2" u 1:2 w lp t "2-hop neighbourhood of top hub", \
     "$tmp/path" u 1:2 w lp t "shortest path", \
     "$tmp/kpath" u 1:2 w lp t "5 shortest paths", \
     "$tmp/btw" u 1:2 w lp t "betweenness, 100 samples", \
     "$tmp/comp" u 1:2 w lp t "components", \
     "$tmp/louvain" u 1:2 w lp t "communities (Louvain)", \
     "$tmp/timeline" u 1:2 w lp t "timeline of top hub", \
     "$tmp/money" u 1:2 w lp t "money flows, 3 hops", \
     "$tmp/hub" u 1:2 w lp t "indicator controller_hub"
set ylabel "peak RSS of the process during the step (MB, log)"
plot "$tmp/open" u 1:4 w lp lw 2 t "open case file (SQLite -> graph)", \
     "$tmp/build" u 1:4 w lp t "build graph, no filter", \
     "$tmp/window" u 1:4 w lp t "filter change (time window)", \
     "$tmp/btw" u 1:4 w lp t "betweenness, 100 samples", \
     "$tmp/louvain" u 1:4 w lp t "communities (Louvain)", \
     "$tmp/money" u 1:4 w lp t "money flows, 3 hops"
unset multiplot
GP
