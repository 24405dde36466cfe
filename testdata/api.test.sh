#!/usr/bin/env bash
# The C library (src/protocompat.h) against the command: docs/example/check.c, built
# against libprotocompat.so as build/api_example, must report exactly what
# `protocompat --format json` reports (rule, place, message, per-audience directions)
# and exit with the same status, on the bundled examples, on every testdata/breaking
# case, and on inputs that fail to parse (same diagnostics). The two
# paths share the check but not the printing: report.c writes the JSON, api.c fills
# the public structs. Also: libprotocompat.so exports only protocompat_* and has the
# SONAME libprotocompat.so.MAJOR.
# Usage: api.test.sh PATH/TO/protocompat (api_example and the library sit beside it)
set -u
PC=$(realpath "$1")
BUILD=$(dirname "$PC")
EX=$BUILD/api_example
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0 checked=0 passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# What check.c prints for each JSON finding of the command.
from_json() {
	/usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    f = json.loads(line)
    place = "%s:%d:%d: " % (f["path"], f["start_line"], f["start_column"]) if "path" in f else f.get("old_path", "-") + ": "
    print("%s%s: %s (wire %s, json %s, source %s)" % (place, f["type"], f["message"], f["wire"], f["json"], f["source"]))
'
}

# compare OLD NEW [--direction D]
compare() {
	local old=$1 new=$2
	shift 2
	"$PC" check "$@" --format json "$old" "$new" >"$TMP/cli.json" 2>"$TMP/cli.err"
	local want=$?
	"$EX" "$@" "$old" "$new" >"$TMP/ex.out" 2>"$TMP/ex.err"
	local got=$? before=$fails
	checked=$((checked + 1))
	[ "$got" = "$want" ] || fail "$old $new $*: library status $got, command $want"
	from_json <"$TMP/cli.json" >"$TMP/want"
	sed '$d' "$TMP/ex.out" >"$TMP/got"
	diff -u "$TMP/want" "$TMP/got" >"$TMP/diff" || { fail "$old $new $*: findings differ"; cat "$TMP/diff"; }
	diff -u "$TMP/cli.err" "$TMP/ex.err" >"$TMP/diff" || { fail "$old $new $*: diagnostics differ"; cat "$TMP/diff"; }
	local n
	n=$(wc -l <"$TMP/want")
	tail -n 1 "$TMP/ex.out" | grep -q "^$n findings; protocompat [0-9.]* ([^)]*); status $want\$" ||
		fail "$old $new $*: summary line: $(tail -n 1 "$TMP/ex.out")"
	[ "$fails" = "$before" ] && passed=$((passed + 1))
}

cd "$HERE/.." || exit 2
compare testdata/examples/v1 testdata/examples/v2
compare testdata/examples/v1 testdata/examples/v2 --direction backward
compare testdata/examples/v1 testdata/examples/v2 --direction forward
compare testdata/examples/v2 testdata/examples/v2
for d in testdata/breaking/*/*/; do
	[ -d "$d/old" ] && [ -d "$d/new" ] || continue
	compare "$d/old" "$d/new"
done
compare testdata/invalid/bad_escape.proto testdata/examples/v2/acme/user/v1/user.proto
compare testdata/examples/v1 testdata/no-such-directory

# Only the public API is exported.
so=$BUILD/libprotocompat.so
if command -v nm >/dev/null; then
	nm -D --defined-only "$so" | awk '{print $3}' >"$TMP/syms"
	grep -v '^protocompat_' "$TMP/syms" >"$TMP/extra" && { fail "exported beyond the API:"; cat "$TMP/extra"; }
	grep -c '^protocompat_' "$TMP/syms" | grep -qx '0' && fail "no protocompat_ symbol exported"
	grep -o '^PROTOCOMPAT_API [^(]*(' src/protocompat.h | sed 's/.*[ *]\([a-z_]*\)($/\1/' | sort >"$TMP/declared"
	sort "$TMP/syms" | diff -u "$TMP/declared" - >"$TMP/diff" || { fail "exports != declarations"; cat "$TMP/diff"; }
fi
if command -v objdump >/dev/null; then
	objdump -p "$so" | grep -q 'SONAME *libprotocompat\.so\.[0-9]*$' || fail "no SONAME libprotocompat.so.N"
fi

echo "api: $checked comparisons, $passed agree; $fails failures"
[ "$fails" = 0 ]
