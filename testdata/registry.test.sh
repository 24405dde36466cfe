#!/usr/bin/env bash
# Registry modes (--mode) and registry inputs (base64 of a FileDescriptorProto, as
# Confluent's `?format=serialized` returns it; a binary FileDescriptorProto; base64 of
# a FileDescriptorSet). testdata/registry/v1..v4.proto are four versions of one subject:
# v2 adds a required field (breaks backward: NEW readers reject OLD data without it),
# v3 adds an optional field (breaks nothing), v4 deletes an optional field and makes the
# required one optional (breaks forward: OLD readers reject NEW data without it). The
# .serialized, .fdp and .fds.b64 files were made from protoc 3.21's descriptor sets of
# those files with python3-protobuf (FileDescriptorProto.SerializeToString, base64);
# orders-value-3.json and schema-104.json are registry answers holding v3's text and
# v4's serialized form. reuse1..3.proto: a field deleted, then its number reused.
# Usage: registry.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
cd "$(dirname "$0")/registry" || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run WANT_STATUS DESCRIPTION ARGS...: output in $TMP/out, $TMP/err
run() {
	local want=$1 what=$2
	shift 2
	"$PC" "$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$what: exit $got, want $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; }
}

# verdicts FILE: "TYPE DIRECTION AGAINST" per JSON finding, sorted
verdicts() {
	python3 -c '
import json, sys
rows = sorted("%s %s %s" % (o["type"], o["direction"], o.get("against", "-"))
              for o in map(json.loads, filter(str.strip, open(sys.argv[1]))))
print("\n".join(rows))' "$1"
}

expect_verdicts() { # DESCRIPTION EXPECTED (lines)
	if ! diff <(verdicts "$TMP/out") <(printf '%s' "$2" | sort) >"$TMP/diff"; then
		fail "$1 (< ours, > expected)"
		sed 's/^/  | /' "$TMP/diff"
	fi
}

req_added='MESSAGE_SAME_REQUIRED_FIELDS backward v1.proto'
req_gone_v3=$'FIELD_SAME_CARDINALITY forward v3.proto\nMESSAGE_SAME_REQUIRED_FIELDS forward v3.proto'
req_gone_v2=$'FIELD_SAME_CARDINALITY forward v2.proto\nMESSAGE_SAME_REQUIRED_FIELDS forward v2.proto'

# 1. Non-transitive modes judge NEW against the latest earlier version only.
run 1 "backward v1 v2" --mode backward --format json v1.proto v2.proto
expect_verdicts "backward v1 v2" "$req_added"
run 0 "forward v1 v2 (a reader of v1 keeps the new required field as unknown)" --mode forward v1.proto v2.proto
run 0 "backward v1 v2 v3: only v2 counts" --mode backward v1.proto v2.proto v3.proto
run 1 "forward v1..v4: against v3" --mode forward --format json v1.proto v2.proto v3.proto v4.proto
expect_verdicts "forward v1..v4" "$req_gone_v3"
run 1 "full v1..v4" --mode FULL --format json v1.proto v2.proto v3.proto v4.proto
expect_verdicts "full v1..v4" "$req_gone_v3"
run 0 "backward v1..v4" --mode backward v1.proto v2.proto v3.proto v4.proto

# 2. Transitive modes judge NEW against every earlier version, each finding naming it.
run 1 "backward-transitive v1 v2 v3" --mode backward-transitive --format json v1.proto v2.proto v3.proto
expect_verdicts "backward-transitive v1 v2 v3" "$req_added"
grep -q '"against":"v1.proto"' "$TMP/out" || fail "backward-transitive: no against key"
run 1 "forward-transitive v1..v4" --mode forward_transitive --format json v1.proto v2.proto v3.proto v4.proto
expect_verdicts "forward-transitive v1..v4" "$req_gone_v2"$'\n'"$req_gone_v3"
run 1 "full-transitive v1..v4" --mode full-transitive --format json v1.proto v2.proto v3.proto v4.proto
expect_verdicts "full-transitive v1..v4" "$req_gone_v2"$'\n'"$req_gone_v3"
run 0 "backward-transitive v1..v4" --mode backward-transitive v1.proto v2.proto v3.proto v4.proto
# text output names the earlier version too
run 1 "text" check --mode backward-transitive v1.proto v2.proto v3.proto
grep -q '^v3.proto:6:3: note: breaks against v1.proto$' "$TMP/out" || fail "text: no 'breaks against' note"

# A field deleted without reserving its number (reuse2) and its number reused with
# another type (reuse3): the latest version alone shows nothing wrong, the transitive
# mode finds it against reuse1, and --use WIRE flags the deletion itself.
run 0 "reuse: backward" --mode backward reuse1.proto reuse2.proto reuse3.proto
run 1 "reuse: backward-transitive" --mode backward-transitive --format json reuse1.proto reuse2.proto reuse3.proto
expect_verdicts "reuse: backward-transitive" "FIELD_SAME_TYPE both reuse1.proto"
run 1 "reuse: --use WIRE" --mode backward --use WIRE --format json reuse1.proto reuse2.proto
expect_verdicts "reuse: --use WIRE" "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED both reuse1.proto"

