#!/usr/bin/env bash
# The AIP rule pack (rules/aip.yaml, docs/aip.md): every case of testdata/aip/cases/NAME/
# (old/t.proto, new/t.proto, each naming what it checks and where the expectation comes
# from: an AIP or proto-breaking-change-detector's behaviour) is run as
#     protocompat --use AIP -I testdata/aip/googleapis old new
# and its findings, as "LINE RULE MESSAGE" (NEW's line), must equal the case's `want`
# (written by hand from the AIP text; empty: no finding, exit 0). Also: without
# `--use AIP` no case yields an AIP finding (the pack is opt-in), and the text output
# names the audiences and directions each rule claims.
# Usage: aip.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
G=$HERE/aip/googleapis
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
fails=0 passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for d in "$HERE"/aip/cases/*/; do
	name=$(basename "$d")
	(cd "$d" && "$PC" --use AIP --format json -I "$G" old new) >"$TMP/out.json" 2>"$TMP/err"
	rc=$?
	want_rc=0
	[ -s "$d/want" ] && want_rc=1
	if [ $rc != $want_rc ]; then
		fail "$name: exit $rc, want $want_rc"
		sed 's/^/  | /' "$TMP/err"
		continue
	fi
	/usr/bin/python3 - "$TMP/out.json" >"$TMP/got" <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    f = json.loads(line)
    print(f"{f['start_line']} {f['type']} {f['message']}")
PYEOF
	if diff -u <(sort "$d/want") <(sort "$TMP/got") >"$TMP/diff"; then
		passes=$((passes + 1))
	else
		fail "$name"
		sed 's/^/  | /' "$TMP/diff"
	fi
	# Opt-in: the default rules never report an AIP finding.
	(cd "$d" && "$PC" --format json -I "$G" old new) >"$TMP/def.json" 2>&1
	if grep -q '"AIP_' "$TMP/def.json"; then fail "$name: AIP finding without --use AIP"; else passes=$((passes + 1)); fi
done

# Directions per audience in the text notes.
(cd "$HERE/aip/cases/http_path_changed" && "$PC" --use AIP -I "$G" old new) >"$TMP/t.txt" 2>&1
grep -q 'breaks backward for JSON)' "$TMP/t.txt" && passes=$((passes + 1)) || { fail "http_path_changed: JSON backward note"; cat "$TMP/t.txt"; }
(cd "$HERE/aip/cases/lro_response_changed" && "$PC" --use AIP -I "$G" --audience source old new) >"$TMP/t.txt" 2>&1
grep -q 'AIP_LRO_SAME_TYPES' "$TMP/t.txt" && passes=$((passes + 1)) || { fail "lro_response_changed: source audience"; cat "$TMP/t.txt"; }
(cd "$HERE/aip/cases/http_path_changed" && "$PC" --use AIP -I "$G" --audience wire old new) >"$TMP/t.txt" 2>&1
[ $? = 0 ] && passes=$((passes + 1)) || { fail "http_path_changed: a gRPC-only (wire) audience is not broken by an HTTP URL"; cat "$TMP/t.txt"; }

# FIELD_ADDED's new.s (the added field's options, read by AIP_FIELD_NO_REQUIRED_NEW) is
# the text format python3-protobuf prints for the same FieldOptions (protoc 3.21's
# descriptor), on one line, in braces.
c=$HERE/aip/cases/new_required_field_listed
got=$(cd "$c" && "$PC" --rules "$HERE/aip/rules/show_added_options.yaml" --use TEST_SHOW_ADDED_OPTIONS --format json -I "$G" old new |
	/usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["message"])')
if protoc -I "$G" -I "$c/new" --include_imports -o "$TMP/n.pb" "$c/new/t.proto" 2>/dev/null; then
	want=$(/usr/bin/python3 - "$TMP/n.pb" <<'PYEOF'
import sys
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format
fds = descriptor_pb2.FileDescriptorSet()
fds.ParseFromString(open(sys.argv[1], "rb").read())
pool = descriptor_pool.DescriptorPool()
for f in fds.file:
    pool.Add(f)
t = [f for f in fds.file if f.name == "t.proto"][0]
field = [f for f in t.message_type[0].field if f.name == "book"][0]
cls = message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("google.protobuf.FieldOptions"))
m = cls()
m.ParseFromString(field.options.SerializeToString())
print("{ " + text_format.MessageToString(m, as_one_line=True, descriptor_pool=pool) + " }")
PYEOF
)
	[ "$got" = "$want" ] && passes=$((passes + 1)) || fail "FIELD_ADDED new.s: got '$got', python3 text_format '$want'"
else
	fail "protoc could not compile new_required_field_listed"
fi

echo "aip: $passes passed, $fails failed"
[ $fails = 0 ]
