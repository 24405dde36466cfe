#!/usr/bin/env bash
# Compares protocompat with buf 1.75 on real schemas: two releases of the npm package
# google-proto-files (googleapis and grafeas), under each of buf's categories FILE,
# PACKAGE, WIRE_JSON and WIRE.
#
# The packages are fetched with `npm pack` into a cache directory outside the repository
# (never commit the corpus): $PC_COMPARE_CACHE, default ~/.cache/protocompat-compare.
# Each version becomes a tree of google/ (without google/protobuf/, which both tools
# have built in) and grafeas/, and one module root per category holding a buf.yaml
# (`version: v2`, `breaking: use: [CATEGORY]`) and symbolic links to that tree. Then,
# from the cache's mod/ directory:
#     buf breaking NEW/CAT --against OLD/CAT --error-format json
#     protocompat --format json OLD/CAT NEW/CAT
# Findings are keyed by (path inside the module, start line, start column, rule); the
# report gives per pair and category buf's count, ours, the intersection, samples of
# each difference, exit statuses and wall times. Exit status 0 when every set is
# equal, 1 otherwise, 2 on a setup error.
#
# usage: buf_compare.sh [-p PROTOCOMPAT] [-b BUF] [-n SAMPLES] [-r] [OLD:NEW ...]
#        default pairs: 5.0.0:6.0.1 6.0.0:6.0.1; with no -p only buf runs; -r reuses
#        buf's outputs of an earlier run (kept in the cache's out/ directory).
set -u
here=$(cd "$(dirname "$0")" && pwd)
pc=
buf=${BUF:-/work/tools/node_modules/.bin/buf}
samples=5
reuse=0
while getopts p:b:n:r opt; do
	case $opt in
	p) pc=$OPTARG ;;
	b) buf=$OPTARG ;;
	n) samples=$OPTARG ;;
	r) reuse=1 ;;
	*) echo "usage: $0 [-p PROTOCOMPAT] [-b BUF] [-n SAMPLES] [-r] [OLD:NEW ...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
