#!/usr/bin/env bash
# Growth benchmark: how protocompat's cost grows with schema size, and buf's where it fits.
# src/bench/gen_synthetic.py writes googleapis-sized synthetic corpora (OLD and NEW, NEW
# with a known fraction of breaking mutations) at 1x, 2x, 5x and 10x, and the three
# pathological shapes of issue 5 (a message with 10,000 fields, a file with 5,000
# messages, a package with 2,000 files) and three of ours (a file setting 20,000 custom
# options; 20,000-long reserved and extension-range lists; a file importing 10,000). For each:
#     protocompat --format json old new   (-n runs, default 3; median wall, user, peak RSS)
#     buf breaking new --against old --error-format json   (1 run)
# buf is skipped where the previous size, scaled linearly, predicts more than 300 s or
# more than 12 GB (half this machine's memory). Every run's findings must equal the
# generator's expected count and be byte-identical across runs; where buf ran, our
# findings must equal buf's (path, line, column, rule). The table gives time and RSS per
# MB of input, which must stay flat if cost grows linearly; cpu_ms/MB (user + system
# time per MB) is the one to compare on a loaded machine, where wall time is the load's.
# With -g PNG it plots wall time against size (src/bench/growth.gp, gnuplot). A size monoN
# (mono10k, mono100k) is a gen_synthetic.py --monorepo repository of N files, checked as
# git:HEAD~1 git:HEAD (its last commit evolves 0.6% of the files; MB is one commit's
# .proto bytes). The corpora go to
# $PC_SYNTH_CACHE (default ~/.cache/protocompat-synth) and are deleted after use unless -k;
# the plot data, $PC_SYNTH_CACHE/growth.dat, has one line per scale, replaced on a rerun.
#
# usage: src/bench/growth.sh [-p PROTOCOMPAT] [-b BUF] [-n RUNS] [-B] [-k] [-g PNG] [SIZE...]
#        SIZE is a scale factor, fields|messages|files|options|lists|imports, or monoN (N files,
#        e.g. mono10k); default: 1 2 5 10 fields messages files options lists imports
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pc=$repo/build/protocompat
buf=${BUF:-/work/tools/node_modules/.bin/buf}
runs=3
skipbuf=0
keep=0
png=
while getopts p:b:n:Bkg: opt; do
	case $opt in
	p) pc=$OPTARG ;;
	b) buf=$OPTARG ;;
	n) runs=$OPTARG ;;
	B) skipbuf=1 ;;
	k) keep=1 ;;
	g) png=$OPTARG ;;
	*) sed -n '/^# usage/,/^#        e.g./p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1 2 5 10 fields messages files options lists imports)
