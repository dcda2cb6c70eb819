# One runner: run distance vs pain during the run, coloured by week, with
# the least-squares lines of the first and last two-week blocks and their
# pain-free capacity (where the line reaches the pain-free NRS).
# Called by test/demo.sh: gnuplot -e "dir='...'; <vars from gp_vars.txt>" test/demo/load_vs_pain.gp
# SPDX-License-Identifier: GPL-3.0-or-later
set terminal pngcairo size 900,560 font "DejaVu Sans,11"
set output dir."/load_vs_pain.png"
set datafile separator ","
set title sprintf("Runner %s: pain during runs vs distance (synthetic clinic)\npain-free capacity grew from %.1f km (weeks %d-%d) to %.1f km (weeks %d-%d)", \
                  runner, c1, w1, w1 + 1, c2, w2, w2 + 1)
set xlabel "run distance (km)"
set ylabel "pain during the run (NRS 0-10)"
set yrange [-0.5:10]
set xrange [0:*]
set grid
set key right top box opaque
set cblabel "week of rehabilitation"
set palette defined (0 "#440154", 1 "#31688e", 2 "#35b779", 3 "#fde725")
set jitter spread 0.35
f1(x) = a1 + b1 * x
f2(x) = a2 + b2 * x
set arrow from c1, graph 0 to c1, graph 1 nohead dt 2 lw 1.5 lc rgb "#b2182b"
set arrow from c2, graph 0 to c2, graph 1 nohead dt 2 lw 1.5 lc rgb "#2166ac"
plot dir."/runner_runs.csv" using 1:2:3 with points pt 7 ps 1.1 lc palette title "runs (colour = week)", \
     (x >= 0 ? f1(x) : 1/0) with lines lw 2.5 lc rgb "#b2182b" title sprintf("fit weeks %d-%d; pain-free capacity %.1f km (dashed)", w1, w1 + 1, c1), \
     (x >= 0 ? f2(x) : 1/0) with lines lw 2.5 lc rgb "#2166ac" title sprintf("fit weeks %d-%d; pain-free capacity %.1f km (dashed)", w2, w2 + 1, c2)
