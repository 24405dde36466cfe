#!/usr/bin/env bash
# `protocompat --version`: the version of project() and the git revision the binary was
# built from (src/revision.cmake): in a git checkout HEAD's commit (-dirty with
# changes), in a `git archive` tarball the commit git wrote into src/revision.txt, in
# a copy without either "unknown".
# Usage: version.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passed=$((passed + 1)); }

want=$(sed -n 's/^project(protocompat VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
got=$("$PC" --version)
echo "$got" | grep -qE "^protocompat $want \(git ([0-9a-f]{12}(-dirty)?|unknown)\)\$" && ok ||
	fail "--version: '$got', want 'protocompat $want (git REVISION)'"

if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	head=$(git -C "$ROOT" rev-parse HEAD)
	# the binary was built from this checkout (ctest runs it from the same tree)
	echo "$got" | grep -q "(git ${head:0:12}" && ok || echo "note: built from another commit than HEAD ($got)"
	mkdir "$tmp/tarball"
	git -C "$ROOT" archive HEAD src/revision.cmake src/revision.txt | tar -x -C "$tmp/tarball"
	cmake -DSRC="$tmp/tarball" -DOUT="$tmp/rev.c" -DVERSION="$want" -P "$tmp/tarball/src/revision.cmake"
	grep -q "pc_build_revision\[\] = \"${head:0:12}\";" "$tmp/rev.c" && ok ||
		fail "tarball: $(grep revision\\[ "$tmp/rev.c")"
	rm "$tmp/tarball/src/revision.txt"
	cmake -DSRC="$tmp/tarball" -DOUT="$tmp/rev2.c" -DVERSION="$want" -P "$tmp/tarball/src/revision.cmake"
	grep -q 'pc_build_revision\[\] = "unknown";' "$tmp/rev2.c" && ok || fail "no git, no revision.txt: $(cat "$tmp/rev2.c")"
	grep -q "pc_build_version\\[\\] = \"$want\";" "$tmp/rev2.c" && ok || fail "version not written"
else
	echo "not a git checkout: the tarball cases are not run"
fi
echo "version: $passed passed, $fails failed"
[ "$fails" = 0 ]
