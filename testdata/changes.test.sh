#!/usr/bin/env bash
# `protocompat changes` and the markdown report (docs/changes.md, docs/formats.md):
# - goldens of testdata/changes/{additions,options,comments}: text and JSON changelogs,
#   each JSON also re-derived independently by changes/check.py from protoc's
#   descriptors and python3-protobuf's text format (additions, option values, comments);
# - a user rule file on OPTION_CHANGED (changes/user_rule/rules.yaml) through --rules;
# - without such a rule, a check lists no option change and its findings stay buf's;
# - markdown (changes and check) rendered with python3-markdown: table structure, rows
#   and links against the JSON of the same run (changes/md_check.py);
# - usage errors.
# Usage: changes.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
C=$HERE/changes
PY=/usr/bin/python3
PROTOC=${PROTOC:-/usr/bin/protoc}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }

# same WANT GOT WHAT
same() {
	if diff -u "$1" "$2" >"$TMP/diff"; then pass; else fail "$3"; sed 's/^/  | /' "$TMP/diff"; fi
}

# run WANT_STATUS OUT ARGS...: protocompat in testdata/changes
run() {
	local want=$1 out=$2
	shift 2
	(cd "$C" && "$PC" "$@") >"$out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "protocompat $*: exit $got, want $want"; sed 's/^/  | /' "$TMP/err"; }
}

have_protoc=1
[ -x "$PROTOC" ] || { echo "no protoc at $PROTOC: the independent checks are skipped"; have_protoc=0; }

for case in additions options comments; do
	flags=()
	[ $case = comments ] && flags=(--comments)
	run 0 "$TMP/$case.txt" changes "${flags[@]}" "$case/old" "$case/new"
	same "$C/$case/expected.txt" "$TMP/$case.txt" "$case: text changelog"
	run 0 "$TMP/$case.json" changes "${flags[@]}" --format json "$case/old" "$case/new"
	same "$C/$case/expected.json" "$TMP/$case.json" "$case: json changelog"
	if [ $have_protoc = 1 ]; then
		if (cd "$C" && $PY check.py "$case" "$TMP/$case.json" "$PROTOC"); then pass; else fail "$case: check.py"; fi
	fi
done

# Descriptor sets (protoc -o, no source info) give the same changes, placed at files.
if [ $have_protoc = 1 ]; then
	for s in old new; do
		"$PROTOC" -I "$C/options/$s" --include_imports -o "$TMP/$s.binpb" acme/api.proto || fail "protoc $s"
	done
	"$PC" changes --format json "$TMP/old.binpb" "$TMP/new.binpb" >"$TMP/ds.json" || fail "changes on descriptor sets"
	$PY - "$TMP/ds.json" "$TMP/options.json" <<'PYEOF' && pass || fail "descriptor sets: other changes"
import json, sys
def rows(p):
    d = json.load(open(p))
    return sorted((c["kind"], c["element"], c["description"], c["breaking"]) for q in d["packages"] for c in q["changes"])
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert a == b, (a, b)
PYEOF
fi

# Comments are listed only on request.
run 0 "$TMP/nocomments.txt" changes comments/old comments/new
grep -q '^0 changes: ' "$TMP/nocomments.txt" && pass || fail "comments listed without --comments"

# A user's rules on their own options, through --rules.
run 1 "$TMP/user.txt" --rules user_rule/rules.yaml \
	--use FILE,ACME_OWNER_TEAM_SAME,ACME_BEHAVIOR_NO_HIGH_ADDED,ACME_RULE_MIN_SAME options/old options/new
same "$C/user_rule/expected.txt" "$TMP/user.txt" "user rules on OPTION_CHANGED"
# ...and `changes` marks what they find breaking (user rules without categories run
# unless excepted, as docs/rules.md says).
run 0 "$TMP/user.json" changes --format json --rules user_rule/rules.yaml \
	--except ACME_OWNER_TEAM_SAME options/old options/new
$PY - "$TMP/user.json" <<'PYEOF' && pass || fail "changes: user rule marks breaking"
import json, sys
d = json.load(open(sys.argv[1]))
ch = [c for p in d["packages"] for c in p["changes"]]
hit = [c for c in ch if c["rules"] == ["ACME_RULE_MIN_SAME"]]
assert len(hit) == 1 and hit[0]["option"] == "(acme.opts.rule).min" and hit[0]["bump"] == "major", hit
by_rule = sorted(r for c in ch for r in c["rules"])
assert by_rule == ["ACME_BEHAVIOR_NO_HIGH_ADDED"] * 2 + ["ACME_RULE_MIN_SAME", "FILE_SAME_GO_PACKAGE"], by_rule
assert d["breaking"] == 4 and d["bump"] == "major", d["breaking"]
PYEOF

# Without a rule on options, a check's findings are the same as before (FILE: only
# go_package here, as buf reports it).
run 1 "$TMP/plain.json" --format json options/old options/new
$PY - "$TMP/plain.json" <<'PYEOF' && pass || fail "plain check on options case"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["type"] for r in rows] == ["FILE_SAME_GO_PACKAGE"], rows
PYEOF