pairs=("$@")
[ ${#pairs[@]} -eq 0 ] && pairs=(5.0.0:6.0.1 6.0.0:6.0.1)
case $pc in '' | /*) ;; *) pc=$PWD/$pc ;; esac
cache=${PC_COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/protocompat-compare}
case $cache in "$here"/* | "$(cd "$here/.." && pwd)"/*)
	echo "cache $cache is inside the repository; set PC_COMPARE_CACHE elsewhere" >&2; exit 2 ;;
esac
cats=(FILE PACKAGE WIRE_JSON WIRE)
export NO_COLOR=1
mkdir -p "$cache/mod" "$cache/out" || exit 2

prepare() { # VERSION: fetch, unpack, build the tree and the module roots once
	local v=$1 c
	[ -f "$cache/mod/$v/.done" ] && return 0
	echo "preparing google-proto-files $v in $cache" >&2
	if [ ! -f "$cache/google-proto-files-$v.tgz" ]; then
		(cd "$cache" && npm pack --silent "google-proto-files@$v" >/dev/null) || return 1
	fi
	rm -rf "$cache/src/$v" "$cache/tree/$v" "$cache/mod/$v"
	mkdir -p "$cache/src/$v" "$cache/tree/$v" || return 1
	tar -xzf "$cache/google-proto-files-$v.tgz" -C "$cache/src/$v" || return 1
	cp -r "$cache/src/$v/package/google" "$cache/tree/$v/" || return 1
	[ -d "$cache/src/$v/package/grafeas" ] && { cp -r "$cache/src/$v/package/grafeas" "$cache/tree/$v/" || return 1; }
	rm -rf "$cache/tree/$v/google/protobuf"
	# only .proto files: the package also holds JSON and other generated files
	find "$cache/tree/$v" -type f ! -name '*.proto' -delete
	for c in "${cats[@]}"; do
		mkdir -p "$cache/mod/$v/$c" || return 1
		printf 'version: v2\nbreaking:\n  use:\n    - %s\n' "$c" >"$cache/mod/$v/$c/buf.yaml"
		for d in "$cache/tree/$v"/*; do ln -s "$d" "$cache/mod/$v/$c/"; done
	done
	touch "$cache/mod/$v/.done"
}

now() { date +%s.%N; }

status=0
for pair in "${pairs[@]}"; do
	old=${pair%%:*} new=${pair##*:}
	if ! prepare "$old" || ! prepare "$new"; then
		echo "cannot prepare $pair" >&2
		exit 2
	fi
	nfiles=$(find -L "$cache/mod/$new/FILE" -name '*.proto' | wc -l)
	echo "== google-proto-files $old -> $new ($nfiles files in NEW)"
	for c in "${cats[@]}"; do
		o=$cache/out/$old-$new-$c
		if [ $reuse = 0 ] || [ ! -f "$o.buf.time" ]; then
			t0=$(now)
			(cd "$cache/mod" && "$buf" breaking "$new/$c" --against "$old/$c" --error-format json \
				>"$o.buf.json" 2>"$o.buf.err")
			echo $? >"$o.buf.rc"
			t1=$(now)
			echo "$t0 $t1" | awk '{printf "%.2f\n", $2 - $1}' >"$o.buf.time"
		fi
		if [ -n "$pc" ]; then
			t0=$(now)
			(cd "$cache/mod" && "$pc" --format json "$old/$c" "$new/$c" \
				>"$o.pc.json" 2>"$o.pc.err")
			echo $? >"$o.pc.rc"
			t1=$(now)
			echo "$t0 $t1" | awk '{printf "%.2f\n", $2 - $1}' >"$o.pc.time"
		else
			rm -f "$o.pc.json" "$o.pc.rc" "$o.pc.time" "$o.pc.err"
		fi
		python3 - "$o" "$c" "$samples" <<'PYEOF' || status=1
import collections, json, os, sys
o, cat, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])

def rd(p, d=""):
    try:
        with open(p) as f:
            return f.read().strip()
    except OSError:
        return d

FULL = ("start_line", "start_column", "end_line", "end_column", "type", "message")

def load(p):
    keys, full, bad = collections.Counter(), collections.Counter(), 0
    for line in rd(p).splitlines():
        try:
            j = json.loads(line)
        except ValueError:
            bad += 1
            continue
        path = j.get("path")
        if path:  # drop the VERSION/CATEGORY/ prefix of the input
            path = "/".join(path.split("/")[2:])
        keys[(path or "", j.get("start_line", 0), j.get("start_column", 0), j.get("type", ""))] += 1
        full[(path or "",) + tuple(j.get(k) for k in FULL)] += 1
    return keys, full, bad

b, bfull, bbad = load(o + ".buf.json")
line = "%-9s buf %5d (exit %s, %ss)" % (cat, sum(b.values()), rd(o + ".buf.rc"), rd(o + ".buf.time"))
by_rule = collections.Counter(k[3] for k in b.elements())
if not os.path.exists(o + ".pc.rc"):
    print(line + "  rules: " + ", ".join("%s %d" % kv for kv in sorted(by_rule.items())))
    sys.exit(0)
p, pfull, pbad = load(o + ".pc.json")
both = sum((b & p).values())
print(line + " | ours %5d (exit %s, %ss) | both %5d | only buf %d | only ours %d%s%s" % (
    sum(p.values()), rd(o + ".pc.rc"), rd(o + ".pc.time"), both,
    sum((b - p).values()), sum((p - b).values()),
    " | end positions and messages equal too" if bfull == pfull else
    " | %d differ in end position or message" % sum((bfull - pfull).values()),
    " | %d non-JSON lines in ours" % pbad if pbad else ""))
for name, diff in (("only buf", b - p), ("only ours", p - b)):
    if diff:
        per = collections.Counter(k[3] for k in diff.elements())
        print("    %s by rule: %s" % (name, ", ".join("%s %d" % kv for kv in sorted(per.items()))))
        for k in sorted(diff)[:samples]:
            print("      %s:%d:%d %s" % ((k[0] or "(no path)",) + k[1:]))
err = rd(o + ".pc.err")
if err and not sum(p.values()):
    print("    our stderr: " + " | ".join(err.splitlines()[:3]))
ok = b == p and not pbad and rd(o + ".pc.rc") == ("1" if b else "0")
sys.exit(0 if ok else 1)
PYEOF
	done
done
echo "outputs kept in $cache/out"
exit $status
