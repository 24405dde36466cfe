#!/usr/bin/env bash
# Side-by-side benchmark on real schemas: two releases of the npm package
# google-proto-files (googleapis and grafeas, default 4.0.0 -> 6.0.1, google/protobuf/
# left out because every tool has it built in), measured in one run:
#   protocompat FILE     protocompat OLD/FILE NEW/FILE   (module roots whose buf.yaml uses FILE)
#   protocompat default  protocompat OLD NEW             (plain trees, no buf.yaml)
#   buf FILE             buf breaking NEW/FILE --against OLD/FILE
#   protoc parse         protoc -I NEW -o /dev/null  (every file of NEW, one call)
# Each is run several times (-n, default 5, for protocompat; -m, default 3, for buf and
# protoc) under /usr/bin/time; the table gives the median wall, user and system time and
# peak RSS, the 1-minute load average before each run, and the ratios to protocompat.
# It then checks that our findings are byte-identical across all runs, and again with
# the process pinned to one CPU (taskset -c 0): protocompat has no switch to turn its
# threads off, so pinning is the closest we get, and it reorders the threads' work.
# Last, it compares our findings with buf's (keyed by path, line, column and rule) and
# times a two-file check (testdata/breaking/FIELD_NO_DELETE), averaged over 200 runs.
#
# The corpus goes into the cache of testdata/buf_compare.sh (same layout, shared):
# $PC_COMPARE_CACHE, default ~/.cache/protocompat-compare, outside the repository.
#
# usage: src/bench/bench.sh [-p PROTOCOMPAT] [-b BUF] [-n RUNS] [-m BUF_RUNS] [-B] [OLD NEW]
#        -p default build/protocompat (build it first: cmake -S . -B build
#           -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2); -B skips buf.
# Exit status 0 when every run finished and our findings were stable, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pc=$repo/build/protocompat
buf=${BUF:-/work/tools/node_modules/.bin/buf}
runs=5
bruns=3
skipbuf=0
while getopts p:b:n:m:B opt; do
	case $opt in
	p) pc=$OPTARG ;;
	b) buf=$OPTARG ;;
	n) runs=$OPTARG ;;
	m) bruns=$OPTARG ;;
	B) skipbuf=1 ;;
	*) sed -n '/^# usage/,/^# Exit/p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