# Markdown: goldens, then rendered and checked against the JSON of the same input.
run 0 "$TMP/options.md" changes --format markdown --link-base https://example.com/r/blob/abc options/old options/new
same "$C/options/expected.md" "$TMP/options.md" "options: markdown changelog"
for case in additions options; do
	run 0 "$TMP/$case.md" changes --format markdown --link-base https://example.com/r/blob/abc/ "$case/old" "$case/new"
	if $PY "$C/md_check.py" changes "$TMP/$case.md" "$TMP/$case.json" https://example.com/r/blob/abc/; then
		pass
	else
		fail "$case: markdown changelog structure"
	fi
done
(cd "$HERE/examples" && GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/schemas GITHUB_SHA=0123abc \
	"$PC" --format markdown v1 v2) >"$TMP/report.md"
same "$C/report/expected.md" "$TMP/report.md" "check --format markdown (GitHub env)"
(cd "$HERE/examples" && "$PC" --format json v1 v2) >"$TMP/report.json"
if $PY "$C/md_check.py" check "$TMP/report.md" "$TMP/report.json" https://github.com/acme/schemas/blob/0123abc/; then
	pass
else
	fail "check markdown structure"
fi
# The heading is the text report's summary line: warnings (here Confluent's compatible
# differences) are counted apart from breaking changes, as docs/formats.md says.
CF=$HERE/confluent/24_incompatible_field_type_change
"$PC" --profile confluent "$CF/original/schema.proto" "$CF/update/schema.proto" | tail -n 1 >"$TMP/cf.txt"
"$PC" --profile confluent --format markdown "$CF/original/schema.proto" "$CF/update/schema.proto" |
	sed -n '1s/^### protocompat: //p' >"$TMP/cf.md"
same "$TMP/cf.txt" "$TMP/cf.md" "markdown heading = text summary line (with warnings)"
grep -qx '2 breaking changes and 1 warning (2 backward, 2 forward) in 1 file' "$TMP/cf.txt" && pass ||
	fail "confluent case 24: summary line"
# PROTOCOMPAT_LINK_BASE wins over the GitHub variables; no base, no links.
(cd "$HERE/examples" && PROTOCOMPAT_LINK_BASE=https://git.example/x GITHUB_SERVER_URL=https://github.com \
	GITHUB_REPOSITORY=acme/schemas GITHUB_SHA=0123abc "$PC" --format markdown v1 v2) >"$TMP/base.md"
grep -q '](https://git.example/x/v2/acme/user/v1/user.proto#L11)' "$TMP/base.md" && pass || fail "PROTOCOMPAT_LINK_BASE"
(cd "$HERE/examples" && env -u GITHUB_SERVER_URL -u GITHUB_REPOSITORY -u GITHUB_SHA -u PROTOCOMPAT_LINK_BASE \
	"$PC" --format markdown v1 v2) >"$TMP/nolink.md"
grep -q '](' "$TMP/nolink.md" && fail "links without a base" || pass
(cd "$HERE/examples" && "$PC" --format markdown v1 v1) >"$TMP/empty.md"
[ "$(cat "$TMP/empty.md")" = "### protocompat: no breaking changes" ] && pass || fail "empty markdown report"

# A finding of severity warning does not make a change breaking: Confluent's checker
# counts a removed field (FIELD_REMOVED; FIELD_ADDED seen the other way) as compatible,
# and `check` passes on it.
printf 'syntax = "proto3";\npackage p;\nmessage M { int32 a = 1; string b = 2; }\n' >"$TMP/cf_old.proto"
printf 'syntax = "proto3";\npackage p;\nmessage M { int32 a = 1; }\n' >"$TMP/cf_new.proto"
"$PC" changes --profile confluent --format json "$TMP/cf_old.proto" "$TMP/cf_new.proto" >"$TMP/cf.json" 2>&1
/usr/bin/python3 - "$TMP/cf.json" <<'PYEOF' && pass || fail "changes --profile confluent: a warning is not breaking"
import json, sys
d = json.load(open(sys.argv[1]))
ch = [c for p in d["packages"] for c in p["changes"]]
assert d["breaking"] == 0 and d["bump"] == "patch", d
# FIELD_REMOVED, and FIELD_ADDED from the FORWARD comparison (NEW as the original)
got = sorted((c["kind"], c["breaking"], c["rules"][0]) for c in ch)
assert got == [("CONFLUENT", False, "FIELD_ADDED"), ("CONFLUENT", False, "FIELD_REMOVED")], ch
PYEOF
"$PC" --profile confluent "$TMP/cf_old.proto" "$TMP/cf_new.proto" >/dev/null 2>&1 && pass || fail "check --profile confluent fails on a warning"

# Usage errors: exit 2 with a message.
run 2 "$TMP/u1" changes --format sarif options/old options/new
grep -q "unknown changes format 'sarif'" "$TMP/err" && pass || fail "changes --format sarif message"
run 2 "$TMP/u2" changes options/old
run 2 "$TMP/u3" changes --link-base
run 3 "$TMP/u4" changes "$HERE/invalid/aggregate_duplicate_field.proto" options/new/acme/api.proto

echo "$passes passed, $fails failed"
[ $fails = 0 ]
