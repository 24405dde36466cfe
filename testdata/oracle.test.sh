#!/usr/bin/env bash
# The direction oracle (issue 11 part 2; docs/testing.md, "The direction oracle"): for
# every case of testdata/breaking and testdata/directions (one-way changes, one each)
# and generated mutations,
# the directions protocompat claims for the binary wire
# and for ProtoJSON must be what data shows when OLD writes and NEW reads (backward) and
# the reverse (forward), run by Debian's python3-protobuf through testdata/oracle.py.
# A claimed direction that no sample breaks, or a direction that breaks but no finding
# claims, fails the case.
#
# Claims are the union, per audience, of every finding of the whole catalog (all
# categories, the case's own buf.yaml left aside), except the rules whose break data of
# this pair cannot show (NOT_BY_DATA below): their claims are neither required to show
# nor missed.
# Not judged: editions files (the runtime, protobuf 4.21, predates editions; those
# changes are checked by testdata/directions.test.sh and test_rules against the facts of
# semantics.md), cases that do not compile (_errors), and cases whose schemas have no
# message on both sides.
# Usage: oracle.test.sh PATH/TO/protocompat [SUBSTRING...]
set -u
PC=$(realpath "$1")
shift
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! $PY -c 'import google.protobuf' 2>/dev/null; then
	echo "oracle: $PY has no google.protobuf (Debian: apt-get install python3-protobuf)"
	exit 1
fi

CONFIG='{"version": "v2", "breaking": {"use": ["FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR", "PROTOCOMPAT"]}}'
: >"$TMP/results"
# Generated mutations of testdata/mutate's seeds (docs/mutation.md), ORACLE_MUTANTS of
# them (default 0: opt-in, five known runtime-limit cases remain in the first 300),
# from a fixed seed so that a run is reproducible.
nmut=${ORACLE_MUTANTS:-0}
if [ "$nmut" -gt 0 ]; then
	$PY "$HERE/oracle_mutants.py" "$TMP/mutants" "$nmut" "${ORACLE_MUTANT_SEED:-11}" || exit 1
