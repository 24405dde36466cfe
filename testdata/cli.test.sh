#!/usr/bin/env bash
# The `protocompat [check] OLD NEW` command end to end: exit codes 0/1/2/3, JSON findings
# against buf 1.75's recorded output (testdata/cli/*/buf.json, see cli/README.md), the
# text format and its summary, single-file pairing, descriptor-set inputs (from
# `protocompat build` and protoc), direction filtering, bad configs and inputs.
# Usage: cli.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$HERE/cli
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_status WANT DESCRIPTION CMD...: runs CMD in the current directory.
expect_status() {
	local want=$1 what=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$what: exit $got, want $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err"; }
}

# buf_keys FILE: buf's keys of each JSON line, in buf's key order, sorted lines.
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

same_as_buf() { # DESCRIPTION OURS BUFS
	if ! diff <(buf_keys "$2") <(buf_keys "$3") >"$TMP/diff"; then
		fail "$1 differs from buf (< ours, > buf)"
		sed 's/^/  | /' "$TMP/diff"
	fi
}

# 1. Directory inputs: findings equal buf's under FILE, WIRE_JSON and WIRE (buf.yaml in NEW).
for c in basic basic_wire_json basic_wire; do
	cd "$CASES/$c" || exit 1
	expect_status 1 "$c json" "$PC" old new --format json
	cp "$TMP/out" "$TMP/$c.json"
	same_as_buf "$c" "$TMP/$c.json" buf.json
done

# Our keys: every line has a direction, categories and severity; placed ones the old place.
python3 - "$TMP/basic.json" <<'PY' || fail "basic: our JSON keys"
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert o["direction"] in ("backward", "forward", "both"), o
    assert o["severity"] == "error" and o["categories"], o
    assert o.get("old_path", "").startswith("old/acme/"), o
    if "path" in o:
        assert o["path"].startswith("new/acme/"), o
PY

# 2. Text: one error line per finding with the rule ID, notes, the summary line.
cd "$CASES/basic" || exit 1
expect_status 1 "basic text" "$PC" check old new
n=$(wc -l <"$TMP/basic.json")
[ "$(grep -c ': error: .* \[[A-Z_]*\]$' "$TMP/out")" = "$n" ] || fail "text: want $n error lines"
grep -q '^new/acme/user.proto:6:3: error: Field "2" with name "age" on message "User" changed type from "int32" to "int64". \[FIELD_SAME_TYPE\]$' "$TMP/out" ||
	fail "text: FIELD_SAME_TYPE line"
grep -q '^old/acme/user.proto:6:3: note: ' "$TMP/out" || fail "text: note with the old place"
grep -q '^new: error: Previously present file "acme/gone.proto" was deleted. \[FILE_NO_DELETE\]$' "$TMP/out" ||
	fail "text: place-less finding names the NEW input"
grep -Eq "^$n breaking changes \([0-9]+ backward, [0-9]+ forward\) in 2 files$" "$TMP/out" || fail "text: summary line"
[ -z "$(grep -c $'\033' "$TMP/out" | grep -v '^0$')" ] || fail "text: colour when not a terminal"

# 3. Compatible: exit 0, nothing printed.
expect_status 0 "identical" "$PC" new new
[ -s "$TMP/out" ] && fail "identical: output not empty"

# 4. Direction filtering: each direction keeps exactly the findings that break it.
for d in backward forward; do
	"$PC" old new --format json --direction "$d" >"$TMP/$d.json"
	python3 - "$TMP/basic.json" "$TMP/$d.json" "$d" <<'PY' || fail "direction $d"
import json, sys
full = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
want = [o for o in full if o["direction"] in (sys.argv[3], "both")]
assert got == want, (got, want)
PY
done
expect_status 2 "bad direction" "$PC" old new --direction sideways

# 5. Options: --use / --except on the command line override buf.yaml.
expect_status 1 "--use FIELD_SAME_TYPE" "$PC" old new --use FIELD_SAME_TYPE --format json
[ "$(grep -c . "$TMP/out")" = 1 ] && grep -q '"type":"FIELD_SAME_TYPE"' "$TMP/out" || fail "--use one rule"
expect_status 1 "--except" "$PC" old new --except FIELD_SAME_TYPE,FIELD_SAME_NAME --format json
grep -q 'FIELD_SAME_TYPE\|"FIELD_SAME_NAME"' "$TMP/out" && fail "--except left a rule in"
expect_status 2 "--use unknown" "$PC" old new --use NOT_A_RULE
expect_status 1 "sarif" "$PC" old new --format sarif
expect_status 2 "unknown format" "$PC" old new --format yaml
grep -q "unknown output format 'yaml'" "$TMP/err" || fail "unknown format: message"
expect_status 2 "unknown option" "$PC" old new --bogus
expect_status 2 "bad --jobs" "$PC" old new --jobs 0

