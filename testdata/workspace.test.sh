#!/usr/bin/env bash
# Workspaces and `protocompat breaking` end to end: the CI gate of workspace/ci-gate.sh
# run unchanged with protocompat in place of buf (its output with buf 1.75 is recorded
# in workspace/v2/ci-gate.buf.out), buf's text layout and exit status 100, and the
# golden message and exit status of every input that cannot be checked: empty
# directories, a module emptied by its excludes, a buf.yaml that is a directory or a
# link to nothing, a --path matching nothing, configuration data with an error, module counts buf cannot pair, a
# missing import inside a workspace. The buf-equivalence of workspace layouts is
# testdata/scenarios' job; the messages here are ours (buf's say the same things in
# other words: "Module ... had no .proto files", "input contained 2 images, whereas
# against contained 1 images").
# Usage: workspace.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)/workspace
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# golden WANT_STATUS WANT_STDERR DESCRIPTION CMD...: runs CMD in $TMP.
golden() {
	local want=$1 msg=$2 what=$3
	shift 3
	(cd "$TMP" && "$@") >"$TMP/out" 2>"$TMP/err"
	local got=$?
	[ "$got" = "$want" ] || fail "$what: exit $got, want $want"
	printf '%s\n' "$msg" | diff - "$TMP/err" >"$TMP/diff" || { fail "$what: stderr differs (< want, > got)"; sed 's/^/  | /' "$TMP/diff"; }
}

# 1. The CI gate: same lines as with buf, the same way out (exit 1 on breaking).
(cd "$HERE/v2" && BUF=$PC ../ci-gate.sh new old) >"$TMP/gate" 2>&1
[ $? = 1 ] || fail "ci-gate with protocompat: exit status"
diff "$TMP/gate" "$HERE/v2/ci-gate.buf.out" >/dev/null || { fail "ci-gate output differs from buf's"; diff "$TMP/gate" "$HERE/v2/ci-gate.buf.out"; }

# 2. buf's text layout (recorded from buf 1.75: `buf breaking new --against old`).
(cd "$HERE/v2" && "$PC" breaking new --against old) >"$TMP/text"
[ $? = 100 ] || fail "breaking: exit status is not 100"
diff "$TMP/text" "$HERE/v2/breaking.buf.txt" || fail "breaking text differs from buf's"
"$PC" breaking --help >/dev/null || fail "breaking --help"
for sub in check build rules explain install-hook; do
	"$PC" $sub --help >/dev/null || fail "$sub --help does not exit 0"
done

# 3. Inputs that cannot be checked.
mkdir -p "$TMP/e1" "$TMP/e2"
golden 2 'e1: error: no .proto files in "e1"
e2: error: no .proto files in "e2"' "two empty directories" "$PC" e1 e2
golden 2 'e1: error: no .proto files in "e1"
e2: error: no .proto files in "e2"' "breaking on empty directories" "$PC" breaking e2 --against e1
cp -r "$HERE/v2/old" "$TMP/old"
cp -r "$HERE/v2/new" "$TMP/excl"
printf 'version: v2\nmodules:\n  - path: proto\n    excludes: [proto/acme]\n  - path: vendor/dep\n' >"$TMP/excl/buf.yaml"
golden 2 'excl/proto: error: module "proto" of excl/buf.yaml has no .proto files (after its excludes)' \
	"a module emptied by its excludes" "$PC" breaking excl --against old
cp -r "$HERE/v2/new" "$TMP/dirconf"
rm "$TMP/dirconf/buf.yaml" && mkdir "$TMP/dirconf/buf.yaml"
golden 2 'dirconf/buf.yaml: error: cannot read "dirconf/buf.yaml": it is a directory, not a configuration file' \
	"buf.yaml is a directory" "$PC" old dirconf
cp -r "$HERE/v2/new" "$TMP/dangling"
rm "$TMP/dangling/buf.yaml" && ln -s nowhere.yaml "$TMP/dangling/buf.yaml"
golden 2 'dangling/buf.yaml: error: cannot read "dangling/buf.yaml": it is a symbolic link to "nowhere.yaml", which does not exist' \
	"buf.yaml is a dangling link" "$PC" old dangling
golden 2 '--config:1:10: error: unknown version "v3" (expected v1beta1, v1 or v2)' \
	"--config data with an error" "$PC" breaking old --against old --config 'version: v3'
printf 'version: v2\nmodules:\n  - path: proto\n' >"$TMP/one.yaml"
cp -r "$HERE/v2/new" "$TMP/three"
mkdir -p "$TMP/three/extra" && echo 'syntax = "proto3"; package extra;' >"$TMP/three/extra/e.proto"
printf 'version: v2\nmodules:\n  - path: proto\n    breaking: {use: [WIRE]}\n  - path: vendor/dep\n  - path: extra\n' >"$TMP/three/buf.yaml"
golden 2 'error: input contained 3 images, whereas against contained 2 images (NEW has 3 modules, OLD 2: buf pairs modules one to one, in order of their paths)' \
	"module counts buf cannot pair" "$PC" breaking three --against old
cp -r "$HERE/v2/new" "$TMP/new"
golden 2 'new: error: no .proto files of "new" are left to check: --path names none of them, or --exclude-path leaves out all of them' \
	"a --path that matches nothing" "$PC" breaking new --against old --path new/proto/nothere
cp -r "$HERE/v2/new" "$TMP/noimp"
printf 'version: v2\nmodules:\n  - path: proto\n' >"$TMP/noimp/buf.yaml"
golden 3 'noimp/proto/acme/u.proto:3:1: error: import "dep/d.proto" was not found (searched "noimp/proto" and the built-in well-known types)' \
	"a missing import inside a workspace" "$PC" old noimp

# disable_builtin: true runs no built-in rule (buf 1.75: exit 0, nothing on stdout)
cp -r "$HERE/v2/new" "$TMP/nobuiltin"
printf 'version: v2\nmodules:\n  - path: proto\n  - path: vendor/dep\nbreaking:\n  disable_builtin: true\n' >"$TMP/nobuiltin/buf.yaml"
(cd "$TMP" && "$PC" breaking nobuiltin --against old) >"$TMP/out" 2>&1
[ $? = 0 ] && [ ! -s "$TMP/out" ] || fail "disable_builtin: true still runs the catalog"

if [ "$fails" -gt 0 ]; then
	echo "workspace: $fails failed"
	exit 1
fi
echo "workspace: all passed"
