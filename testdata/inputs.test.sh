#!/usr/bin/env bash
# The inputs buf accepts (docs/cli.md, Inputs): archives, images, standard input and
# git in buf's PATH#key=value syntax, built in a temporary directory from the trees in
# inputs/old and inputs/new by inputs/make.sh, checked against buf 1.75's findings
# recorded by inputs/record.sh (inputs/CASE.expected.json: path, start_line,
# start_column, type and message must agree, in any order), plus every refused input
# of inputs/bad.txt with its exact message and exit status (buf refuses each of them
# too: inputs/errors.buf.txt).
#
# Usage: inputs.test.sh PATH/TO/protocompat
set -u
P=$(realpath "$1")
here=$(dirname "$(realpath "$0")")/inputs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 HOME=$tmp
failures=0
cases=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

. "$here/make.sh"
make_inputs "$here" "$tmp" || {
	echo "FAIL: cannot make the inputs"
	exit 1
}

# The buf keys of JSON findings, one line each, sorted.
findings() {
	python3 -c '
import json, sys
rows = []
for line in open(sys.argv[1]):
    if line.strip():
        f = json.loads(line)
        rows.append(json.dumps([f.get(k) for k in ("path", "start_line", "start_column", "type", "message")]))
print("\n".join(sorted(rows)))' "$1"
}

# check NAME CWD NEW OLD STDIN EXPECTED: protocompat OLD NEW gives buf's findings.
check() {
	local name=$1 cwd=$2 new=$3 old=$4 input=$5 expected=$6 status
	cases=$((cases + 1))
	(
		cd "$tmp/$cwd" || exit 99
		if [ -n "$input" ]; then
			"$P" --format json "$old" "$new" <"$tmp/$input"
		else
			"$P" --format json "$old" "$new" </dev/null
		fi
	) >"$tmp/out.json" 2>"$tmp/err"
	status=$?
	local want=0
	[ -s "$expected" ] && want=1
	if [ "$status" != "$want" ]; then
		fail "$name: exit $status, want $want ($old -> $new)"
		sed 's/^/    err: /' "$tmp/err" | head -5
		return
	fi
	if ! diff <(findings "$expected") <(findings "$tmp/out.json") >"$tmp/diff"; then
		fail "$name: findings differ from buf's ($old -> $new); < buf, > protocompat"
		sed 's/^/    /' "$tmp/diff" | head -20
	fi
}

while IFS='|' read -r name cwd new old input; do
	[ -n "$name" ] || continue
	check "$name" "$cwd" "$new" "$old" "$input" "$here/$name.expected.json"
done <<<"$CASES"

# The same images from git:REV:PATH (a descriptor set stored in the repository) and
# protocompat's own build of the trees give buf's findings for buf's images.
check git_stored_image repo git:main:images/new.binpb git:v1:images/old.binpb "" "$here/images_binpb.expected.json"
"$P" build -o "$tmp/pc-old.binpb" --include-source-info "$here/old/proto" &&
	"$P" build -o "$tmp/pc-new.binpb" --include-source-info "$here/new/proto" ||
	fail "protocompat build"
check own_build_vs_buf_json . pc-new.binpb old.json "" "$here/images_json_old.expected.json"

# buf build -o x.json and -o x.binpb of one tree are the same input.
for f in images_json images_json_new images_json_old stdin_binpb stdin_json; do
	cmp -s <(findings "$here/$f.expected.json") <(findings "$here/images_binpb.expected.json") ||
		fail "$f: buf's recorded findings differ from images_binpb's"
done

# Each bad input (as OLD) is refused with its message and status; inputs/bad.txt is
# ARG<TAB>STATUS<TAB>first line of stderr, TMP standing for the temporary directory.
while IFS=$'\t' read -r arg want msg; do
	[ -n "$arg" ] || continue
	cases=$((cases + 1))
	(cd "$tmp" && "$P" "$arg" newdir/proto </dev/null) >"$tmp/out" 2>"$tmp/err"
	status=$?
	got=$(head -1 "$tmp/err" | sed "s#$tmp#TMP#g")
	[ "$status" = "$want" ] || fail "bad input $arg: exit $status, want $want"
	[ "$got" = "$msg" ] || fail "bad input $arg: message
    got:  $got
    want: $msg"
	[ -s "$tmp/out" ] && fail "bad input $arg: printed findings"
done <"$here/bad.txt"

# Standard input: both sides cannot read it; an empty one is refused.
cases=$((cases + 2))
(cd "$tmp" && "$P" - - <new.binpb) >/dev/null 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat "$tmp/err")" = "-: error: OLD and NEW cannot both be standard input" ] ||
	fail "stdin twice: $(cat "$tmp/err")"
(cd "$tmp" && "$P" old.binpb - </dev/null) >/dev/null 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat "$tmp/err")" = "-: error: standard input is empty" ] || fail "empty stdin: $(cat "$tmp/err")"

# A JSON image's unknown members (buf's bufExtension) are skipped: buf's own images
# carry them, and so does this edited copy with one more at the top.
cases=$((cases + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["somethingNew"] = {"x": [1, 2]}
d["file"][0]["bufExtension"] = {"isImport": False, "unknownKey": "y"}
json.dump(d, open(sys.argv[2], "w"))' "$tmp/old.json" "$tmp/odd.json"
(cd "$tmp" && "$P" --format json odd.json new.binpb) >"$tmp/out.json" 2>"$tmp/err"
cmp -s <(findings "$tmp/out.json") <(findings "$here/images_json_old.expected.json") ||
	fail "unknown JSON members: $(head -3 "$tmp/err")"

echo "$cases cases, $failures failures"
[ "$failures" = 0 ]
