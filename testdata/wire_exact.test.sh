#!/usr/bin/env bash
# The spec-exact wire mode (issue 11 part 4; docs/rules.md "Spec-exact wire mode"):
# testdata/wire_exact/ holds one case per change the encoding guide calls compatible
# (both ways of each pair). testdata/wire_exact/EXPECT gives, per case, buf 1.75's
# findings with `use: [WIRE]` (from running buf on the case) and the wire directions the
# encoding spec gives (where the reader cannot hold the writer's values; written from
# the guide, not from our output). This test checks:
#   - the default mode (--wire buf) fires exactly buf's WIRE rules on every case;
#   - --wire exact with --use WIRE claims exactly the spec's wire directions, every
#     wire-breaking finding says what it loses (JSON `loss`), none that breaks nothing;
#   - the exit status follows (a Kafka team's --use WIRE --audience wire), --direction
#     filters on the exact directions, the text note, SARIF and explain show the loss,
#     and `wire:` in protocompat.yaml does what --wire does.
# The data side (that each claimed direction really loses data and no other does) is
# testdata/oracle.test.sh's exact-mode pass over the same cases.
# Usage: wire_exact.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
D=$(cd "$(dirname "$0")" && pwd)/wire_exact
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

n=0
while read -r c buf_rules spec; do
	case $c in '#'* | '') continue ;; esac
	n=$((n + 1))
	[ -d "$D/$c" ] || { fail "$c: no such case"; continue; }
	(cd "$D/$c" && "$PC" old new --use WIRE --format json) >"$TMP/buf.json" 2>"$TMP/err"
	(cd "$D/$c" && "$PC" old new --use WIRE --wire exact --format json) >"$TMP/exact.json" 2>>"$TMP/err"
	python3 - "$c" "$buf_rules" "$spec" "$TMP/buf.json" "$TMP/exact.json" <<'PY' || fail "$c"
import json, sys
case, buf_rules, spec, bpath, epath = sys.argv[1:]
bits = {"none": 0, "backward": 1, "forward": 2, "both": 3}
names = {v: k for k, v in bits.items()}
buf = [json.loads(l) for l in open(bpath)]
exact = [json.loads(l) for l in open(epath)]
got = ",".join(sorted({o["type"] for o in buf})) or "-"
if got != buf_rules:
    sys.exit(f"default mode fires {got}, buf 1.75 fires {buf_rules}")
if any("loss" in o for o in buf):
    sys.exit("the default mode carries a loss text")
wire = 0
for o in exact:
    wire |= bits[o["wire"]]
    if o["wire"] != "none" and not o.get("loss"):
        sys.exit(f"{o['type']} breaks the wire {o['wire']} but says no loss")
    if o["wire"] == "none" and "loss" in o:
        sys.exit(f"{o['type']} breaks no wire direction but has a loss")
    for d in ("backward", "forward"):
        if bits[o["wire"]] & bits[d] and f"{d} (" not in o.get("loss", ""):
            sys.exit(f"{o['type']}: no loss for {d}: {o.get('loss')}")
    if o["type"].startswith("FIELD_WIRE_") and o["wire"] == "none" and o["json"] == "none":
        sys.exit(f"{o['type']} fires in exact mode on a change that breaks neither wire nor JSON")
if names[wire] != spec:
    sys.exit(f"exact mode claims wire {names[wire]}, the spec says {spec}: {exact}")
PY
	want=1
	[ "$spec" = none ] && want=0
	(cd "$D/$c" && "$PC" old new --use WIRE --audience wire --wire exact) >"$TMP/out" 2>&1
	st=$?
	[ $st = $want ] || { fail "$c: --use WIRE --audience wire --wire exact exits $st, want $want"; cat "$TMP/out"; }
done <"$D/EXPECT"
[ $n -ge 54 ] || fail "EXPECT lists $n cases"

