#!/usr/bin/env bash
# Renames and moves (--renames) and --deprecate-before-delete (docs/diff.md, "Renames
# and moves"; rules/renames.yaml). Every case of testdata/renames/NAME/ (old/, new/,
# `args`: the flags, default --renames; `want`: "FILE:LINE RULE MESSAGE" per finding,
# NEW's file and line, written by hand from the pairing rules in docs/diff.md and
# buf's messages) is run as
#     protocompat ARGS --format json old new
# and must give exactly `want`. Then, if buf 1.75 is found ($BUF, else
# /work/tools/node_modules/.bin/buf, else buf on PATH), the same case without our flags
# must give what `buf breaking new --against old` gives (same --use): the findings the
# flags replace are buf's own.
# Usage: renames.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
fails=0 passes=0 live=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

buf=${BUF:-}
if [ -z "$buf" ]; then
	if [ -x /work/tools/node_modules/.bin/buf ]; then buf=/work/tools/node_modules/.bin/buf; else buf=$(command -v buf 2>/dev/null); fi
fi
case $([ -n "$buf" ] && "$buf" --version 2>/dev/null) in 1.75.*) ;; *) buf= ;; esac

lines() { # JSON findings (ours or buf's) -> sorted "FILE:LINE RULE MESSAGE"; fails on bad JSON
	/usr/bin/python3 - "$1" <<'PYEOF'
import json, os, sys
out = []
for line in open(sys.argv[1]):
    if line.strip():
        f = json.loads(line)
        out.append("%s:%d %s %s" % (os.path.basename(f["path"]), f["start_line"], f["type"], f["message"]))
for x in sorted(out):
    print(x)
PYEOF
}

for d in "$HERE"/renames/*/; do
	name=$(basename "$d")
	args="--renames"
	[ -f "$d/args" ] && args=$(cat "$d/args")
	# shellcheck disable=SC2086
	(cd "$d" && "$PC" $args --format json old new) >"$TMP/out.json" 2>"$TMP/err"
	rc=$?
	want_rc=0
	[ -s "$d/want" ] && want_rc=1
	if [ $rc != $want_rc ]; then
		fail "$name: exit $rc, want $want_rc"
		sed 's/^/  | /' "$TMP/err"
		continue
	fi
	lines "$TMP/out.json" >"$TMP/got" || { fail "$name: unreadable JSON"; continue; }
	if diff -u <(sort "$d/want") "$TMP/got" >"$TMP/diff"; then
		passes=$((passes + 1))
	else
		fail "$name"
		sed 's/^/  | /' "$TMP/diff"
	fi
	[ -n "$buf" ] || continue
	use=$(printf '%s\n' "$args" | sed -n 's/.*--use \([A-Z_,]*\).*/\1/p')
	[ -n "$use" ] || use=FILE
	[ "$use" = PROTOCOMPAT ] && continue # ours only: buf has no such category
	cfg="{\"version\":\"v1\",\"breaking\":{\"use\":[\"${use//,/\",\"}\"]}}"
	(cd "$d" && "$PC" --use "$use" --format json old new) >"$TMP/plain.json" 2>/dev/null
	(cd "$d" && "$buf" breaking new --against old --config "$cfg" --against-config "$cfg" --error-format json) \
		>"$TMP/buf.json" 2>"$TMP/buf.err"
	brc=$?
	if [ $brc != 0 ] && [ $brc != 100 ]; then
		fail "$name: buf failed (exit $brc)"
		sed 's/^/  | /' "$TMP/buf.err"
		continue
	fi
	if ! lines "$TMP/buf.json" >"$TMP/buf.txt" || ! lines "$TMP/plain.json" >"$TMP/plain.txt"; then
		fail "$name: unreadable JSON in the live comparison"
	elif diff -u "$TMP/buf.txt" "$TMP/plain.txt" >"$TMP/diff"; then
		live=$((live + 1))
	else
		fail "$name: without our flags, not what buf 1.75 reports"
		sed 's/^/  | /' "$TMP/diff"
	fi
done

# Off by default: no case yields a rename finding without --renames.
for d in "$HERE"/renames/*/; do
	(cd "$d" && "$PC" --use FILE,PACKAGE,WIRE,PROTOCOMPAT --format json old new) 2>/dev/null |
		grep -qE '"(MESSAGE|ENUM|SERVICE)_NO_(RENAME|MOVE)"|was renamed to' &&
		fail "$(basename "$d"): a rename finding without --renames" || passes=$((passes + 1))
done

# The configuration key does what the flag does.
d=$HERE/renames/message_renamed
printf 'version: v1\nbreaking:\n  renames: true\n' >"$TMP/protocompat.yaml"
(cd "$d" && "$PC" --config "$TMP/protocompat.yaml" --format json old new) 2>/dev/null | grep -q '"MESSAGE_NO_RENAME"' &&
	passes=$((passes + 1)) || fail "protocompat.yaml renames: true"

# `changes --renames` lists the rename once, under the NEW name, as breaking (MESSAGE_NO_RENAME
# is in FILE), and lists neither the deletion nor the addition.
(cd "$d" && "$PC" changes --renames --format json old new) >"$TMP/changes.json" 2>&1
/usr/bin/python3 - "$TMP/changes.json" <<'PYEOF' && passes=$((passes + 1)) || fail "changes --renames"
import json, sys
doc = json.load(open(sys.argv[1]))
ch = [c for p in doc["packages"] for c in p["changes"]]
kinds = sorted(c["kind"] for c in ch)
assert kinds == ["MESSAGE_RENAMED"], kinds
c = ch[0]
assert c["element"] == "acme.v1.Client" and c["breaking"] and c["rules"] == ["MESSAGE_NO_RENAME"], c
assert c["description"] == 'renamed from "acme.v1.Customer"', c["description"]
PYEOF

if [ -n "$buf" ]; then
	echo "renames: $passes passed, $fails failed; $live cases matched buf 1.75 live without our flags"
else
	echo "renames: $passes passed, $fails failed; buf 1.75 not found: the live comparison was SKIPPED"
fi
[ $fails = 0 ]
