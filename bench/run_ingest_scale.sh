#!/usr/bin/env bash
# Ingest CPU time and peak RSS against size (issue 10): for each format and N, the evidence is written
# by bench_ingest --demo FORMAT N --out (not timed), then `casegraph ingest` of that one file is timed;
# `casegraph demo DIR --events N` (generate every format + ingest them all) is timed whole.
# CPU = user + sys from /usr/bin/time (the machine is shared: wall time is noisy), RSS = max resident.
# Usage: bench/run_ingest_scale.sh BUILD_DIR OUT_DIR "FORMATS" "SIZES" "DEMO_SIZES"
#   e.g. bench/run_ingest_scale.sh build /tmp/iscale "android-sms whatsapp-txt" \
#        "10000 30000 100000 300000 1000000" "10000 100000 300000"
# Appends "what<TAB>N<TAB>user_s<TAB>sys_s<TAB>maxrss_KiB<TAB>wall_s" lines to OUT_DIR/ingest.tsv.
set -euo pipefail
build=$1 out=$2 formats=$3 sizes=$4 demo_sizes=$5
mkdir -p "$out"
tsv=$out/ingest.tsv
timed() { # timed WHAT N CMD...: run CMD under /usr/bin/time, append one TSV line
    local what=$1 n=$2
    shift 2
    /usr/bin/time -f "%U %S %M %e" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1
    read -r u s m e < "$out/time.txt"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$n" "$u" "$s" "$m" "$e" | tee -a "$tsv"
}
for f in $formats; do
    for n in $sizes; do
        dir=$out/$f-$n
        rm -rf "$dir"
        read -r _ owner path < <("$build/bench/bench_ingest" --demo "$f" "$n" --out "$dir")
        timed "$f" "$n" "$build/tools/casegraph" ingest "$dir/x.case" "$path" --region GB \
            --tz Europe/London --owner "$owner"
        rm -rf "$dir"
    done
done
for n in $demo_sizes; do
    dir=$out/demo-$n
    rm -rf "$dir"
    timed demo "$n" "$build/tools/casegraph" demo "$dir" --events "$n"
    rm -rf "$dir"
done
