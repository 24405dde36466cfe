#!/usr/bin/env bash
# The incremental check of two git versions equals the full one (docs/incremental.md):
# random one-commit histories over a monorepo of about 300 files, each commit checked
# incrementally (with the cache, without it, with a damaged one) and with --full, the
# outputs and exit statuses compared byte for byte. testdata/incremental/history.py
# says what the histories contain. PC_INCREMENTAL_COMMITS and PC_INCREMENTAL_SEED
# run longer or other histories (defaults: 40 commits, seed 13). Then a module in a
# subdirectory with its buf.yaml, named as PATH in the spellings users write
# (proto, proto/, ./proto, none from inside it) and a directory without .proto files;
# last, eight runs at once on one cache.
#
# Usage: incremental.test.sh PATH/TO/protocompat
set -u
P=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
python3 "$here/incremental/history.py" "$P" "${PC_INCREMENTAL_COMMITS:-40}" "${PC_INCREMENTAL_SEED:-13}" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CACHE_HOME=$tmp/cache GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export PROTOCOMPAT_INCREMENTAL_LOG=$tmp/log
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$tmp/repo/proto/a" "$tmp/repo/proto/b" "$tmp/repo/other"
cd "$tmp/repo" || exit 1
git init -q
printf 'version: v2\nbreaking:\n  use: [FILE]\n' >proto/buf.yaml
printf 'syntax = "proto3";\npackage a;\nmessage A { int32 x = 1; }\n' >proto/a/a.proto
printf 'syntax = "proto3";\npackage b;\nimport "a/a.proto";\nmessage B { a.A y = 1; }\n' >proto/b/b.proto
printf 'syntax = "proto3";\nmessage O {}\n' >other/o.proto
printf 'not a schema\n' >other/README
git add -A && git commit -qm 1
printf 'syntax = "proto3";\npackage a;\nenum A { Z = 0; }\n' >proto/a/a.proto
git add -A
failures=0
same() { # DIR ARGS...: incremental and --full print and exit the same
	local dir=$1
	shift
	(cd "$dir" && "$P" "$@" >"$tmp/o1" 2>"$tmp/e1"; echo $? >"$tmp/s1"
	 "$P" --full "$@" >"$tmp/o2" 2>"$tmp/e2"; echo $? >"$tmp/s2")
	if cmp -s "$tmp/o1" "$tmp/o2" && cmp -s "$tmp/e1" "$tmp/e2" && cmp -s "$tmp/s1" "$tmp/s2"; then
		echo "ok: $* (in $dir, exit $(cat "$tmp/s1"))"
	else
		echo "FAIL: $* (in $dir): incremental exit $(cat "$tmp/s1"), full $(cat "$tmp/s2")"
		diff "$tmp/o1" "$tmp/o2" | head -5
		diff "$tmp/e1" "$tmp/e2" | head -5
		failures=$((failures + 1))
	fi
}
for round in cold warm; do
	same . git:HEAD:proto git:INDEX:proto
	same . git:HEAD:proto/ git:INDEX:proto/
	same . git:HEAD:./proto git:INDEX
	same proto git:HEAD git:INDEX
	same . git:HEAD:other git:INDEX:other
done
# Concurrent runs on one cache (each writes a segment; the eighth merges): every one
# prints what the full check prints.
rm -rf "$XDG_CACHE_HOME"
"$P" --full git:HEAD:proto git:INDEX:proto >"$tmp/full.out" 2>&1
for i in 1 2 3 4 5 6 7 8; do
	("$P" git:HEAD:proto git:INDEX:proto >"$tmp/par$i.out" 2>&1; echo $? >"$tmp/par$i.status") &
done
wait
for i in 1 2 3 4 5 6 7 8; do
	cmp -s "$tmp/par$i.out" "$tmp/full.out" && [ "$(cat "$tmp/par$i.status")" = 1 ] ||
		{ echo "FAIL: concurrent run $i differs from the full check"; failures=$((failures + 1)); }
done
same . git:HEAD:proto git:INDEX:proto
grep -c '^incremental' "$tmp/log" | grep -qv '^0$' || { echo "FAIL: no run was incremental"; failures=$((failures + 1)); }
[ "$failures" = 0 ] || exit 1
