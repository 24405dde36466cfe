#!/usr/bin/env bash
# In-source suppressions and the protocompat.yaml keys ignore_patterns and fail_on, end to
# end (testdata/suppress/, README.md there has the buf commands):
# - scoping/, warnings/: every finding of buf 1.75 (buf.json) comes out of protocompat,
#   either reported or suppressed (--show-suppressed --format json), with buf's keys;
#   the text listing and the warnings equal the reviewed expected.txt / expected.err.
# - config/: fail_on and ignore_patterns with --config; reported findings are buf's.
# Usage: suppress.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$HERE/suppress
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run WANT_STATUS DESCRIPTION CMD...: stdout in $TMP/out, stderr in $TMP/err.
run() {
	local want=$1 what=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$what: exit $got, want $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; }
}

same_file() { # DESCRIPTION GOT WANT
	if ! diff -u "$3" "$2" >"$TMP/diff"; then
		fail "$1 (--- expected, +++ got)"
		sed 's/^/  | /' "$TMP/diff"
	fi
}

# buf_keys FILE: buf's keys of each JSON line, sorted lines.
buf_keys() {
	python3 -c '
import json, sys
keys = ["path", "start_line", "start_column", "end_line", "end_column", "type", "message"]
out = []
for line in open(sys.argv[1]):
    if line.strip():
        o = json.loads(line)
        out.append(json.dumps({k: o[k] for k in keys if k in o}, separators=(",", ":")))
print("\n".join(sorted(out)))' "$1"
}

for c in scoping warnings; do
	cd "$CASES/$c" || exit 1
	# Reported plus suppressed findings are exactly buf's.
	run 1 "$c json" "$PC" old new --show-suppressed --format json
	if ! diff <(buf_keys "$TMP/out") <(buf_keys buf.json) >"$TMP/diff"; then
		fail "$c: reported + suppressed differ from buf (< ours, > buf)"
		sed 's/^/  | /' "$TMP/diff"
	fi
	cp "$TMP/out" "$TMP/$c.all.json"
	# Without the flag the suppressed lines are left out, and only they.
	run 1 "$c json without --show-suppressed" "$PC" old new --format json
	grep -v '"suppressed":true' "$TMP/$c.all.json" >"$TMP/$c.kept.json"
	same_file "$c: json without the suppressed" "$TMP/out" "$TMP/$c.kept.json"
	# Text: the reviewed listing and warnings.
	run 1 "$c text" "$PC" old new --show-suppressed
	same_file "$c: text listing" "$TMP/out" expected.txt
	same_file "$c: warnings" "$TMP/err" expected.err
	# Without the flag: no listing, the same summary line (with its count).
	run 1 "$c text without --show-suppressed" "$PC" old new
	grep -q 'suppressed' "$TMP/out" && ! grep -q ': suppressed: ' "$TMP/out" ||
		fail "$c: text without --show-suppressed"
	[ "$(tail -n 1 "$TMP/out")" = "$(tail -n 1 expected.txt)" ] || fail "$c: summary line"
done

# The suppressed lines carry the suppression's place and reason.
python3 - "$TMP/scoping.all.json" <<'PY' || fail "scoping: suppression keys"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
sup = [o for o in lines if o.get("suppressed")]
assert len(sup) == 12, len(sup)
want = {"path": "new/whole.proto", "line": 1, "column": 23,
        "reason": "a file-wide rename, agreed with every team"}
got = [o for o in sup if o["path"] == "new/whole.proto"]
assert len(got) == 2, got
for o in got:
    assert {"path": o["suppression_path"], "line": o["suppression_line"],
            "column": o["suppression_column"], "reason": o["suppression_reason"]} == want, o
PY

# Everything suppressed: silent and exit 0, unless asked to list.
mkdir -p "$TMP/all/old" "$TMP/all/new"
printf 'syntax = "proto3";\nmessage M {\n  int32 a = 1;\n}\n' >"$TMP/all/old/m.proto"
printf 'syntax = "proto3";\nmessage M {\n  int64 a = 1; // protocompat:ignore FIELD_SAME_TYPE ok\n}\n' \
	>"$TMP/all/new/m.proto"
cd "$TMP/all" || exit 1
run 0 "all suppressed" "$PC" old new
[ -s "$TMP/out" ] || [ -s "$TMP/err" ] && fail "all suppressed: output not empty"
run 0 "all suppressed, listed" "$PC" old new --show-suppressed
[ "$(tail -n 1 "$TMP/out")" = "0 breaking changes (0 backward, 0 forward) in 0 files, 1 suppressed" ] ||
	fail "all suppressed: summary '$(tail -n 1 "$TMP/out")'"

# Configuration: fail_on and ignore_patterns (expected_*.txt reviewed; every error-severity
# finding reported is one of buf's, FILE rules, buf.json).
cd "$CASES/config" || exit 1
for c in errors warnings warnings_only patterns; do
	run "$(cat "expected_$c.rc")" "config $c" "$PC" old new --config "$c.yaml"
	cat "$TMP/err" >>"$TMP/out"
	same_file "config $c" "$TMP/out" "expected_$c.txt"
	"$PC" old new --config "$c.yaml" --format json | grep -v '"severity":"warning"' >"$TMP/cfg.json"
	missing=$(comm -23 <(buf_keys "$TMP/cfg.json") <(buf_keys buf.json))
	[ -z "$missing" ] || fail "config $c: findings buf does not report: $missing"
done
# Without --config, buf.yaml in NEW is read (use: [FILE]): all five of buf's findings.
run 1 "config discovery" "$PC" old new --format json
[ "$(buf_keys "$TMP/out")" = "$(buf_keys buf.json)" ] || fail "config discovery differs from buf"

# Bad keys are errors with their place (exit 2).
printf 'breaking:\n  ignore_patterns: ["ok", "a(b"]\n' >"$TMP/bad_re.yaml"
run 2 "bad regex" "$PC" old new --config "$TMP/bad_re.yaml"
grep -q 'bad_re.yaml:2:27: error: bad regular expression "a(b" in "ignore_patterns": missing closing parenthesis at offset 3' \
	"$TMP/err" || fail "bad regex message: $(cat "$TMP/err")"
printf 'breaking:\n  fail_on: never\n' >"$TMP/bad_fail.yaml"
run 2 "bad fail_on" "$PC" old new --config "$TMP/bad_fail.yaml"
grep -q 'bad_fail.yaml:2:12: error: "fail_on" must be error or warning' "$TMP/err" ||
	fail "bad fail_on message: $(cat "$TMP/err")"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "suppress: all passed"