old=${1:-4.0.0}
new=${2:-6.0.1}
case $pc in /*) ;; *) pc=$PWD/$pc ;; esac
[ -x "$pc" ] || { echo "no protocompat at $pc (build it, or pass -p)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ $skipbuf = 0 ] && [ ! -x "$buf" ]; then
	if command -v npx >/dev/null; then buf="npx --yes @bufbuild/buf@1.75.0"; else skipbuf=1; fi
fi
cache=${PC_COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/protocompat-compare}
case $cache in "$repo"/*)
	echo "cache $cache is inside the repository; set PC_COMPARE_CACHE elsewhere" >&2; exit 2 ;;
esac
export NO_COLOR=1
cats=(FILE PACKAGE WIRE_JSON WIRE)
mkdir -p "$cache/mod" "$cache/bench" || exit 2
work=$cache/bench
rm -f "$work"/*

prepare() { # VERSION: the same layout as testdata/buf_compare.sh, built once
	local v=$1 c d
	[ -f "$cache/mod/$v/.done" ] && return 0
	echo "preparing google-proto-files $v in $cache" >&2
	if [ ! -f "$cache/google-proto-files-$v.tgz" ]; then
		(cd "$cache" && npm pack --silent "google-proto-files@$v" >/dev/null) || return 1
	fi
	rm -rf "$cache/src/$v" "$cache/tree/$v" "$cache/mod/$v"
	mkdir -p "$cache/src/$v" "$cache/tree/$v" || return 1
	tar -xzf "$cache/google-proto-files-$v.tgz" -C "$cache/src/$v" || return 1
	cp -r "$cache/src/$v/package/google" "$cache/tree/$v/" || return 1
	if [ -d "$cache/src/$v/package/grafeas" ]; then
		cp -r "$cache/src/$v/package/grafeas" "$cache/tree/$v/" || return 1
	fi
	rm -rf "$cache/tree/$v/google/protobuf"
	find "$cache/tree/$v" -type f ! -name '*.proto' -delete
	for c in "${cats[@]}"; do
		mkdir -p "$cache/mod/$v/$c" || return 1
		printf 'version: v2\nbreaking:\n  use:\n    - %s\n' "$c" >"$cache/mod/$v/$c/buf.yaml"
		for d in "$cache/tree/$v"/*; do ln -s "$d" "$cache/mod/$v/$c/"; done
	done
	touch "$cache/mod/$v/.done"
}

if ! prepare "$old" || ! prepare "$new"; then echo "cannot prepare $old and $new" >&2; exit 2; fi
nfiles() { find -L "$1" -name '*.proto' | wc -l; }
mbytes() { find -L "$1" -name '*.proto' -print0 | xargs -0 cat | wc -c | awk '{printf "%.1f", $1 / 1e6}'; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "protocompat $("$pc" --version 2>/dev/null | head -1) at $pc"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "google-proto-files $old: $(nfiles "$cache/tree/$old") files, $(mbytes "$cache/tree/$old") MB;" \
	"$new: $(nfiles "$cache/tree/$new") files, $(mbytes "$cache/tree/$new") MB"

# measure NAME RUNS DIR CMD...: runs CMD in DIR RUNS times; per run one line
# "wall user sys rss_kb load exit" in $work/NAME.runs, stdout in $work/NAME.N.out
measure() {
	local name=$1 n=$2 dir=$3 i la
	shift 3
	for ((i = 1; i <= n; i++)); do
		la=$(loadavg)
		(cd "$dir" && /usr/bin/time -f '%e %U %S %M %x' -o "$work/$name.$i.time" "$@" \
			>"$work/$name.$i.out" 2>"$work/$name.$i.err")
		read -r w u s m x <"$work/$name.$i.time" || true
		# /usr/bin/time writes "Command exited with non-zero status N" first on failure
		[ "$(wc -l <"$work/$name.$i.time")" -gt 1 ] && read -r w u s m x < <(tail -1 "$work/$name.$i.time")
		echo "$w $u $s $m $la $x" >>"$work/$name.runs"
		printf '  %-22s run %d: wall %6.2f s  user %6.2f s  RSS %7.0f MB  load %s  exit %s\n' \
			"$name" "$i" "$w" "$u" "$((m / 1024))" "$la" "$x" >&2
	done
}
col() { awk -v c="$2" '{print $c}' "$work/$1.runs" | median; }

status=0
sep() { echo "-- $*" >&2; }
sep "protocompat, buf.yaml with FILE ($runs runs)"
measure pc-file "$runs" "$cache/mod" "$pc" --format json "$old/FILE" "$new/FILE"
sep "protocompat, default rules, no buf.yaml ($runs runs)"
measure pc-default "$runs" "$cache/tree" "$pc" --format json "$old" "$new"
sep "protocompat, FILE, pinned to one CPU (taskset -c 0, 1 run)"
if command -v taskset >/dev/null; then
	measure pc-file-1cpu 1 "$cache/mod" taskset -c 0 "$pc" --format json "$old/FILE" "$new/FILE"
fi
if [ $skipbuf = 0 ]; then
	sep "buf 1.75, FILE ($bruns runs)"
	# shellcheck disable=SC2086 # $buf may be "npx ... buf"
	measure buf-file "$bruns" "$cache/mod" $buf breaking "$new/FILE" --against "$old/FILE" --error-format json
fi
sep "protoc, parse of $new ($bruns runs)"
(cd "$cache/tree/$new" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort) >"$work/protoc.list"
# shellcheck disable=SC2016 # $(cat "$1") expands in the inner shell
measure protoc "$bruns" "$cache/tree/$new" sh -c 'protoc -I. -o /dev/null $(cat "$1")' sh "$work/protoc.list"

echo
echo "== $old -> $new, medians (load = 1-minute load average before each run, min-max)"
printf '%-26s %5s %9s %9s %9s %10s %11s %11s %11s\n' tool runs wall_s user_s sys_s peak_RSS_MB load "wall/ours" "RSS/ours"
ref_w=$(col pc-file 1)
ref_m=$(col pc-file 4)
row() {
	local name=$1 label=$2 w u s m lmin lmax
	[ -f "$work/$name.runs" ] || return 0
	w=$(col "$name" 1) u=$(col "$name" 2) s=$(col "$name" 3) m=$(col "$name" 4)
	lmin=$(awk '{print $5}' "$work/$name.runs" | sort -g | head -1)
	lmax=$(awk '{print $5}' "$work/$name.runs" | sort -g | tail -1)
	printf '%-26s %5d %9.2f %9.2f %9.2f %10.0f %11s %10.1fx %10.1fx\n' "$label" \
		"$(wc -l <"$work/$name.runs")" "$w" "$u" "$s" "$(echo "$m" | awk '{print $1 / 1024}')" \
		"$lmin-$lmax" "$(echo "$w $ref_w" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" \
		"$(echo "$m $ref_m" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')"
}
row pc-file "protocompat (FILE)"
row pc-default "protocompat (default)"
row pc-file-1cpu "protocompat (FILE, 1 CPU)"
row buf-file "buf 1.75 breaking (FILE)"
row protoc "protoc parse ($new)"

echo
echo "== checks"
for name in pc-file pc-default pc-file-1cpu buf-file protoc; do
	[ -f "$work/$name.runs" ] || continue
	case $name in buf-*) okx=100 ;; protoc) okx=0 ;; *) okx=1 ;; esac # buf exits 100 on findings
	bad=$(awk -v k="$okx" '$6 != 0 && $6 != k' "$work/$name.runs" | wc -l)
	[ "$bad" -gt 0 ] && { echo "FAIL $name: $bad run(s) exited with a status other than 0 or $okx"; status=1; }
done
same() { # NAME...: are all the outputs of these runs byte-identical?
	local sums
	sums=$(for n in "$@"; do for f in "$work/$n".*.out; do [ -f "$f" ] && sha256sum <"$f"; done; done | sort -u | wc -l)
	[ "$sums" = 1 ]
}
nf() { wc -l <"$work/$1.1.out" | tr -d ' '; }
if same pc-file pc-file-1cpu; then
	echo "ok   protocompat FILE: $(nf pc-file) findings, byte-identical in all $runs runs and pinned to one CPU"
else
	echo "FAIL protocompat FILE: findings differ between runs"; status=1
fi
if same pc-default; then
	echo "ok   protocompat default: $(nf pc-default) findings, byte-identical in all $runs runs"
else
	echo "FAIL protocompat default: findings differ between runs"; status=1
fi
if [ -f "$work/buf-file.runs" ]; then
	python3 - "$work/buf-file.1.out" "$work/pc-file.1.out" <<'PYEOF' || status=1
import collections, json, sys
def keys(p):
    c = collections.Counter()
    for line in open(p):
        j = json.loads(line)
        path = "/".join(j.get("path", "").split("/")[2:])  # drop VERSION/FILE/
        c[(path, j.get("start_line", 0), j.get("start_column", 0), j.get("type", ""))] += 1
    return c
b, p = keys(sys.argv[1]), keys(sys.argv[2])
print("%s protocompat and buf FILE: buf %d findings, ours %d, only buf %d, only ours %d (path, line, column, rule)"
      % ("ok  " if b == p else "DIFF", sum(b.values()), sum(p.values()), sum((b - p).values()), sum((p - b).values())))
PYEOF
fi

# A two-file check: the per-invocation cost a pre-commit hook pays.
two=$repo/testdata/breaking/FIELD_NO_DELETE/fires
if [ -d "$two/old" ] && [ -d "$two/new" ]; then
	k=200
	la=$(loadavg)
	t0=$(date +%s%N)
	for ((i = 0; i < k; i++)); do "$pc" "$two/old" "$two/new" >/dev/null 2>&1; done
	t1=$(date +%s%N)
	echo "two-file check (testdata/breaking/FIELD_NO_DELETE/fires, $k runs, load $la):" \
		"$(echo "$t0 $t1 $k" | awk '{printf "%.2f ms", ($2 - $1) / 1e6 / $3}') per run, process start included"
fi
echo "raw runs and outputs in $work"
exit $status
