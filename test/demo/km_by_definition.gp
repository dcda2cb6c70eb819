# Kaplan-Meier curves of the three recovery definitions over every episode
# (cohort_recovery_curve, dimension risk_tier, total rows, across the
# clinics): tests (readiness surrogate), groc (first global rating of change
# 1-2, Collins 2013) and return_to_run (first run of the usual pre-injury
# distance pain-free, practitioner guidance; episodes with usual_run_km).
# Called by test/demo.sh: gnuplot -e "dir='...'" test/demo/km_by_definition.gp
# SPDX-License-Identifier: GPL-3.0-or-later
set terminal pngcairo size 900,560 font "DejaVu Sans,11" noenhanced
set output dir."/km_by_definition.png"
set datafile separator ","
set title "Three recovery definitions, every episode (synthetic clinic: the curves follow from the simulator's\nassumptions - recovery median = 35 x RR^0.35 days, GROC at weeks 6 and 12 - not findings)\nKaplan-Meier, share recovered = 1 - S(t), shaded: 95 % CI (log-log)"
set xlabel "days since first visit"
set ylabel "recovered (%)"
set yrange [0:100]
set xrange [0:182]
set xtics 14
set ytics 10
set grid
set key left top box opaque
set arrow from 42,0 to 42,100 nohead dt 2 lc rgb "gray40"
set arrow from 84,0 to 84,100 nohead dt 2 lc rgb "gray40"
set label "6 wk" at 43,3 tc rgb "gray30"
set label "12 wk" at 85,3 tc rgb "gray30"
set style fill transparent solid 0.18 noborder
plot dir."/km_def_tests.csv"         using 1:($3*100):($4*100) with filledcurves lc rgb "#1b9e77" notitle, \
     ''                              using 1:($2*100) with lines lw 2.5 lc rgb "#1b9e77" title "tests (3 tests pain-free, bend at target)", \
     dir."/km_def_groc.csv"          using 1:($3*100):($4*100) with filledcurves lc rgb "#d95f02" notitle, \
     ''                              using 1:($2*100) with lines lw 2.5 lc rgb "#d95f02" title "groc (global rating 1-2)", \
     dir."/km_def_return_to_run.csv" using 1:($3*100):($4*100) with filledcurves lc rgb "#7570b3" notitle, \
     ''                              using 1:($2*100) with lines lw 2.5 lc rgb "#7570b3" title "return_to_run (usual distance, pain-free)"
