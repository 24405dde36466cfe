#!/usr/bin/env bash
# Per-finding directions (issue 11 part 1): the one-way changes of semantics.md
# ("Directions of some one-way changes") each report one direction, per audience, and
# --direction / --audience and the configuration's `direction` / `audiences` filter on
# them. The expected directions are semantics.md's facts, not our output:
#   required added: NEW readers reject OLD data (backward) for wire and JSON;
#   required made optional: OLD readers reject NEW data (forward);
#   utf8_validation VERIFY -> NONE: forward; NONE -> VERIFY: backward (binary only:
#     JSON text is always valid Unicode);
#   enum OPEN -> CLOSED: backward (wire, JSON, and generated code loses the raw-number
#     accessors); CLOSED -> OPEN: forward;
#   go_package: generated code only (source, backward).
# The data side of these claims is checked by testdata/oracle.test.sh where the Python
# runtime can run the schemas (proto2/proto3).
# Usage: directions.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
D=$(cd "$(dirname "$0")" && pwd)/directions
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CASE RULE WIRE JSON SOURCE: the case's findings of RULE carry these directions.
expect() {
	local c=$1 rule=$2
	(cd "$D/$c" && "$PC" old new --format json) >"$TMP/out" 2>"$TMP/err"
	[ $? = 1 ] || { fail "$c: exit status"; cat "$TMP/err"; return; }
	python3 - "$TMP/out" "$rule" "$3" "$4" "$5" <<'PY' || fail "$c: $rule directions"
import json, sys
path, rule, wire, js, src = sys.argv[1:]
found = [json.loads(l) for l in open(path)]
mine = [o for o in found if o["type"] == rule]
if not mine:
    sys.exit(f"no {rule} finding in {found}")
union = {"none": 0, "backward": 1, "forward": 2, "both": 3}
names = {v: k for k, v in union.items()}
for o in mine:
    got = (o["wire"], o["json"], o["source"])
    if got != (wire, js, src):
        sys.exit(f"{rule}: got wire/json/source {got}, want {(wire, js, src)}")
    if o["direction"] != names[union[wire] | union[js] | union[src]]:
        sys.exit(f"{rule}: direction {o['direction']} is not the union of {got}")
PY
}

expect required_added MESSAGE_SAME_REQUIRED_FIELDS backward backward none
expect required_removed MESSAGE_SAME_REQUIRED_FIELDS forward forward none
expect required_removed FIELD_SAME_CARDINALITY forward forward none
expect utf8_verify_to_none FIELD_SAME_UTF8_VALIDATION forward none none
expect utf8_none_to_verify FIELD_SAME_UTF8_VALIDATION backward none none
expect utf8_verify_to_none FIELD_SAME_JAVA_UTF8_VALIDATION forward none none
expect enum_open_to_closed ENUM_SAME_TYPE backward backward backward
expect enum_closed_to_open ENUM_SAME_TYPE forward forward none
expect go_package FILE_SAME_GO_PACKAGE none none backward

# status CASE WANT ARGS...: protocompat old new ARGS exits WANT.
status() {
	local c=$1 want=$2
	shift 2
	(cd "$D/$c" && "$PC" old new "$@") >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$c $*: exit $got, want $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; }
}

# --direction keeps exactly the findings that break that way.
for c in required_added utf8_none_to_verify enum_open_to_closed; do
	status $c 1 --direction backward
	status $c 0 --direction forward
done
for c in required_removed utf8_verify_to_none enum_closed_to_open; do
	status $c 0 --direction backward
	status $c 1 --direction forward
done
status required_added 1 --direction full

# --audience picks who counts: a Kafka team (wire) does not fail on go_package, a
# library (source) does; a REST gateway (wire,json) fails on a required field.
status go_package 0 --audience wire
status go_package 0 --audience wire,json
status go_package 1 --audience source
status required_added 1 --audience wire,json
status required_added 0 --audience source
status utf8_verify_to_none 0 --audience json
status enum_closed_to_open 0 --audience source
status enum_closed_to_open 1 --audience json --direction forward
status enum_closed_to_open 0 --audience wire,json --direction backward
status go_package 2 --audience radio
status go_package 2 --audience wire,
status go_package 2 --audience ""

# The configuration's keys do the same; the command line wins.
conf() { printf 'breaking:\n%s\n' "$1" >"$TMP/protocompat.yaml"; }
conf '  audiences: [wire, json]'
status go_package 0 --config "$TMP/protocompat.yaml"
conf '  audiences: [wire]'
status go_package 1 --config "$TMP/protocompat.yaml" --audience source
conf '  direction: forward'
status required_added 0 --config "$TMP/protocompat.yaml"
conf '  audiences: [radio]'
status go_package 2 --config "$TMP/protocompat.yaml"
conf '  audiences: []'
status go_package 2 --config "$TMP/protocompat.yaml"

# The text note says who breaks which way, for the audiences chosen.
(cd "$D/required_added" && "$PC" old new) >"$TMP/out"
grep -q '^new/x.proto:5:3: note: breaks backward for wire and JSON$' "$TMP/out" || { fail "required_added note"; cat "$TMP/out"; }
(cd "$D/enum_open_to_closed" && "$PC" old new --audience json) >"$TMP/out"
grep -q 'note: previously here (breaks backward for JSON)$' "$TMP/out" || { fail "audience json note"; cat "$TMP/out"; }

# SARIF carries the same per-audience properties.
(cd "$D/required_removed" && "$PC" old new --format sarif) >"$TMP/out"
python3 - "$TMP/out" <<'PY' || fail "sarif properties"
import json, sys
log = json.load(open(sys.argv[1]))
for r in log["runs"][0]["results"]:
    p = r["properties"]
    assert (p["direction"], p["wire"], p["json"], p["source"]) == ("forward", "forward", "forward", "none"), p
PY

if [ $fails -gt 0 ]; then
	echo "directions: $fails failed"
	exit 1
fi
echo "directions: all passed"
