#!/usr/bin/env bash
# The report formats end to end (--format sarif, junit, github, gitlab, msvs): golden
# outputs for testdata/examples v1 -> v2 and a deleted-file case (formats/*/expected.*),
# each golden checked against buf 1.75's own output for the same case (formats/*/buf.*,
# recorded as formats/README.md says); the XML parses, the JSON loads, SARIF validates
# against the official SARIF 2.1.0 schema (npm @microsoft/jest-sarif ships it; fetched
# into a cache with `npm pack` when npm is there) and against our subset schema written
# from the spec; empty reports are valid documents; fingerprints survive line shifts;
# paths with ',', ':', ' ' and '%' are escaped as each format wants.
# Usage: formats.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
F=$HERE/formats
CHECK="python3 $F/check.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run WANT_STATUS OUT DIR ARGS...: runs protocompat in DIR, stdout to OUT.
run() {
	local want=$1 out=$2 dir=$3
	shift 3
	(cd "$dir" && "$PC" "$@") >"$out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || { fail "$dir: protocompat $*: exit $got, want $want"; sed 's/^/  | /' "$TMP/err"; }
}

ext_of() {
	case $1 in
	junit) echo junit.xml ;;
	gitlab) echo gitlab.json ;;
	*) echo "$1" ;;
	esac
}

# 1. Goldens: our output equals expected.* (SARIF with the tool version and the rule
#    texts masked, since those belong to the catalog), and expected.* agree with buf.
"$PC" rules --format json >"$TMP/rules.json" || fail "rules --format json"
golden() { # NAME DIR OLD NEW LABEL
	local name=$1 dir=$2 old=$3 new=$4 label=$5 fmt ext
	for fmt in msvs github junit gitlab sarif; do
		ext=$(ext_of $fmt)
		run 1 "$TMP/$name.$ext" "$dir" "$old" "$new" --format $fmt
		if [ $fmt = sarif ]; then
			$CHECK normalize "$TMP/$name.$ext" >"$TMP/ours.norm" &&
				$CHECK normalize "$F/$name/expected.$ext" >"$TMP/want.norm" &&
				diff -u "$TMP/want.norm" "$TMP/ours.norm" >"$TMP/diff" ||
				{ fail "$name $fmt differs from expected.$ext"; sed 's/^/  | /' "$TMP/diff"; }
			$CHECK texts "$TMP/$name.$ext" "$TMP/rules.json" || fail "$name sarif: rule texts"
		elif ! diff -u "$F/$name/expected.$ext" "$TMP/$name.$ext" >"$TMP/diff"; then
			fail "$name $fmt differs from expected.$ext"
			sed 's/^/  | /' "$TMP/diff"
		fi
	done
	$CHECK buf "$F/$name" "$label" || fail "$name: expected.* against buf 1.75"
	$CHECK parse "$TMP/$name.junit.xml" "$TMP/$name.gitlab.json" "$TMP/$name.sarif" || fail "$name: parse"
	$CHECK fingerprints "$TMP/$name.gitlab.json" || fail "$name: gitlab fingerprints"
}
golden examples "$HERE/examples" v1 v2 v2
golden deleted "$F/deleted" old new new

# 2. SARIF against the official schema, and against our subset written from the spec.
python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is not installed"
SCHEMA_NAME=sarif-2.1.0-rtm.5.json
SCHEMA_SHA256=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
schema=${PC_SARIF_SCHEMA:-}
if [ -z "$schema" ]; then
	cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/protocompat
	schema=$cache/$SCHEMA_NAME
	if [ ! -s "$schema" ] && command -v npm >/dev/null 2>&1; then
		mkdir -p "$cache" "$TMP/pack"
		(cd "$TMP/pack" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1) &&
			tar -xzf "$TMP/pack/microsoft-jest-sarif-1.0.0-beta.0.tgz" -C "$TMP/pack" \
				"package/lib/schemas/$SCHEMA_NAME" &&
			cp "$TMP/pack/package/lib/schemas/$SCHEMA_NAME" "$schema"
	fi
fi
# An empty report is a valid document too (and exit 0).
run 0 "$TMP/empty.sarif" "$HERE/examples" v1 v1 --format sarif
if [ -s "$schema" ]; then
	[ "$(sha256sum <"$schema" | cut -d' ' -f1)" = "$SCHEMA_SHA256" ] || fail "$schema: not the pinned schema"
	$CHECK schema "$schema" "$TMP/examples.sarif" "$TMP/deleted.sarif" "$TMP/empty.sarif" ||
		fail "SARIF against the official 2.1.0 schema"
	echo "formats: SARIF validated against the official schema ($SCHEMA_NAME)"