# Threads change nothing: --jobs 1 (everything in turn) prints the same bytes as the
# default (one thread per core), for check and for build, on the example schemas and
# the whole valid corpus.
EX=$HERE/examples
"$PC" --format json "$EX/v1" "$EX/v2" >"$TMP/par.json"
"$PC" --format json --jobs 1 "$EX/v1" "$EX/v2" >"$TMP/seq.json"
[ -s "$TMP/par.json" ] && cmp -s "$TMP/par.json" "$TMP/seq.json" || fail "--jobs 1 changed the findings"
"$PC" build --include-source-info -o "$TMP/par.pb" "$HERE/valid" 2>/dev/null
"$PC" build --include-source-info --jobs 1 -o "$TMP/seq.pb" "$HERE/valid" 2>/dev/null
[ -s "$TMP/par.pb" ] && cmp -s "$TMP/par.pb" "$TMP/seq.pb" || fail "build --jobs 1 changed the descriptor set"
expect_status 2 "one input" "$PC" old

# 6. Single files of different names are paired.
cd "$CASES/single" || exit 1
expect_status 1 "single files" "$PC" old_user.proto user_v2.proto --format json
cp "$TMP/out" "$TMP/single.json"
same_as_buf "single files" "$TMP/single.json" expected.json

# 7. Descriptor sets, from protocompat build and from protoc, on either side.
cd "$CASES/basic" || exit 1
"$PC" build -I old -o "$TMP/old.binpb" acme/user.proto || fail "build old"
"$PC" build -I new -o "$TMP/new.binpb" acme/user.proto || fail "build new"
expect_status 1 "descset both" "$PC" "$TMP/old.binpb" "$TMP/new.binpb" --format json
grep -q '"type":"FIELD_SAME_TYPE"' "$TMP/out" || fail "descset: FIELD_SAME_TYPE"
grep -q '"path":"acme/user.proto"' "$TMP/out" || fail "descset: paths are the names in the set"
if command -v protoc >/dev/null; then
	protoc -I new -o "$TMP/new.pb" acme/user.proto || fail "protoc"
	expect_status 1 "protoc set vs dir" "$PC" "$TMP/old.binpb" "$TMP/new.pb" --format json
	grep -q '"type":"FIELD_SAME_TYPE"' "$TMP/out" || fail "protoc set: FIELD_SAME_TYPE"
	expect_status 0 "protoc set vs our set of the same file" "$PC" "$TMP/new.binpb" "$TMP/new.pb"
fi

# 8. Bad inputs: parse errors are exit 3 with the diagnostics; missing files exit 2.
cd "$CASES/badparse" || exit 1
expect_status 3 "NEW does not parse" "$PC" good.proto bad.proto
grep -q '^bad.proto:3:1: error: ' "$TMP/err" || fail "parse error diagnostic"
expect_status 3 "OLD does not parse" "$PC" bad.proto good.proto
expect_status 2 "missing file" "$PC" good.proto missing.proto
grep -q 'missing.proto' "$TMP/err" || fail "missing file named"
printf 'garbage' >"$TMP/x.pb"
expect_status 3 "not a descriptor set nor proto" "$PC" good.proto "$TMP/x.pb"

# 9. Bad configuration: file:line:col and exit 2, explicit or found in NEW's root.
cd "$CASES/badconfig" || exit 1
expect_status 2 "unknown rule in buf.yaml" "$PC" old new
grep -q '^new/buf.yaml:4:12: error: "NOT_A_RULE" is not a known rule or category ID$' "$TMP/err" ||
	fail "bad config message"
expect_status 2 "missing --config" "$PC" old new --config "$TMP/none.yaml"
printf 'breaking:\n  direction: backward\n' >"$TMP/protocompat.yaml"
expect_status 0 "--config protocompat.yaml" "$PC" old new --config "$TMP/protocompat.yaml"
# A buf.yaml or protocompat.yaml in NEW's root that is a directory or a dangling link is
# an error (buf 1.75 silently uses its defaults for both; docs/configuration.md).
mkdir -p "$TMP/cfg" && cp -r "$CASES/basic/old" "$CASES/basic/new" "$TMP/cfg/" && cd "$TMP/cfg" || exit 1
rm -f new/buf.yaml && mkdir new/buf.yaml
expect_status 2 "buf.yaml is a directory" "$PC" old new
grep -qx 'new/buf.yaml: error: cannot read "new/buf.yaml": it is a directory, not a configuration file' "$TMP/err" ||
	fail "buf.yaml directory: message"
rmdir new/buf.yaml && ln -s nowhere.yaml new/protocompat.yaml
expect_status 2 "protocompat.yaml is a dangling link" "$PC" old new
grep -qx 'new/protocompat.yaml: error: cannot read "new/protocompat.yaml": it is a symbolic link to "nowhere.yaml", which does not exist' "$TMP/err" ||
	fail "dangling protocompat.yaml: message"
