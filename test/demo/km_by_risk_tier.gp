# Kaplan-Meier recovery curves by risk tier with 95 % log-log bands.
# Called by test/demo.sh: gnuplot -e "dir='...'" test/demo/km_by_risk_tier.gp
# SPDX-License-Identifier: GPL-3.0-or-later
set terminal pngcairo size 900,560 font "DejaVu Sans,11" noenhanced
set output dir."/km_by_risk_tier.png"
set datafile separator ","
set title "Time to recovery by PFPS risk tier (synthetic clinic: the gradient is the simulator's assumption,\nrecovery median = 35 x RR^0.35 days, not a finding). Kaplan-Meier, share recovered = 1 - S(t), 95 % CI (log-log)\nrecovered: tests definition = all three provocation tests pain-free and small knee bend >= 30 deg"
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
plot dir."/km_low.csv"      using 1:($3*100):($4*100) with filledcurves lc rgb "#1b9e77" notitle, \
     ''                     using 1:($2*100) with lines lw 2.5 lc rgb "#1b9e77" title "low risk", \
     dir."/km_moderate.csv" using 1:($3*100):($4*100) with filledcurves lc rgb "#d95f02" notitle, \
     ''                     using 1:($2*100) with lines lw 2.5 lc rgb "#d95f02" title "moderate risk", \
     dir."/km_high.csv"     using 1:($3*100):($4*100) with filledcurves lc rgb "#7570b3" notitle, \
     ''                     using 1:($2*100) with lines lw 2.5 lc rgb "#7570b3" title "high risk"
