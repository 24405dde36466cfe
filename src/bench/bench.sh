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
# The monorepo case (-M N, e.g. -M 100000): a synthetic repository of N files
# (gen_synthetic.py --monorepo, kept in $PC_SYNTH_CACHE, default ~/.cache/protocompat-synth)
# with one committed and one staged change on top (gen_synthetic.py --history-step):
#   full check           protocompat git:HEAD~1 git:HEAD,  protocompat git:HEAD git:INDEX
#   incremental          the same with --no-cache, with an empty cache (cold), with the
#                        cache filled by one run (warm); SKIPPED while protocompat lacks them
#   buf, -R FILES        on a repository of FILES files (default 5,000; 0: none): ours on the
#                        git inputs and on the versions exported with git archive, buf on those
#                        and (HEAD~1 HEAD) on its own input .git#ref= (it has none for the index)
# each -r times (default 3; buf -m), with the same checks: stable output, incremental equal
# to full, ours equal to buf's.
#
# usage: src/bench/bench.sh [-p PROTOCOMPAT] [-b BUF] [-n RUNS] [-m BUF_RUNS] [-B]
#                           [-M FILES [-r RUNS] [-R FILES] [-S "SEED SEED"]] [-G] [OLD NEW]
#        -p default build/protocompat (build it first: cmake -S . -B build
#           -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2); -B skips buf;
#        -G skips googleapis (and the two-file check); -S the history-step seeds of the
#           committed and the staged change (default "8 2": a field deleted; a message
#           that shadows a team type, which changes the types of fields in other files).
# Exit status 0 when every run finished and our findings were stable, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pc=$repo/build/protocompat
buf=${BUF:-/work/tools/node_modules/.bin/buf}
runs=5
bruns=3
skipbuf=0
gapi=1
mono=
mruns=3
bufsize=5000
seed_commit=8
seed_staged=2
while getopts p:b:n:m:BM:r:R:GS: opt; do
	case $opt in
	M) mono=$OPTARG ;;
	r) mruns=$OPTARG ;;
	R) bufsize=$OPTARG ;;
	G) gapi=0 ;;
	S) read -r seed_commit seed_staged <<<"$OPTARG" ;;
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
rm -rf "${work:?}"/*
synth=${PC_SYNTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/protocompat-synth}
case $synth in "$repo"/*) echo "cache $synth is inside the repository" >&2; exit 2 ;; esac

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

loadavg() { cut -d' ' -f1 /proc/loadavg; }
nfiles() { find -L "$1" -name '*.proto' | wc -l; }
mbytes() { find -L "$1" -name '*.proto' -print0 | xargs -0 cat | wc -c | awk '{printf "%.1f", $1 / 1e6}'; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# measure NAME RUNS DIR CMD...: runs CMD in DIR RUNS times; per run one line
# "wall user sys rss_kb load exit" in $work/NAME.runs, stdout in $work/NAME.N.out;
# $fresh_cache, when set, is removed before each run
measure() {
	local name=$1 n=$2 dir=$3 i la
	shift 3
	for ((i = 1; i <= n; i++)); do
		[ -n "${fresh_cache:-}" ] && rm -rf "$fresh_cache"
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
sep() { echo "-- $*" >&2; }
# row NAME LABEL: one line of a table, ratios to $ref_w and $ref_m, labels $lw wide
row() {
	local name=$1 label=$2 w u s m lmin lmax
	[ -f "$work/$name.runs" ] || return 0
	w=$(col "$name" 1) u=$(col "$name" 2) s=$(col "$name" 3) m=$(col "$name" 4)
	lmin=$(awk '{print $5}' "$work/$name.runs" | sort -g | head -1)
	lmax=$(awk '{print $5}' "$work/$name.runs" | sort -g | tail -1)
	printf '%-*s %5d %9.2f %9.2f %9.2f %10.0f %11s %10.1fx %10.1fx\n' "${lw:-26}" "$label" \
		"$(wc -l <"$work/$name.runs")" "$w" "$u" "$s" "$(echo "$m" | awk '{print $1 / 1024}')" \
		"$lmin-$lmax" "$(echo "$w $ref_w" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" \
		"$(echo "$m $ref_m" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')"
}
same() { # NAME...: are all the outputs of these runs byte-identical?
	local sums
	sums=$(for n in "$@"; do for f in "$work/$n".*.out; do [ -f "$f" ] && sha256sum <"$f"; done; done | sort -u | wc -l)
	[ "$sums" = 1 ]
}
nf() { wc -l <"$work/$1.1.out" | tr -d ' '; }
status=0

googleapis_case() {
	if ! prepare "$old" || ! prepare "$new"; then echo "cannot prepare $old and $new" >&2; exit 2; fi
	echo "google-proto-files $old: $(nfiles "$cache/tree/$old") files, $(mbytes "$cache/tree/$old") MB;" \
		"$new: $(nfiles "$cache/tree/$new") files, $(mbytes "$cache/tree/$new") MB"

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
}

# The monorepo case (-M N): a repository of N files from gen_synthetic.py --monorepo
# (generated once into $synth and reused while the generator is unchanged), reset to its
# generated state, then one change committed on top (--history-step, seed $seed_commit)
# and one only staged (seed $seed_staged): `git:HEAD~1 git:HEAD` is what CI checks on a
# push, `git:HEAD git:INDEX` what the pre-commit hook checks.
mono_prepare() { # N: the repository's path on stdout, after the two steps
	local n=$1 d=$synth/mono-$1 stamp
	stamp=$(sha256sum "$here/gen_synthetic.py" | cut -c1-16)
	if [ "$(cat "$d/.git/bench-stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$d"
		echo "generating a $n-file monorepo in $d" >&2
		/usr/bin/time -f '%e s wall, %U s user, %M KB' -o "$work/gen-$n.time" \
			python3 "$here/gen_synthetic.py" "$d" --monorepo "$n" --no-checkout >"$work/gen-$n.json" || return 1
		git -C "$d" tag base && echo "$stamp" >"$d/.git/bench-stamp" || return 1
		echo "generated in $(cat "$work/gen-$n.time")" >&2
	fi
	git -C "$d" reset -q --soft base && git -C "$d" read-tree --reset base || return 1
	git -C "$d" ls-files -z | git -C "$d" update-index -z --skip-worktree --stdin || return 1
	python3 "$here/gen_synthetic.py" "$d" --history-step "$seed_commit" >"$work/step-$n-commit.json" || return 1
	python3 "$here/gen_synthetic.py" "$d" --history-step "$seed_staged" --staged >"$work/step-$n-staged.json" || return 1
	echo "$d"
}
mono_describe() { # N DIR
	local n=$1 d=$2 mb
	mb=$(git -C "$d" ls-files -s -z | tr '\0' '\n' | awk '{print $2}' | git -C "$d" cat-file --batch-check='%(objectsize)' |
		awk '{s += $1} END {printf "%.1f", s / 1e6}')
	echo "monorepo of $n files ($mb MB in the index; gen_synthetic.py --monorepo $n, $d)"
	echo "  committed step: $(cat "$work/step-$n-commit.json")"
	echo "  staged step:    $(cat "$work/step-$n-staged.json")"
}
# findings_equal A STRIP_A B STRIP_B LABEL: are two JSON finding lists the same (path with its
# first STRIP components dropped, line, column, rule)?
findings_equal() {
	python3 - "$@" <<'PYEOF'
import collections, json, sys
def keys(p, strip):
    c = collections.Counter()
    for line in open(p):
        j = json.loads(line)
        path = "/".join(j.get("path", "").split("/")[strip:])
        c[(path, j.get("start_line", 0), j.get("start_column", 0), j.get("type", ""))] += 1
    return c
a, b = keys(sys.argv[1], int(sys.argv[2])), keys(sys.argv[3], int(sys.argv[4]))
print("%s %s: %d and %d findings, only in the first %d, only in the second %d (path, line, column, rule)"
      % ("ok  " if a == b else "DIFF", sys.argv[5], sum(a.values()), sum(b.values()), sum((a - b).values()), sum((b - a).values())))
sys.exit(0 if a == b else 1)
PYEOF
}
mono_check_exits() { # NAME... : each run exited 0 or 1 (ours) / 0 or 100 (buf)
	local name okx bad
	for name in "$@"; do
		[ -f "$work/$name.runs" ] || continue
		case $name in buf-*) okx=100 ;; *) okx=1 ;; esac
		bad=$(awk -v k="$okx" '$6 != 0 && $6 != k' "$work/$name.runs" | wc -l)
		[ "$bad" -gt 0 ] && { echo "FAIL $name: $bad run(s) exited with a status other than 0 or $okx (see $work/$name.1.err)"; status=1; }
	done
}

mono_head() { # REF: the header of a monorepo table whose ratios are to REF
	printf '%-38s %5s %9s %9s %9s %10s %11s %11s %11s\n' case runs wall_s user_s sys_s peak_RSS_MB load "wall/$1" "RSS/$1"
}
mono_ref() { # NAME: the ratios of the following rows are to NAME's medians; sets $label from $pair
	ref_w=$(col "$1" 1) ref_m=$(col "$1" 4)
	case $pair in commit) label="HEAD~1 HEAD" ;; staged) label="HEAD INDEX" ;; esac
}

monorepo_case() {
	local d pair nocache full inc names=() label help
	d=$(mono_prepare "$mono") || { echo "cannot prepare the $mono-file monorepo" >&2; exit 2; }
	mono_describe "$mono" "$d"
	# The incremental check (issue 13, branch inc) adds --no-cache and a switch that forces
	# a full check; until protocompat has them, its rows say SKIPPED. PC_FULL_FLAG and
	# PC_NOCACHE_FLAG name them if the help text does not match.
	help=$("$pc" --help 2>&1)
	nocache=${PC_NOCACHE_FLAG:-$(grep -o -e '--no-cache\b' <<<"$help" | head -1)}
	full=${PC_FULL_FLAG:-$(grep -o -E -e '--(full|no-incremental)\b' <<<"$help" | head -1)}
	inc=0
	[ -n "$nocache" ] && inc=1
	if [ $inc = 1 ] && [ -z "$full" ]; then
		echo "note: no switch for a full check found in --help (set PC_FULL_FLAG): the full rows run the default"
	fi
	for pair in commit staged; do
		case $pair in commit) set -- git:HEAD~1 git:HEAD ;; staged) set -- git:HEAD git:INDEX ;; esac
		sep "protocompat, full check, $1 $2 ($mruns runs)"
		measure "pc-mono-$pair" "$mruns" "$d" "$pc" ${full:+"$full"} --format json "$1" "$2"
		names+=("pc-mono-$pair")
		if [ $inc = 1 ]; then
			sep "protocompat, incremental, $nocache, $1 $2 ($mruns runs)"
			measure "pc-inc-$pair-nocache" "$mruns" "$d" "$pc" "$nocache" --format json "$1" "$2"
			sep "protocompat, incremental, cold cache (an empty XDG_CACHE_HOME each run), $1 $2 ($mruns runs)"
			fresh_cache=$work/cache-cold
			measure "pc-inc-$pair-cold" "$mruns" "$d" env XDG_CACHE_HOME="$fresh_cache" "$pc" --format json "$1" "$2"
			fresh_cache=
			sep "protocompat, incremental, warm cache (filled by one untimed run), $1 $2 ($mruns runs)"
			rm -rf "$work/cache-warm"
			(cd "$d" && XDG_CACHE_HOME=$work/cache-warm "$pc" --format json "$1" "$2" >/dev/null 2>&1)
			measure "pc-inc-$pair-warm" "$mruns" "$d" env XDG_CACHE_HOME="$work/cache-warm" "$pc" --format json "$1" "$2"
			names+=("pc-inc-$pair-nocache" "pc-inc-$pair-cold" "pc-inc-$pair-warm")
		fi
	done

	# buf on a smaller repository of the same shape ($bufsize files): it cannot take
	# git:INDEX, and its .git#ref= input clones the repository, so each version is
	# exported with git archive and both tools compare the directories.
	local rd ex
	if [ $skipbuf = 0 ] && [ "$bufsize" != 0 ]; then
		rd=$(mono_prepare "$bufsize") || { echo "cannot prepare the $bufsize-file monorepo" >&2; exit 2; }
		mono_describe "$bufsize" "$rd"
		ex=$work/mono-$bufsize
		rm -rf "$ex" && mkdir -p "$ex/head1" "$ex/head" "$ex/index" || exit 2
		git -C "$rd" archive HEAD~1 | tar -x -C "$ex/head1" && git -C "$rd" archive HEAD | tar -x -C "$ex/head" &&
			git -C "$rd" archive "$(git -C "$rd" write-tree)" | tar -x -C "$ex/index" || exit 2
		for pair in commit staged; do
			case $pair in commit) set -- head1 head ;; staged) set -- head index ;; esac
			sep "$bufsize files, $pair: protocompat on git inputs, on the exported directories, buf 1.75 ($mruns, $mruns, $bruns runs)"
			case $pair in
			commit) measure "pc-ref-$pair" "$mruns" "$rd" "$pc" ${full:+"$full"} --format json git:HEAD~1 git:HEAD ;;
			staged) measure "pc-ref-$pair" "$mruns" "$rd" "$pc" ${full:+"$full"} --format json git:HEAD git:INDEX ;;
			esac
			measure "pc-ref-$pair-dirs" "$mruns" "$ex" "$pc" ${full:+"$full"} --format json "$1" "$2"
			# shellcheck disable=SC2086 # $buf may be "npx ... buf"
			measure "buf-ref-$pair" "$bruns" "$ex" $buf breaking "$2" --against "$1" --error-format json
			if [ $pair = commit ]; then # buf's own git input (it clones the repository)
				# shellcheck disable=SC2086
				measure buf-ref-commit-git "$bruns" "$rd" $buf breaking '.git#ref=HEAD' --against '.git#ref=HEAD~1' --error-format json
			fi
		done
	fi

	echo
	lw=38
	echo "== monorepo, $mono files, medians (load = 1-minute load average before each run, min-max)"
	mono_head full
	for pair in commit staged; do
		mono_ref "pc-mono-$pair"
		row "pc-mono-$pair" "full check, $label"
		if [ $inc = 1 ]; then
			row "pc-inc-$pair-nocache" "incremental $nocache, $label"
			row "pc-inc-$pair-cold" "incremental cold cache, $label"
			row "pc-inc-$pair-warm" "incremental warm cache, $label"
		else
			printf '%-38s SKIPPED (protocompat --help has no --no-cache yet)\n' "incremental, $label"
		fi
	done
	if [ -f "$work/buf-ref-commit.runs" ]; then
		echo
		echo "== monorepo, $bufsize files (buf 1.75 against the same inputs), medians"
		mono_head ours
		for pair in commit staged; do
			mono_ref "pc-ref-$pair"
			row "pc-ref-$pair" "protocompat git:, $label"
			row "pc-ref-$pair-dirs" "protocompat dirs, $label"
			row "buf-ref-$pair" "buf 1.75 dirs, $label"
			[ $pair = commit ] && row buf-ref-commit-git "buf 1.75 .git#ref=, $label"
		done
		names+=(pc-ref-commit pc-ref-commit-dirs buf-ref-commit buf-ref-commit-git pc-ref-staged pc-ref-staged-dirs buf-ref-staged)
	fi

	echo
	echo "== monorepo checks"
	mono_check_exits "${names[@]}"
	local n
	for n in "${names[@]}"; do
		case $n in buf-*) continue ;; esac
		if same "$n"; then echo "ok   $n: $(nf "$n") findings, byte-identical in all runs"
		else echo "FAIL $n: findings differ between runs"; status=1; fi
	done
	if [ $inc = 1 ]; then
		for pair in commit staged; do
			for n in nocache cold warm; do
				if same "pc-mono-$pair" "pc-inc-$pair-$n"; then echo "ok   incremental $n = full check, $pair"
				else echo "FAIL incremental $n differs from the full check, $pair"; status=1; fi
			done
		done
	fi
	if [ -f "$work/buf-ref-commit.runs" ]; then
		for pair in commit staged; do
			findings_equal "$work/pc-ref-$pair.1.out" 0 "$work/pc-ref-$pair-dirs.1.out" 1 "protocompat git: and dirs, $pair" || status=1
			findings_equal "$work/buf-ref-$pair.1.out" 1 "$work/pc-ref-$pair-dirs.1.out" 1 "buf and protocompat, $pair" || status=1
		done
		findings_equal "$work/buf-ref-commit-git.1.out" 0 "$work/pc-ref-commit.1.out" 0 "buf .git#ref= and protocompat git:, commit" || status=1
	fi
}

echo "protocompat $("$pc" --version 2>/dev/null | head -1) at $pc"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
[ $gapi = 1 ] && googleapis_case
[ -n "$mono" ] && monorepo_case
echo "raw runs and outputs in $work"
exit $status
