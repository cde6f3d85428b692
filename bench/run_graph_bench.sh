#!/usr/bin/env bash
# Runs the graph benches at 10k / 100k / 1M events and writes OUT/{synthetic,case,demo,bundle}.tsv and one
# log per run, for docs/PERFORMANCE.md and bench/plot_graph.sh. Usage: bench/run_graph_bench.sh BUILD OUT
# [DEMO_DIR...] where each DEMO_DIR holds a `casegraph demo DIR --events N` case named demoN.
set -euo pipefail
build=$1 out=$2
shift 2
mkdir -p "$out"
rm -f "$out"/*.tsv
for n in 10000 100000 1000000; do
    # In memory: the generated case without SQLite (the graph build's worst case).
    "$build/bench/bench_graph" --synthetic "$n" --tsv "$out/synthetic.tsv" --exact-max 12000 \
        > "$out/synthetic-$n.log"
    # The same case as a case file: opening it is SQLite -> memory -> graph.
    rm -f "$out/gen-$n.case"*
    "$build/bench/bench_graph" --write-case "$out/gen-$n.case" "$n"
    "$build/bench/bench_graph" "$out/gen-$n.case" --events "$n" --tsv "$out/case.tsv" > "$out/case-$n.log"
    rm -f "$out/gen-$n.case"*
done
for d in "$@"; do
    n=${d##*demo}
    "$build/bench/bench_graph" "$d/demo.case" --events "$n" --tsv "$out/demo.tsv" > "$out/demo-$n.log"
    "$build/bench/bench_bundle" "$d/demo.case" --events "$n" --tsv "$out/bundle.tsv" > "$out/bundle-$n.log"
done