# status CASE WANT ARGS...
status() {
	local c=$1 want=$2
	shift 2
	(cd "$D/$c" && "$PC" old new "$@") >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$c $*: exit $got, want $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; }
}
W='--use WIRE --audience wire --wire exact'
# --direction keeps the directions that lose data: int32 -> int64 loses only forward
# (OLD int32 readers truncate NEW values), message -> bytes only forward.
status int32_to_int64 0 $W --direction backward
status int32_to_int64 1 $W --direction forward
status message_to_bytes 0 $W --direction backward
status bytes_to_message 1 $W --direction backward
status two_into_new_oneof 0 $W --direction forward
# buf's WIRE passes int32 -> int64 (same group) and fails enum -> int32, which loses nothing.
status int32_to_int64 0 --use WIRE --audience wire
status enum_to_int32 1 --use WIRE
status enum_to_int32 0 --use WIRE --wire exact
# Usage and configuration errors.
status int32_to_int64 2 --wire spec
printf 'breaking:\n  use: [WIRE]\n  audiences: [wire]\n  wire: exact\n' >"$TMP/protocompat.yaml"
status int32_to_int64 1 --config "$TMP/protocompat.yaml" --direction forward
status int32_to_int64 0 --config "$TMP/protocompat.yaml" --direction backward
status enum_to_int32 0 --config "$TMP/protocompat.yaml"
status enum_to_int32 1 --config "$TMP/protocompat.yaml" --wire buf --audience wire,json,source
printf 'breaking:\n  wire: spec\n' >"$TMP/protocompat.yaml"
status int32_to_int64 2 --config "$TMP/protocompat.yaml"
grep -q 'protocompat.yaml:2:9: error: "wire" must be buf or exact' "$TMP/err" || { fail "config error text"; cat "$TMP/err"; }
mkdir -p "$TMP/b"
printf 'version: v2\nbreaking:\n  wire: exact\n' >"$TMP/b/buf.yaml"
status int32_to_int64 2 --config "$TMP/b/buf.yaml"

# The text note says what is lost, at the finding's place; SARIF carries it too.
(cd "$D/int64_to_int32" && "$PC" old new --use WIRE --wire exact) >"$TMP/out"
grep -q '^new/x.proto:4:3: note: on the wire, backward (NEW reads OLD.s data): the int32 reader keeps only the low 32 bits of the varint: int64 values beyond 32 bits are truncated (2^40 reads as 0)$' "$TMP/out" ||
	{ fail "text loss note"; cat "$TMP/out"; }
(cd "$D/two_into_new_oneof" && "$PC" old new --use WIRE --wire exact --format sarif) >"$TMP/out"
python3 - "$TMP/out" <<'PY' || fail "sarif loss"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert res, "no result"
for r in res:
    p = r["properties"]
    assert p["wire"] == "backward" and "last one wins" in p["loss"], p
PY
"$PC" explain FIELD_WIRE_COMPATIBLE_TYPE >"$TMP/out"
grep -q '^with --wire exact, what a breaking wire direction loses' "$TMP/out" || fail "explain losses"
grep -q 'message <-> bytes with --wire exact' "$TMP/out" || fail "explain exact case"
"$PC" explain FIELD_WIRE_COMPATIBLE_TYPE --format json | python3 -c 'import json, sys; assert len(json.load(sys.stdin)["losses"]) > 10' ||
	fail "explain json losses"

# A rule file may use the predicates; `breaks:` only in a rule's own when.
cat >"$TMP/r.yaml" <<'EOF'
rules:
  - id: ACME_LOSSY_TYPE
    purpose: Lossy field types, by the rule's own directions.
    on: FIELD_TYPE
    directions: {wire: {backward: {eq: [old.type, int64]}, forward: {eq: [new.type, int64]}}}
    when: {all: [{wire_mode: exact}, {breaks: wire}]}
    losses:
      - text: '{old.type} read as {new.type}'
    message: 'lossy {old.type} -> {new.type}'
EOF
(cd "$D/int32_to_int64" && "$PC" old new --rules "$TMP/r.yaml" --use ACME_LOSSY_TYPE --wire exact) >"$TMP/out" 2>&1
grep -q 'note: on the wire, forward (OLD reads NEW.s data): int64 read as int32$' "$TMP/out" || { fail "user rule losses"; cat "$TMP/out"; }
status int32_to_int64 0 --rules "$TMP/r.yaml" --use ACME_LOSSY_TYPE
sed -i 's/^    directions: .*/    directions: {wire: {backward: {breaks: wire}}}/' "$TMP/r.yaml"
status int32_to_int64 2 --rules "$TMP/r.yaml" --use ACME_LOSSY_TYPE
grep -q "r.yaml:5:.*error: 'breaks' is only allowed in a rule's own 'when'" "$TMP/err" || { fail "breaks outside when"; cat "$TMP/err"; }

if [ $fails -gt 0 ]; then
	echo "wire_exact: $fails failed"
	exit 1
fi
echo "wire_exact: all passed ($n cases)"
