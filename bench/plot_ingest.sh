#!/usr/bin/env bash
# Draws docs/perf/ingest_scale.png from docs/perf/ingest_scale.tsv (needs gnuplot, Debian package
# gnuplot-nox; the PNG is a committed doc artefact, no test or CI step draws it).
# The TSV holds bench/run_ingest_scale.sh lines with a build label in front:
#   label<TAB>what<TAB>N<TAB>user_s<TAB>sys_s<TAB>maxrss_KiB<TAB>wall_s
# Usage: bench/plot_ingest.sh docs/perf/ingest_scale.tsv docs/perf/ingest_scale.png
set -euo pipefail
in=$1 png=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
series() { # series LABEL WHAT NAME -> "N cpu_s rss_MiB"
    awk -F'\t' -v l="$1" -v w="$2" '$1 == l && $2 == w { printf "%s %.2f %.1f\n", $3, $4 + $5, $6 / 1024 }' \
        "$in" | sort -n > "$tmp/$3"
}
series before demo demo_b
series after demo demo_a
series before android-sms sms_b
series after android-sms sms_a
series before whatsapp-txt wa_b
series after whatsapp-txt wa_a
series s4-10M whatsapp-txt wa_10m # session 4: one 10M-message file (bench/run_ingest_scale.sh's method)
gnuplot <<GP
set terminal pngcairo size 1400,700 font "DejaVu Sans,10" noenhanced
set output "$png"
set multiplot layout 1,2 title "casegraph ingest: CPU time (user+sys) and peak RSS against size, before and after the sub-journal fix"
set logscale xy
set xrange [7000:14000000]
set xtics ("10k" 10000, "30k" 30000, "100k" 100000, "300k" 300000, "1M" 1000000, "10M" 10000000)
set xlabel "events (demo: whole case, 6 files; formats: one file)"
set grid
set key top left font ",9"
set linetype 1 lc rgb "#e41a1c" lw 2
set linetype 2 lc rgb "#0072b2" lw 2
set linetype 3 lc rgb "#009e73" lw 2
set ylabel "CPU time, user + sys (s, log)"
plot "$tmp/demo_b" u 1:2 w lp lt 1 dt 2 pt 7 t "casegraph demo, before", \
     "$tmp/demo_a" u 1:2 w lp lt 1 pt 7 t "casegraph demo, after", \
     "$tmp/sms_b" u 1:2 w lp lt 2 dt 2 pt 5 t "android-sms, before", \
     "$tmp/sms_a" u 1:2 w lp lt 2 pt 5 t "android-sms, after", \
     "$tmp/wa_b" u 1:2 w lp lt 3 dt 2 pt 9 t "whatsapp-txt, before", \
     "$tmp/wa_a" u 1:2 w lp lt 3 pt 9 t "whatsapp-txt, after", \
     "$tmp/wa_10m" u 1:2 w p lt 3 pt 13 ps 2 t "whatsapp-txt, 10M (session 4)", \
     x * 6.5e-5 w l lc rgb "#999999" dt 3 t "linear (65 us per event)"
set ylabel "peak RSS (MiB, log)"
unset logscale y
set logscale y
plot "$tmp/demo_b" u 1:3 w lp lt 1 dt 2 pt 7 t "casegraph demo, before", \
     "$tmp/demo_a" u 1:3 w lp lt 1 pt 7 t "casegraph demo, after", \
     "$tmp/sms_b" u 1:3 w lp lt 2 dt 2 pt 5 t "android-sms, before", \
     "$tmp/sms_a" u 1:3 w lp lt 2 pt 5 t "android-sms, after", \
     "$tmp/wa_b" u 1:3 w lp lt 3 dt 2 pt 9 t "whatsapp-txt, before", \
     "$tmp/wa_a" u 1:3 w lp lt 3 pt 9 t "whatsapp-txt, after", \
     "$tmp/wa_10m" u 1:3 w p lt 3 pt 13 ps 2 t "whatsapp-txt, 10M (session 4)", \
     500 w l lc rgb "#999999" dt 3 t "target: 500 MB at 1M"
unset multiplot
GP
