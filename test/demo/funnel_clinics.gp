# Funnel plot of the clinics: observed / expected recovered by 12 weeks
# (clinic_benchmark, indirectly standardised on the risk tier) against the
# expected count, with the 95 % and 99.8 % limits around 1 (funnel_limits:
# exact Poisson, Spiegelhalter 2005 Stat Med 24:1185).
# Called by test/demo.sh: gnuplot -e "dir='...'" test/demo/funnel_clinics.gp
# SPDX-License-Identifier: GPL-3.0-or-later
set terminal pngcairo size 900,560 font "DejaVu Sans,11"
set output dir."/funnel_clinics.png"
set datafile separator ","
set title "Recovered by 12 weeks, observed / expected, per clinic (synthetic clinics: the simulator's assumptions)\nexpected = clinic's episodes per risk tier x network's Kaplan-Meier recovered by 84 days in that tier\nlimits: exact Poisson (Spiegelhalter 2005), 95 % and 99.8 %; recovered = tests definition"
set xlabel "expected recoveries by 12 weeks (E)"
set ylabel "observed / expected"
set grid
set autoscale y
set xrange [0:*]
set key right top box opaque
plot dir."/funnel_limits.csv" using 1:5 with lines lw 1.5 dt 2 lc rgb "#d95f02" title "99.8 % limits", \
     ''                       using 1:4 with lines lw 1.5 dt 2 lc rgb "#d95f02" notitle, \
     ''                       using 1:3 with lines lw 1.5 lc rgb "#1b9e77" title "95 % limits", \
     ''                       using 1:2 with lines lw 1.5 lc rgb "#1b9e77" notitle, \
     ''                       using 1:(1) with lines lw 1 lc rgb "gray40" title "O/E = 1 (network)", \
     dir."/funnel_clinics.csv" using 1:2 with points pt 7 ps 1.6 lc rgb "#7570b3" title "clinic", \
     ''                       using ($4 > 0 ? $1 : NaN):2:3 with labels left offset 1.2,0 font ",9" notitle, \
     ''                       using ($4 < 0 ? $1 : NaN):2:3 with labels right offset -1.2,0 font ",9" notitle