rm new/protocompat.yaml && mkfifo new/buf.yaml
expect_status 2 "buf.yaml is a FIFO" "$PC" old new
grep -qx 'new/buf.yaml: error: cannot read "new/buf.yaml": it is not a regular file' "$TMP/err" ||
	fail "buf.yaml FIFO: message"
rm new/buf.yaml
expect_status 1 "no configuration at all: buf's defaults" "$PC" old new
cd "$CASES/badconfig" || exit 1

# A configuration whose rules: file adds many rules: the rule selection used to be sized
# before these were loaded and wrote past its array (caught in the ASan build only since
# arenas have redzones; see src/tests/test_arena.c).
python3 - "$TMP/many_rules.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("rules:\n")
    for i in range(40):
        f.write("  - id: ACME_RULE_%d\n    directions: both\n    severity: error\n"
                "    purpose: Test rule %d.\n    on: FIELD_DELETED\n"
                "    message: 'Field \"{number}\" deleted (%d).'\n"
                "    explanation: Test.\n    fix: Keep it.\n" % (i, i, i))
PY
printf 'version: v2\nbreaking:\n  use: [FILE]\n  rules: [many_rules.yaml]\n' >"$TMP/many.yaml"
expect_status 1 "config adding 40 rules" "$PC" "$CASES/basic/old" "$CASES/basic/new" --config "$TMP/many.yaml" --format json
[ "$(grep -c '"type":"ACME_RULE_' "$TMP/out")" -ge 40 ] || fail "config adding 40 rules: each fires"

# 10. rules and explain.
expect_status 0 "rules" "$PC" rules
grep -q '^FIELD_SAME_TYPE ' "$TMP/out" || fail "rules lists FIELD_SAME_TYPE"
expect_status 0 "rules json" "$PC" rules --format json
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$TMP/out" || fail "rules json parses"
expect_status 0 "explain" "$PC" explain FIELD_SAME_TYPE
grep -q '^categories: FILE, PACKAGE' "$TMP/out" || fail "explain categories"
# a check option would be ignored there: refused instead
expect_status 2 "rules --mode" "$PC" rules --mode backward
grep -q "takes --rules and --format only, not '--mode'" "$TMP/err" || fail "rules --mode: says why"
expect_status 2 "explain --profile" "$PC" explain --profile confluent FIELD_SAME_TYPE
expect_status 2 "explain unknown" "$PC" explain NOT_A_RULE
grep -qx "protocompat: error: unknown rule 'NOT_A_RULE' (run 'protocompat rules' for the list)" "$TMP/err" ||
	fail "explain unknown: message without a hint"

# 11. An unknown name suggests the closest rule ID, deprecated ID or category.
expect_status 2 "explain a typo" "$PC" explain FILED_SAME_TYPE
grep -qx "protocompat: error: unknown rule 'FILED_SAME_TYPE'; did you mean FIELD_SAME_TYPE? (run 'protocompat rules' for the list)" "$TMP/err" ||
	fail "explain: did you mean"
cd "$CASES/basic" || exit 1
expect_status 2 "--use a typo" "$PC" old new --use FIELD_NO_DELET
grep -qx 'error: "FIELD_NO_DELET" is not a known rule or category ID; did you mean FIELD_NO_DELETE?' "$TMP/err" ||
	fail "--use: did you mean"
expect_status 2 "--except a category typo" "$PC" old new --except wire_jsn
grep -qx 'error: "wire_jsn" is not a known rule or category ID; did you mean WIRE_JSON?' "$TMP/err" ||
	fail "--except: did you mean"
expect_status 2 "--use a v1 ID in v2" "$PC" old new --use FIELD_SAME_LABEL
grep -qx 'error: "FIELD_SAME_LABEL" is not a known rule or category ID; it is a buf.yaml v1beta1/v1 ID, replaced by FIELD_SAME_CARDINALITY, FIELD_WIRE_COMPATIBLE_CARDINALITY, FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY' "$TMP/err" ||
	fail "--use FIELD_SAME_LABEL: the versions"
printf 'version: v2\nbreaking:\n  use: [FILE]\n  except: [FILE_SAME_GO_PACKAG]\n' >"$TMP/typo.yaml"
expect_status 2 "config except a typo" "$PC" old new --config "$TMP/typo.yaml"
grep -qx "$TMP/typo.yaml:4:12: error: \"FILE_SAME_GO_PACKAG\" is not a known rule or category ID; did you mean FILE_SAME_GO_PACKAGE?" "$TMP/err" ||
	fail "config except: did you mean"
printf 'version: v2\nbreaking:\n  ignore_only:\n    FIELD_NO_DELET: [acme]\n' >"$TMP/typo.yaml"
expect_status 2 "config ignore_only a typo" "$PC" old new --config "$TMP/typo.yaml"
grep -qx "$TMP/typo.yaml:4:5: error: \"FIELD_NO_DELET\" is not a known rule or category ID; did you mean FIELD_NO_DELETE?" "$TMP/err" ||
	fail "config ignore_only: did you mean"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "cli: all passed"