# 3. The audience is the wire unless --audience says otherwise; --audience source finds
# nothing that breaks generated code in either finding above.
run 0 "--audience source" --mode backward --audience source v1.proto v2.proto
run 1 "--audience wire,json" --mode backward --audience wire,json v1.proto v2.proto

# 4. none checks nothing, but every input is still loaded; so are the earlier versions
# a non-transitive mode does not judge against.
run 0 "none" --mode none v1.proto v2.proto v3.proto v4.proto
echo 'message {' >"$TMP/broken.proto"
run 3 "none with a broken input" --mode none "$TMP/broken.proto" v4.proto
run 3 "backward with a broken earlier version" --mode backward "$TMP/broken.proto" v1.proto v2.proto

# 5. Usage errors.
run 2 "--mode with --direction" --mode backward --direction full v1.proto v2.proto
grep -q "both choose the directions" "$TMP/err" || fail "--mode with --direction: message"
run 2 "unknown mode" --mode sideways v1.proto v2.proto
grep -q "unknown mode 'sideways'" "$TMP/err" || fail "unknown mode: message"
run 2 "one input" --mode backward v1.proto
run 2 "--against-each with a non-transitive mode" --against-each --mode backward v1.proto v2.proto
run 2 "sarif" --mode backward --format sarif v1.proto v2.proto
run 2 "breaking takes no --mode" breaking v2.proto --against v1.proto --mode backward

# 6. Registry inputs give the verdicts of the .proto files they were made from.
run 1 "serialized" --mode full-transitive --format json v1.serialized v2.serialized v3.serialized v4.serialized
sed -i 's/"against":"v\([0-9]\)\.serialized"/"against":"v\1.proto"/' "$TMP/out"
expect_verdicts "serialized" "$req_gone_v2"$'\n'"$req_gone_v3"
run 1 "base64 of a set" --mode backward --format json v1.proto v2.fds.b64
expect_verdicts "base64 of a set" "$req_added"
run 1 "binary FileDescriptorProto" --mode backward --format json v1.serialized v2.fdp
sed -i 's/"against":"v1.serialized"/"against":"v1.proto"/' "$TMP/out"
expect_verdicts "binary FileDescriptorProto" "$req_added"
run 0 "a FileDescriptorProto against its own base64" v2.serialized v2.fdp
# A registry's one file (named order.proto inside) pairs with a local .proto of another
# name, as two .proto files do.
run 0 "registry file against its .proto" v3.serialized v3.proto
run 1 "registry file against a later .proto" --mode forward --format json v3.serialized v4.proto
sed -i 's/"against":"v3.serialized"/"against":"v3.proto"/' "$TMP/out"
expect_verdicts "registry file against a later .proto" "$req_gone_v3"

# A registry's JSON answers: GET /subjects/orders-value/versions/3 (the .proto text of
# v3.proto in "schema") and GET /schemas/ids/104?format=serialized (v4.serialized's
# base64 in "schema"), as Confluent Schema Registry returns them.
run 1 "JSON answers" --mode forward --format json orders-value-3.json schema-104.json
sed -i 's/"against":"orders-value-3.json"/"against":"v3.proto"/' "$TMP/out"
expect_verdicts "JSON answers" "$req_gone_v3"
grep -q '"old_path":"orders-value-3.proto","old_line":6' "$TMP/out" || fail "JSON answer: its text's lines, named after the file"
run 0 "JSON answer against its .proto" orders-value-3.json v3.proto
run 3 "an Avro answer" avro.json v3.proto
grep -q "holds a schema registry's AVRO schema, not a protobuf one" "$TMP/err" || fail "Avro answer: message"

# 7. Bad base64 or truncated descriptors are input errors (3), never compatible.
run 3 "bad base64" bad.b64 v2.proto
grep -q 'bad.b64: error: "bad.b64" is not base64 of a descriptor: a character outside base64 (0x21) at byte 21' "$TMP/err" ||
	{ fail "bad base64: message"; cat "$TMP/err"; }
run 3 "incomplete base64 group" cut.b64 v2.proto
grep -q 'incomplete final group' "$TMP/err" || fail "incomplete group: message"
run 3 "truncated FileDescriptorProto" trunc.serialized v2.proto
grep -q 'is not a valid descriptor set' "$TMP/err" || fail "truncated: message"
printf 'not base64 at all\n' >"$TMP/x.b64"
run 3 "text named .b64" "$TMP/x.b64" v2.proto

echo "registry: $fails failed"
[ "$fails" = 0 ]