else
	echo "formats: NOTE: the official SARIF schema is not available (no npm, no cache, no" \
		"PC_SARIF_SCHEMA); validating against the subset schema only"
fi
$CHECK schema "$F/sarif-subset.schema.json" "$TMP/examples.sarif" "$TMP/deleted.sarif" "$TMP/empty.sarif" ||
	fail "SARIF against the subset schema"

# 3. Empty reports: documents for sarif, junit, gitlab; nothing for github, msvs.
run 0 "$TMP/empty.junit.xml" "$HERE/examples" v1 v1 --format junit
run 0 "$TMP/empty.gitlab.json" "$HERE/examples" v1 v1 --format gitlab
$CHECK parse "$TMP/empty.junit.xml" "$TMP/empty.gitlab.json" "$TMP/empty.sarif" || fail "empty: parse"
[ "$(cat "$TMP/empty.gitlab.json")" = "[]" ] || fail "empty gitlab: want []"
grep -q 'tests="0" failures="0"' "$TMP/empty.junit.xml" || fail "empty junit: counts"
for fmt in github msvs; do
	run 0 "$TMP/empty.$fmt" "$HERE/examples" v1 v1 --format $fmt
	[ -s "$TMP/empty.$fmt" ] && fail "empty $fmt: printed something"
done

# 4. Fingerprints ignore line numbers: three lines more above every finding.
mkdir -p "$TMP/shift"
cp -r "$F/deleted/old" "$F/deleted/new" "$TMP/shift/"
{ printf '// shifted\n// by three\n\n'; cat "$F/deleted/new/acme/shop/cart.proto"; } >"$TMP/shift/cart"
mv "$TMP/shift/cart" "$TMP/shift/new/acme/shop/cart.proto"
run 1 "$TMP/shift.gitlab.json" "$TMP/shift" old new --format gitlab
python3 - "$F/deleted/expected.gitlab.json" "$TMP/shift.gitlab.json" <<'PY' || fail "fingerprints after a line shift"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert [x["fingerprint"] for x in a] == [x["fingerprint"] for x in b], "fingerprints changed"
moved = [(x["location"]["lines"]["begin"], y["location"]["lines"]["begin"]) for x, y in zip(a, b)
         if x["location"]["path"].startswith("new/")]
assert moved and all(y == x + 3 for x, y in moved), moved
PY

# 5. Escaping: a directory named with ',', ':', ' ' and '%'.
odd="odd,dir: 100%"
mkdir -p "$TMP/$odd"
cp -r "$F/deleted/old" "$F/deleted/new" "$TMP/$odd/"
run 1 "$TMP/odd.github" "$TMP" "$odd/old" "$odd/new" --format github
grep -qF '::error file=odd%2Cdir%3A 100%25/new/acme/shop/cart.proto,line=8,col=3,endLine=8,endColumn=21,title=FIELD_SAME_TYPE::Field "2"' \
	"$TMP/odd.github" || { fail "github: property escaping"; sed 's/^/  | /' "$TMP/odd.github"; }
run 1 "$TMP/odd.sarif" "$TMP" "$odd/old" "$odd/new" --format sarif
grep -qF '"uri": "odd%2Cdir%3A%20100%25/new/acme/shop/cart.proto"' "$TMP/odd.sarif" || fail "sarif: uri encoding"
$CHECK schema "$F/sarif-subset.schema.json" "$TMP/odd.sarif" || fail "odd sarif: subset schema"
run 1 "$TMP/odd.junit.xml" "$TMP" "$odd/old" "$odd/new" --format junit
run 1 "$TMP/odd.gitlab.json" "$TMP" "$odd/old" "$odd/new" --format gitlab
$CHECK parse "$TMP/odd.junit.xml" "$TMP/odd.gitlab.json" "$TMP/odd.sarif" || fail "odd: parse"
run 1 "$TMP/odd.msvs" "$TMP" "$odd/old" "$odd/new" --format msvs
grep -qF "$odd/new/acme/shop/cart.proto(8,3) : error FIELD_SAME_TYPE : " "$TMP/odd.msvs" || fail "msvs: odd path"
grep -qxF "$odd/new : error FILE_NO_DELETE : Previously present file \"acme/shop/legacy.proto\" was deleted." \
	"$TMP/odd.msvs" || fail "msvs: place-less line names the NEW argument"

# 6. An unknown format is a usage error.
run 2 "$TMP/bad" "$HERE/examples" v1 v2 --format xml
grep -q "unknown output format 'xml'" "$TMP/err" || fail "unknown format: message"
run 2 "$TMP/bad" "$HERE/examples" rules --format sarif
grep -q "'rules' prints text or json only" "$TMP/err" || fail "rules --format sarif: message"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "formats: all passed"
