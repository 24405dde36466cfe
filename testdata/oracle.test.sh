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
# The spec-exact wire mode (--wire exact, docs/rules.md) is judged too, on the same data:
# "exact" claims the union of the whole catalog's findings with --wire exact over every
# case, testdata/wire_exact's included; "exact-WIRE" claims only the findings of
# `use: [WIRE]` (wire judged) and "exact-WIRE_JSON" only those of `use: [WIRE_JSON]`
# (wire and JSON judged), on testdata/wire_exact, where every change is one of the
# spec's compatible-but-lossy ones, so that the verdict of the compatibility rules
# themselves is what is checked. The default mode is not judged on testdata/wire_exact:
# there it keeps buf's view of message <-> bytes (both ways broken).
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
# judge MODE CASE FINDINGS AUDIENCES: one result line of MODE for the case.
judge() {
	$PY - "$@" "$w/oracle.json" "$w" >>"$TMP/results" <<'PY'
import json, os, sys
mode, case, fpath, auds, opath, wdir = sys.argv[1:]
auds = auds.split(",")
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
# Rules whose claims another oracle run judges (and the main run not at all):
# FIELD_NO_NUMBER_SWAP knows fields by name, not number (a swap of numbers is two
# renames by number); ENUM_CLOSED_NO_VALUE_ADD is about a NEW writer using an added
# value. The run's output is oracle_<RULE>.json (ALT_RUNS below the judge).
# FIELD_SAME_PRESENCE is about values set to their defaults, which only a presence
# round trip and the ProtoJSON output show (oracle.py --presence).
ALT = {"FIELD_NO_NUMBER_SWAP": "fields known by name", "ENUM_CLOSED_NO_VALUE_ADD": "NEW writing its added values",
       "FIELD_SAME_PRESENCE": "defaults set and printed (--presence)"}
bits = {"none": 0, "backward": 1, "forward": 2, "both": 3}
names = {v: k for k, v in bits.items()}
claim = {"wire": 0, "json": 0}
other = {"wire": 0, "json": 0}
rules = {"wire": {}, "json": {}}
alt = {}
for line in open(fpath):
    o = json.loads(line)
    for aud in claim:
        b = bits[o[aud]]
        if o["type"] in ALT:
            alt.setdefault(o["type"], {"wire": 0, "json": 0})[aud] |= b
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
    print(f"{mode}\t{case}\tnotjudged\tno message on both sides")
    sys.exit(0)
if data["extensions_changed"]:
    print(f"{mode}\t{case}\tnotjudged\textensions changed (the oracle writes none)")
    sys.exit(0)
problems, confirmed = [], 0
for aud in auds:
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
for rule, claimed in sorted(alt.items()):
    shown_alt = json.load(open(os.path.join(wdir, f"oracle_{rule}.json")))
    for aud in auds:
        for d, dn in ((1, "backward"), (2, "forward")):
            if claimed[aud] & d and not bits[shown_alt[aud]] & d:
                problems.append(f"{aud} {dn} claimed by {rule} but no sample breaks with {ALT[rule]}")
            elif claimed[aud] & d:
                confirmed += 1
status = "mismatch" if problems else "ok"
print(f"{mode}\t{case}\t{status}\tconfirmed {confirmed}\twire {names[claim['wire']]}/{data['wire']} json {names[claim['json']]}/{data['json']}\t" + "; ".join(problems))
PY
}

