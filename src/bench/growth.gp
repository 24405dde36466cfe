# Plot of src/bench/growth.sh's data: wall time and peak RSS against input size, for
# protocompat and buf. Call: gnuplot -e "datafile='D'; outfile='O.png'" growth.gp
# Columns of D: scale MB ours_wall_s ours_rss_MB buf_wall_s buf_rss_MB (NaN where buf
# was skipped).
set terminal pngcairo size 1100,460 font ",10"
set output outfile
set datafile missing "NaN"
set key top left
set grid
set multiplot layout 1,2 title "protocompat and buf 1.75 on synthetic schemas (1x = googleapis size), 2 cores"
set xlabel "input size, MB of .proto per version (OLD and NEW each)"
set ylabel "wall time, s"
set xrange [0:*]
set yrange [0:*]
plot datafile using 2:3 with linespoints lw 2 pt 7 title "protocompat", \
     datafile using 2:5 with linespoints lw 2 pt 5 title "buf 1.75 breaking"
set ylabel "peak RSS, MB"
plot datafile using 2:4 with linespoints lw 2 pt 7 title "protocompat", \
     datafile using 2:6 with linespoints lw 2 pt 5 title "buf 1.75 breaking"
unset multiplot