fi
for d in "$HERE"/breaking/*/*/ "$HERE"/directions/*/ "$TMP"/mutants/*/; do
	[ -d "$d" ] || continue
	d=${d%/}
	c=${d#"$HERE"/}
	c=${c#"$TMP"/}
	case $c in breaking/_errors/*) continue ;; esac
	[ -d "$d/old" ] && [ -d "$d/new" ] || continue
	if [ $# -gt 0 ]; then
		sel=0
		for s in "$@"; do case $c in *"$s"*) sel=1 ;; esac; done
		[ $sel = 1 ] || continue
	fi
	if grep -qs '^[[:space:]]*edition[[:space:]]*=' $(find "$d/old" "$d/new" -name '*.proto'); then
		echo "$c	notjudged	editions" >>"$TMP/results"
		continue
	fi
	w=$TMP/$(echo "$c" | tr / _)
	mkdir -p "$w"
	(cd "$d" && "$PC" old new --format json --config "$CONFIG") >"$w/findings.json" 2>"$w/err"
	st=$?
	if [ $st = 3 ]; then
		echo "$c	notjudged	does not compile" >>"$TMP/results"
		continue
	elif [ $st != 0 ] && [ $st != 1 ]; then
		echo "$c	error	check exit $st: $(head -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	if ! (cd "$d" && "$PC" build --include-imports -o "$w/old.pb" old && "$PC" build --include-imports -o "$w/new.pb" new) 2>"$w/err"; then
		echo "$c	error	build: $(head -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	if ! $PY "$HERE/oracle.py" "$w/old.pb" "$w/new.pb" >"$w/oracle.json" 2>"$w/err"; then
		echo "$c	error	oracle: $(tail -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	# FIELD_NO_NUMBER_SWAP's claims are about fields known by name (BY_NAME below)
	: >"$w/oracle_by_name.json"
	if grep -q '"type":"FIELD_NO_NUMBER_SWAP"' "$w/findings.json" &&
		! $PY "$HERE/oracle.py" --by-name "$w/old.pb" "$w/new.pb" >"$w/oracle_by_name.json" 2>"$w/err"; then
		echo "$c	error	oracle --by-name: $(tail -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	$PY - "$c" "$w/findings.json" "$w/oracle.json" "$w/oracle_by_name.json" >>"$TMP/results" <<'PY'
import json, sys
case, fpath, opath, npath = sys.argv[1:]
# Rules whose break needs more than this pair of schemas, or is not in message data:
# a later version reusing a number or name; calls (RPC paths, streaming, idempotency);
# type names inside Any and gRPC paths; extensions (the oracle writes none).
NOT_BY_DATA = {
    # message_set_wire_format changes how extensions are framed; the oracle writes none
    "MESSAGE_SAME_WIRE_FORMAT",
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    "RESERVED_MESSAGE_NO_DELETE", "RESERVED_ENUM_NO_DELETE",
    "RPC_NO_DELETE", "SERVICE_NO_DELETE", "PACKAGE_SERVICE_NO_DELETE", "RPC_SAME_CLIENT_STREAMING",
    "RPC_SAME_SERVER_STREAMING", "RPC_SAME_REQUEST_TYPE", "RPC_SAME_RESPONSE_TYPE",
    "RPC_SAME_IDEMPOTENCY_LEVEL", "FILE_SAME_PACKAGE", "EXTENSION_NO_DELETE",
    "SERVICE_SAME_GRPC_PATH", "RPC_SAME_GRPC_PATH", "MESSAGE_SAME_TYPE_URL",
    "PACKAGE_EXTENSION_NO_DELETE", "EXTENSION_MESSAGE_NO_DELETE",
    # Java's generated parsers check UTF-8 by this option; the C++ runtime does not.
    "FIELD_SAME_JAVA_UTF8_VALIDATION",
}
# Rules that know fields by name, not number (a swap of numbers is two renames by
# number): their claims are judged by oracle.py --by-name, the others' not at all.
BY_NAME = {"FIELD_NO_NUMBER_SWAP"}
bits = {"none": 0, "backward": 1, "forward": 2, "both": 3}
names = {v: k for k, v in bits.items()}
claim = {"wire": 0, "json": 0}
other = {"wire": 0, "json": 0}
rules = {"wire": {}, "json": {}}
by_name = {"wire": 0, "json": 0}
for line in open(fpath):
    o = json.loads(line)
    for aud in claim:
        b = bits[o[aud]]
        if o["type"] in BY_NAME:
            by_name[aud] |= b
            other[aud] |= b
        elif o["type"] in NOT_BY_DATA or o["message"].startswith("Extension "):
            other[aud] |= b
        else:
            claim[aud] |= b
            for d in (1, 2):
                if b & d:
                    rules[aud].setdefault(d, set()).add(o["type"])
data = json.load(open(opath))
if not data["messages"]:
    print(f"{case}\tnotjudged\tno message on both sides")
    sys.exit(0)
if data["extensions_changed"]:
    print(f"{case}\tnotjudged\textensions changed (the oracle writes none)")
    sys.exit(0)
problems, confirmed = [], 0
for aud in ("wire", "json"):
    shown = bits[data[aud]]
    for d, dn in ((1, "backward"), (2, "forward")):
        c, s, o = claim[aud] & d, shown & d, other[aud] & d
        if c and s:
            confirmed += 1
        elif c and not s:
            problems.append(f"{aud} {dn} claimed by {','.join(sorted(rules[aud][d]))} but no sample breaks")
        elif s and not c and not o:
            problems.append(f"{aud} {dn} breaks but is not claimed: {data[aud + '_examples'][dn] if dn in data[aud + '_examples'] else data[aud + '_examples']}")
        elif not c and not s:
            confirmed += 1
if any(by_name.values()):
    shown_by_name = json.load(open(npath))
    for aud in ("wire", "json"):
        for d, dn in ((1, "backward"), (2, "forward")):
            if by_name[aud] & d and not bits[shown_by_name[aud]] & d:
                problems.append(f"{aud} {dn} claimed by {'/'.join(sorted(BY_NAME))} but no sample breaks with fields known by name")
            elif by_name[aud] & d:
                confirmed += 1
status = "mismatch" if problems else "ok"
print(f"{case}\t{status}\tconfirmed {confirmed}\twire {names[claim[aud] if False else claim['wire']]}/{data['wire']} json {names[claim['json']]}/{data['json']}\t" + "; ".join(problems))
PY
done

judged=$(awk -F'\t' '$2 == "ok" || $2 == "mismatch"' "$TMP/results" | wc -l)
bad=$(awk -F'\t' '$2 == "mismatch" || $2 == "error"' "$TMP/results" | wc -l)
notj=$(awk -F'\t' '$2 == "notjudged"' "$TMP/results" | wc -l)
conf=$(awk -F'\t' '$2 == "ok" || $2 == "mismatch" { split($3, a, " "); n += a[2] } END { print n + 0 }' "$TMP/results")
awk -F'\t' '$2 == "mismatch" || $2 == "error" { print "FAIL: " $1 ": " $4 " " $5 }' "$TMP/results"
for m in $(awk -F'\t' '($2 == "mismatch" || $2 == "error") && $1 ~ /^mutants\// { print $1 }' "$TMP/results"); do
	echo "  $m: $(cat "$TMP/$m/README")"
done
[ -n "${ORACLE_VERBOSE:-}" ] && cat "$TMP/results"
echo "oracle: $judged cases judged, $conf directions confirmed (wire and JSON, backward and forward), $bad failed, $notj not judged"
[ "$bad" = 0 ]