for d in "$HERE"/breaking/*/*/ "$HERE"/directions/*/ "$HERE"/wire_exact/*/ "$TMP"/mutants/*/; do
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
		echo "any	$c	notjudged	editions" >>"$TMP/results"
		continue
	fi
	w=$TMP/$(echo "$c" | tr / _)
	mkdir -p "$w"
	(cd "$d" && "$PC" old new --format json --config "$CONFIG") >"$w/findings.json" 2>"$w/err"
	st=$?
	(cd "$d" && "$PC" old new --format json --wire exact --config "$CONFIG") >"$w/exact.json" 2>>"$w/err"
	st_exact=$?
	if [ $st = 3 ]; then
		echo "any	$c	notjudged	does not compile" >>"$TMP/results"
		continue
	elif [ $st != 0 ] && [ $st != 1 ]; then
		echo "any	$c	error	check exit $st: $(head -1 "$w/err")" >>"$TMP/results"
		continue
	elif [ $st_exact != 0 ] && [ $st_exact != 1 ]; then
		# an empty exact.json would claim nothing and pass wherever no data breaks
		echo "any	$c	error	check --wire exact exit $st_exact: $(head -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	if ! (cd "$d" && "$PC" build --include-imports -o "$w/old.pb" old && "$PC" build --include-imports -o "$w/new.pb" new) 2>"$w/err"; then
		echo "any	$c	error	build: $(head -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	if ! $PY "$HERE/oracle.py" "$w/old.pb" "$w/new.pb" >"$w/oracle.json" 2>"$w/err"; then
		echo "any	$c	error	oracle: $(tail -1 "$w/err")" >>"$TMP/results"
		continue
	fi
	# the rules whose claims another oracle run judges (ALT in judge)
	alt_failed=0
	for alt in FIELD_NO_NUMBER_SWAP:--by-name ENUM_CLOSED_NO_VALUE_ADD:--new-values FIELD_SAME_PRESENCE:--presence; do
		rule=${alt%%:*}
		if grep -qs "\"type\":\"$rule\"" "$w/findings.json" "$w/exact.json" &&
			! $PY "$HERE/oracle.py" "${alt#*:}" "$w/old.pb" "$w/new.pb" >"$w/oracle_$rule.json" 2>"$w/err"; then
			echo "any	$c	error	oracle ${alt#*:}: $(tail -1 "$w/err")" >>"$TMP/results"
			alt_failed=1
		fi
	done
	[ $alt_failed = 0 ] || continue
	case $c in
	wire_exact/*)
		for cat in WIRE WIRE_JSON; do
			auds=wire
			[ $cat = WIRE_JSON ] && auds=wire,json
			(cd "$d" && "$PC" old new --format json --wire exact \
				--config "{\"version\": \"v2\", \"breaking\": {\"use\": [\"$cat\"]}}") >"$w/$cat.json" 2>>"$w/err"
			st_cat=$?
			if [ $st_cat != 0 ] && [ $st_cat != 1 ]; then
				echo "exact-$cat	$c	error	check exit $st_cat: $(head -1 "$w/err")" >>"$TMP/results"
				continue
			fi
			judge "exact-$cat" "$c" "$w/$cat.json" $auds
		done
		;;
	*) judge default "$c" "$w/findings.json" wire,json ;;
	esac
	judge exact "$c" "$w/exact.json" wire,json
done

# summary MODE LABEL: the counts of one mode ("any" lines: not judged or failed for all).
summary() {
	awk -F'\t' -v m="$1" -v label="$2" '
		$1 == m && ($3 == "ok" || $3 == "mismatch") { judged++; split($4, a, " "); conf += a[2] }
		$1 == m && ($3 == "mismatch" || $3 == "error") { bad++ }
		$1 == "any" && $3 == "error" { bad++ }
		$1 == m && $3 == "notjudged" { notj++ }
		$1 == "any" && $3 == "notjudged" && (m == "default" || m == "exact") { notj++ }
		END { printf "oracle%s: %d cases judged, %d directions confirmed (%s), %d failed, %d not judged\n", label, judged, conf + 0, m ~ /WIRE$/ ? "wire, backward and forward" : "wire and JSON, backward and forward", bad + 0, notj + 0 }' "$TMP/results"
}
awk -F'\t' '$3 == "mismatch" || $3 == "error" { print "FAIL: " $1 ": " $2 ": " $5 " " $6 }' "$TMP/results"
for m in $(awk -F'\t' '($3 == "mismatch" || $3 == "error") && $2 ~ /^mutants\// { print $2 }' "$TMP/results" | sort -u); do
	echo "  $m: $(cat "$TMP/$m/README")"
done
[ -n "${ORACLE_VERBOSE:-}" ] && cat "$TMP/results"
summary default ""
summary exact " (--wire exact)"
summary exact-WIRE " (--wire exact, use WIRE, testdata/wire_exact)"
summary exact-WIRE_JSON " (--wire exact, use WIRE_JSON, testdata/wire_exact)"
! awk -F'\t' '$3 == "mismatch" || $3 == "error"' "$TMP/results" | grep -q .