case $pc in /*) ;; *) pc=$PWD/$pc ;; esac
case $png in '' | /*) ;; *) png=$PWD/$png ;; esac
[ -x "$pc" ] || { echo "no protocompat at $pc (build it, or pass -p)" >&2; exit 2; }
[ -x "$buf" ] || skipbuf=1
cache=${PC_SYNTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/protocompat-synth}
case $cache in "$repo"/*) echo "cache $cache is inside the repository" >&2; exit 2 ;; esac
mkdir -p "$cache" || exit 2
export NO_COLOR=1
loadavg() { cut -d' ' -f1 /proc/loadavg; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
dat=$cache/growth.dat
touch "$dat" # one line per scale; a rerun replaces its line (with -B keeping buf's numbers)
status=0
buf_max_mb=12288
buf_max_s=300
prev_buf= # "MB wall rss_kb" of the last size buf ran on
# the same for the monorepo sizes, denser in declarations than the scaled corpus: to start
# with, buf's cost on 1,000 files (bench.sh -M 2000 -R 1000, load 6.4: 4.7 MB, 28 s, 1,456 MB)
prev_mono="4.7 28 1490944"

# timed NAME CMD...: one run in $dir; sets w u m x la, output in $dir/NAME.out
timed() {
	local name=$1
	shift
	la=$(loadavg)
	(cd "$dir" && /usr/bin/time -f '%e %U %S %M %x' -o "$dir/$name.time" "$@" >"$dir/$name.out" 2>"$dir/$name.err")
	read -r w u sy m x < <(tail -1 "$dir/$name.time")
}

printf '%-9s %6s %7s %8s | %8s %7s %7s %8s %10s %10s %10s %11s | %8s %8s %s\n' size files MB expect \
	"wall_s" "user_s" "sys_s" "RSS_MB" "ms/MB" "cpu_ms/MB" "RSS/MB" "load" "buf_s" "buf_MB" "checks"
for size in "${sizes[@]}"; do
	dir=$cache/$size
	# ours compares old and new, or for a monorepo git:HEAD~1 git:HEAD (its last commit
	# evolves 0.6% of the files); buf's paths start with new/, ours with it or not (strip)
	sides=(old new) strip=1 expected=$dir/expected.json
	case $size in
	fields | messages | files | options | lists | imports) gen=(--shape "$size") ;;
	mono*)
		n=${size#mono}
		case $n in *k) n=$((${n%k} * 1000)) ;; esac
		gen=(--monorepo "$n" --no-checkout) sides=(git:HEAD~1 git:HEAD) strip=0 expected=$dir/.git/synth.json ;;
	*) gen=(--scale "$size") ;;
	esac
	python3 "$here/gen_synthetic.py" "$dir" "${gen[@]}" >/dev/null || { echo "generator failed for $size" >&2; exit 2; }
	read -r files bytes expect < <(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); print(e["files"], e["bytes"], e.get("head1_head", e)["findings"])' "$expected")
	mb=$(echo "$bytes" | awk '{printf "%.1f", $1 / 1e6}')
	checks=
	: >"$dir/pc.runs"
	for ((i = 1; i <= runs; i++)); do
		timed "pc$i" "$pc" --format json "${sides[@]}"
		echo "$w $u $m $la $x $sy" >>"$dir/pc.runs"
		[ "$x" = 1 ] || checks="$checks exit$x"
		got=$(wc -l <"$dir/pc$i.out")
		[ "$got" = "$expect" ] || checks="$checks ours=$got"
		cmp -s "$dir/pc1.out" "$dir/pc$i.out" || checks="$checks run$i-differs"
	done
	pw=$(awk '{print $1}' "$dir/pc.runs" | median)
	pu=$(awk '{print $2}' "$dir/pc.runs" | median)
	pm=$(awk '{print $3}' "$dir/pc.runs" | median)
	ps=$(awk '{print $6}' "$dir/pc.runs" | median)
	pc_cpu=$(awk '{print $2 + $6}' "$dir/pc.runs" | median) # user + system: what the load does not add
	loads=$(awk '{print $4}' "$dir/pc.runs" | sort -g | sed -n '1p;$p' | paste -sd-)
	bw=- bm=-
	if [ $skipbuf = 0 ]; then
		run=1
		prev=$prev_buf
		case $size in mono*) prev=$prev_mono ;; esac
		if [ -n "$prev" ]; then
			read -r pmb pws pkb <<<"$prev"
			guess=$(echo "$mb $pmb $pws $pkb" | awk '{f = $1 / $2; printf "%.0f %.0f", $3 * f, $4 * f / 1024}')
			read -r gs gm <<<"$guess"
			if [ "$gs" -gt $buf_max_s ] || [ "$gm" -gt $buf_max_mb ]; then
				run=0
				bw="skip(~${gs}s)" bm="~$gm"
			fi
		fi
		if [ $run = 1 ]; then
			case $size in mono*) # buf reads directories: the two commits, exported
				mkdir -p "$dir/old" "$dir/new" && git -C "$dir" archive HEAD~1 | tar -x -C "$dir/old" &&
					git -C "$dir" archive HEAD | tar -x -C "$dir/new" || exit 2 ;;
			esac
			timed buf "$buf" breaking new --against old --error-format json
			bw=$w bm=$((m / 1024))
			[ "$x" = 100 ] || [ "$expect" = 0 ] || checks="$checks buf-exit$x"
			case $size in
			fields | messages | files | options | lists | imports) ;;
			mono*) prev_mono="$mb $w $m" ;;
			*) prev_buf="$mb $w $m" ;;
			esac
			python3 - "$dir/buf.out" "$dir/pc1.out" "$strip" <<'PYEOF' || checks="$checks buf-differs"
import collections, json, sys
def keys(p, strip):
    return collections.Counter(("/".join(j["path"].split("/")[strip:]), j["start_line"], j["start_column"], j["type"])
                               for j in map(json.loads, open(p)))
sys.exit(0 if keys(sys.argv[1], 1) == keys(sys.argv[2], int(sys.argv[3])) else 1)
PYEOF
			[ -z "$checks" ] && checks=" =buf"
		fi
	fi
	if [ -z "${checks// =buf/}" ]; then verdict="ok$checks"; else verdict="FAIL$checks"; status=1; fi
	printf '%-9s %6d %7s %8d | %8.2f %7.2f %7.2f %8d %10.1f %10.1f %10.1f %11s | %8s %8s %s\n' "$size" "$files" "$mb" \
		"$expect" "$pw" "$pu" "$ps" "$((pm / 1024))" "$(echo "$pw $mb" | awk '{print 1000 * $1 / $2}')" \
		"$(echo "$pc_cpu $mb" | awk '{print 1000 * $1 / $2}')" "$(echo "$pm $mb" | awk '{print $1 / 1024 / $2}')" \
		"$loads" "$bw" "$bm" "$verdict"
	case $size in fields | messages | files | options | lists | imports | mono*) ;; *)
		case $bw in [0-9]*) bd="$bw $bm" ;; *) bd="NaN NaN" ;; esac
		if [ $skipbuf = 1 ]; then
			bd=$(awk -v s="$size" '$1 == s {print $5, $6}' "$dat")
			[ -n "$bd" ] || bd="NaN NaN"
		fi
		{ awk -v s="$size" '$1 != s' "$dat"; echo "$size $mb $pw $((pm / 1024)) $bd"; } | sort -g >"$dat.new"
		mv "$dat.new" "$dat" ;;
	esac
	[ $keep = 1 ] || rm -rf "$dir"
done
echo "(data for the plot: $dat: size MB ours_wall ours_RSS_MB buf_wall buf_RSS_MB)"
if [ -n "$png" ]; then
	if command -v gnuplot >/dev/null; then
		gnuplot -e "datafile='$dat'; outfile='$png'" "$here/growth.gp" && echo "plot written to $png"
	else
		echo "gnuplot not installed (apt-get install gnuplot-nox): no plot" >&2
	fi
fi
exit $status
