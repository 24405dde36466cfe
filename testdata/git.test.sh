#!/usr/bin/env bash
# Git inputs (git:REV[:PATH]), the pre-commit hooks (the pre-commit framework and
# `protocompat install-hook`), the CI gate command of docs/integrations.md, and
# baselines (descriptor sets, --against-each), each in a temporary repository.
#
# Usage: git.test.sh PATH/TO/protocompat
#
# The expected findings (rule, path, line, column) were recorded from buf 1.75 with its
# own git input on the same repositories, from the repository's top:
#   buf breaking proto --against '.git#ref=HEAD,subdir=proto' --error-format json
#   buf breaking proto --against '.git#branch=main,subdir=proto' --error-format json
#   buf breaking proto --against ".git#ref=$(git merge-base main HEAD),subdir=proto" ...
# (proto/buf.yaml is `version: v2`, so both tools run buf's default FILE rules).
# The CI case (bytes name at 8:3-8:8) likewise, against the main commit it branched from.
set -u
P=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME"
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run NAME WANT_STATUS CMD... : runs CMD, output in $tmp/out and $tmp/err.
run() {
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "$name: exit $got, want $want ($*)"
		sed 's/^/    out: /' "$tmp/out" | head -20
		sed 's/^/    err: /' "$tmp/err" | head -20
		return 1
	fi
	return 0
}

# has NAME FILE TEXT : FILE contains TEXT (fixed string).
has() {
	grep -qF -- "$3" "$2" || {
		fail "$1: missing '$3' in"
		sed 's/^/    /' "$2" | head -20
	}
}

lacks() {
	if grep -qF -- "$3" "$2"; then
		fail "$1: unexpected '$3' in"
		sed 's/^/    /' "$2" | head -20
	fi
}

# A repository with a module in proto/ whose imports are relative to proto/.
make_repo() {
	local dir=$1
	mkdir -p "$dir/proto/acme/v1"
	git -C "$dir" init -q -b main
	cat >"$dir/proto/acme/v1/user.proto" <<'EOF'
syntax = "proto3";

package acme.v1;

import "acme/v1/common.proto";

message User {
  string name = 1;
  int32 age = 2;
  Id id = 3;
}
EOF
	cat >"$dir/proto/acme/v1/common.proto" <<'EOF'
syntax = "proto3";

package acme.v1;

message Id {
  string value = 1;
}
EOF
	cat >"$dir/proto/acme/v1/old.proto" <<'EOF'
syntax = "proto3";

package acme.v1;

message Legacy {
  string note = 1;
}
EOF
	printf 'version: v2\n' >"$dir/proto/buf.yaml"
	git -C "$dir" add -A
	git -C "$dir" commit -qm base
}

# fresh_proto FILE [MESSAGE]: a new file with one message.
fresh_proto() {
	printf 'syntax = "proto3";\n\npackage acme.v1;\n\nmessage %s {\n  string x = 1;\n}\n' "${2:-Fresh}" >"$1"
}

# ---- 1. git inputs ----------------------------------------------------------------
r=$tmp/repo
make_repo "$r"
cd "$r"

run "unchanged" 0 "$P" git:HEAD proto
run "unchanged, both sides from git" 0 "$P" git:HEAD:proto git:INDEX:proto

# Renamed file: buf reports FILE_NO_DELETE for the old name, with no place in NEW.
git mv proto/acme/v1/old.proto proto/acme/v1/legacy.proto
if run "renamed file" 1 "$P" git:HEAD proto --format json; then
	has "renamed file" "$tmp/out" '"type":"FILE_NO_DELETE","message":"Previously present file \"acme/v1/old.proto\" was deleted."'
	has "renamed file" "$tmp/out" '"old_path":"proto/acme/v1/old.proto"'
	lacks "renamed file" "$tmp/out" '"path":'
fi
# The rename is staged: INDEX sees it, and the working tree is not read for INDEX.
run "renamed file, staged" 1 "$P" git:HEAD:proto git:INDEX:proto
# A PATH written with a trailing slash names the same directory.
run "renamed file, staged, PATH with a trailing slash" 1 "$P" git:HEAD:proto/ git:INDEX:proto//
git reset -q --hard

# Deleted file (staged with git rm): the same finding.
git rm -q proto/acme/v1/old.proto
if run "deleted file" 1 "$P" git:HEAD proto --format json; then
	has "deleted file" "$tmp/out" '"start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"FILE_NO_DELETE"'
fi
run "deleted file, git:HEAD git:INDEX" 1 "$P" git:HEAD:proto git:INDEX:proto
git reset -q --hard

# A file added since HEAD is not a break, whether the module or the file is named; an
# explicit PATH that does not exist at REV is an error.
fresh_proto proto/acme/v1/fresh.proto
run "added file, module" 0 "$P" git:HEAD proto
run "added file, single file" 0 "$P" -I proto git:HEAD proto/acme/v1/fresh.proto
git add proto/acme/v1/fresh.proto
run "added file, index" 0 "$P" git:HEAD:proto git:INDEX:proto
if run "explicit PATH absent at REV" 2 "$P" git:HEAD:proto/acme/v1/fresh.proto proto/acme/v1/fresh.proto; then
	has "explicit PATH absent at REV" "$tmp/err" 'error: "proto/acme/v1/fresh.proto" does not exist at git revision HEAD'
fi
git reset -q --hard
git clean -qfd

# A changed field type; buf: FIELD_SAME_TYPE at 9:3-9:9.
sed -i 's/  int32 age = 2;/  string age = 2;/' proto/acme/v1/user.proto
if run "field type" 1 "$P" git:HEAD proto --format json; then
	has "field type" "$tmp/out" '{"path":"proto/acme/v1/user.proto","start_line":9,"start_column":3,"end_line":9,"end_column":9,"type":"FIELD_SAME_TYPE"'
	has "field type" "$tmp/out" '"old_path":"proto/acme/v1/user.proto","old_line":9,"old_column":3'
fi
# Not staged yet: INDEX still equals HEAD. The working tree must be left as it is.
run "unstaged change is not in INDEX" 0 "$P" git:HEAD:proto git:INDEX:proto
git diff --quiet HEAD -- proto/acme/v1/user.proto && fail "the working tree change disappeared"
git diff --cached --quiet || fail "reading INDEX changed the index"
# Subdirectory PATH: from proto/, paths are relative to it, as buf's from there.
(cd proto && "$P" git:HEAD . --format json >"$tmp/out" 2>"$tmp/err")
[ $? = 1 ] || fail "subdirectory: exit status"
has "subdirectory" "$tmp/out" '{"path":"acme/v1/user.proto","start_line":9,"start_column":3'
# A single file with -I, and the file from git paired with one on disk.
run "single file against git" 1 "$P" -I proto git:HEAD proto/acme/v1/user.proto
has "single file against git" "$tmp/out" 'proto/acme/v1/user.proto:9:3: error: Field "2" with name "age" on message "User" changed type from "int32" to "string". [FIELD_SAME_TYPE]'
git commit -qam "age is a string"
# HEAD~1, a commit id and a tag as REV.
run "HEAD~1" 1 "$P" git:HEAD~1:proto git:HEAD:proto
git tag v1 HEAD~1
run "tag" 1 "$P" git:v1 proto
run "commit id" 1 "$P" "git:$(git rev-parse HEAD~1)" proto
run "same commit" 0 "$P" git:HEAD~1:proto git:v1:proto

# Errors: unknown revision, empty revision, outside a repository.
if run "unknown revision" 2 "$P" git:no-such-branch proto; then
	has "unknown revision" "$tmp/err" 'error: git: unknown revision "no-such-branch"'
fi
run "empty revision" 2 "$P" git: proto
(cd "$tmp" && "$P" git:HEAD "$r/proto" >"$tmp/out" 2>"$tmp/err")
[ $? = 2 ] || fail "outside a repository: exit status"
has "outside a repository" "$tmp/err" "not a git repository"

# Merge base: main moves on after feature branched (adds a message); against main's
# tip the branch looks like it deletes it (buf: MESSAGE_NO_DELETE), against the merge
# base it breaks nothing until the branch itself breaks (buf: FIELD_NO_DELETE 7:1-11:2).
git checkout -q -b feature
fresh_proto proto/acme/v1/fresh.proto
git add -A
git commit -qm "feature: new file"
git checkout -q main
printf '\nmessage Extra {\n  int64 n = 1;\n}\n' >>proto/acme/v1/common.proto
git commit -qam "main moves on"
git checkout -q feature
if run "against main's tip" 1 "$P" git:main proto --format json; then
	has "against main's tip" "$tmp/out" '{"path":"proto/acme/v1/common.proto","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"MESSAGE_NO_DELETE"'
fi
run "merge base main..." 0 "$P" git:main... proto
run "merge base main...HEAD" 0 "$P" git:main...HEAD proto
run "merge base, both sides" 0 "$P" git:main...:proto git:HEAD:proto
sed -i 's/  Id id = 3;/  reserved 3;/' proto/acme/v1/user.proto
git commit -qam "feature: break"
if run "merge base, breaking branch" 1 "$P" git:main... proto --format json; then
	has "merge base, breaking branch" "$tmp/out" '{"path":"proto/acme/v1/user.proto","start_line":7,"start_column":1,"end_line":11,"end_column":2,"type":"FIELD_NO_DELETE"'
	lacks "merge base, breaking branch" "$tmp/out" 'MESSAGE_NO_DELETE'
fi
if run "no merge base" 2 "$P" git:nowhere... proto; then
	has "no merge base" "$tmp/err" 'unknown revision "nowhere"'
fi

# ---- 2. pre-commit ------------------------------------------------------------------
# The pre-commit framework (Debian's package) with a local hook that runs what this
# repository's .pre-commit-hooks.yaml runs; offline, no hook repository is fetched.
if ! command -v pre-commit >/dev/null; then
	fail "pre-commit is not installed (apt-get install pre-commit)"
else
	pc=$tmp/precommit
	mkdir -p "$pc/bin"
	ln -s "$P" "$pc/bin/protocompat"
	git -C "$pc" init -q -b main
	cd "$pc"
	# The same hook as .pre-commit-hooks.yaml, with the module root in proto/.
	src_hooks=$here/../.pre-commit-hooks.yaml
	grep -q '^- id: protocompat' "$src_hooks" || fail "pre-commit: .pre-commit-hooks.yaml has no protocompat hook"
	cat >.pre-commit-config.yaml <<'EOF'
repos:
  - repo: local
    hooks:
      - id: protocompat
        name: protocompat (breaking changes against HEAD)
        entry: protocompat
        args: [git:HEAD:proto, git:INDEX:proto]
        language: system
        files: \.proto$
        pass_filenames: false
        require_serial: true
EOF
	make_repo_files() {
		mkdir -p proto/acme/v1
		cp "$r/proto/acme/v1/common.proto" proto/acme/v1/
		git -C "$r" show v1:proto/acme/v1/user.proto >proto/acme/v1/user.proto
	}
	make_repo_files
	export PATH="$pc/bin:$PATH"
	run "pre-commit install" 0 pre-commit install
	git add -A
	# The first commit: HEAD does not exist yet, nothing can break.
	run "pre-commit: first commit" 0 git commit -qm first
	# A compatible change goes through.
	printf '\nmessage More {\n  string y = 1;\n}\n' >>proto/acme/v1/common.proto
	git add -A
	run "pre-commit: compatible commit" 0 git commit -qm compatible
	# A breaking change is refused, with the finding printed.
	sed -i 's/  int32 age = 2;/  string age = 2;/' proto/acme/v1/user.proto
	git add -A
	if run "pre-commit: breaking commit refused" 1 git commit -qm breaking; then
		cat "$tmp/err" >>"$tmp/out"
		has "pre-commit: finding printed" "$tmp/out" 'proto/acme/v1/user.proto:9:3: error: Field "2" with name "age" on message "User" changed type from "int32" to "string". [FIELD_SAME_TYPE]'
		has "pre-commit: hook failed" "$tmp/out" 'Failed'
	fi
	[ "$(git rev-list --count HEAD)" = 2 ] || fail "pre-commit: the breaking commit was recorded"
	# Only the staged content counts: undoing the change in the index (but not in the
	# working tree) lets a commit of other files through.
	git reset -q proto/acme/v1/user.proto
	printf 'notes\n' >NOTES
	git add NOTES
	run "pre-commit: unstaged break is not checked" 0 git commit -qm notes
	git checkout -q -- proto/acme/v1/user.proto

	# protocompat install-hook: a plain git hook, replacing pre-commit's only with --force.
	if run "install-hook over another hook" 2 "$P" install-hook; then
		has "install-hook over another hook" "$tmp/err" "a pre-commit hook exists already"
	fi
	run "install-hook --force" 0 "$P" install-hook --force git:HEAD:proto git:INDEX:proto
	has "install-hook --force" "$tmp/out" "installed $pc/.git/hooks/pre-commit"
	run "install-hook again (ours)" 0 "$P" install-hook git:HEAD:proto git:INDEX:proto
	sed -i 's/  Id id = 3;/  reserved 3;/' proto/acme/v1/user.proto
	git add -A
	if run "install-hook: breaking commit refused" 1 git commit -qm breaking; then
		has "install-hook: finding printed" "$tmp/err" '[FIELD_NO_DELETE]'
	fi
	git reset -q --hard
	printf '\nmessage Other {\n  string z = 1;\n}\n' >>proto/acme/v1/common.proto
	git add -A
	run "install-hook: compatible commit" 0 git commit -qm other
	cd "$r"
fi

# ---- 3. CI gate ---------------------------------------------------------------------
# The command of docs/integrations.md in a clone of a repository whose main has moved
# on: the GitHub job runs
#   protocompat "git:origin/$BASE..." proto --format github
# and the GitLab job the same with --format gitlab.
ci=$tmp/ci
git clone -q "$r" "$ci"
cd "$ci"
git checkout -q -b pr origin/feature~1
fresh_proto proto/acme/v1/pr.proto Pull
git add -A
git commit -qm "pr: compatible"
run "CI: compatible branch (github)" 0 "$P" "git:origin/main..." proto --format github
[ -s "$tmp/out" ] && fail "CI: compatible branch printed annotations"
run "CI: compatible branch (gitlab)" 0 "$P" "git:origin/main..." proto --format gitlab
sed -i 's/  string name = 1;/  bytes name = 1;/' proto/acme/v1/user.proto
git commit -qam "pr: breaking"
if run "CI: breaking branch (github)" 1 "$P" "git:origin/main..." proto --format github; then
	has "CI: github annotation" "$tmp/out" '::error file=proto/acme/v1/user.proto,line=8,col=3,endLine=8,endColumn=8,title=FIELD_SAME_TYPE::'
fi
if run "CI: breaking branch (gitlab)" 1 "$P" "git:origin/main..." proto --format gitlab; then
	has "CI: gitlab report" "$tmp/out" '"path": "proto/acme/v1/user.proto"'
	has "CI: gitlab report" "$tmp/out" '"check_name": "FIELD_SAME_TYPE"'
fi

# ---- 4. baselines -------------------------------------------------------------------
# A descriptor set written by `protocompat build` is an OLD like any other.
cd "$r"
git checkout -q v1
run "baseline: build" 0 "$P" build -I proto -o "$tmp/v1.binpb" proto
run "baseline: unchanged" 0 "$P" "$tmp/v1.binpb" proto
git checkout -q main
if run "baseline: breaking" 1 "$P" "$tmp/v1.binpb" proto --format json; then
	has "baseline: breaking" "$tmp/out" '{"path":"proto/acme/v1/user.proto","start_line":9,"start_column":3,"end_line":9,"end_column":9,"type":"FIELD_SAME_TYPE"'
fi

# Transitive: v2 drops field b (accepted at the time), v3 adds a string b with the same
# number. Against v2 that is compatible; against v1 it changes b's type. buf 1.75:
#   buf breaking proto --against '.git#tag=v1,subdir=proto' --error-format json
#   -> FIELD_SAME_TYPE proto/m.proto 7:3-7:9; against tag v2: nothing (exit 0)
t=$tmp/transitive
mkdir -p "$t/proto"
cd "$t"
git init -q -b main
printf 'version: v2\n' >proto/buf.yaml
version() {
	printf 'syntax = "proto3";\n\npackage reg.v1;\n\nmessage M {\n  string a = 1;\n%s}\n' "$1" >proto/m.proto
	git add -A
	git commit -qm "$2"
	git tag "$2"
}
version '  int32 b = 2;
' v1
run "transitive: v1 baseline" 0 "$P" build -o "$tmp/reg-v1.binpb" proto
version '' v2
version '  string b = 2;
' v3
run "transitive: against the last version only" 0 "$P" git:v2 proto
if run "transitive: --against-each (json)" 1 "$P" --against-each git:v1 git:v2 proto --format json; then
	has "transitive json" "$tmp/out" '{"path":"proto/m.proto","start_line":7,"start_column":3,"end_line":7,"end_column":9,"type":"FIELD_SAME_TYPE"'
	has "transitive json" "$tmp/out" '"against":"git:v1"}'
	lacks "transitive json" "$tmp/out" '"against":"git:v2"'
fi
if run "transitive: --against-each (text)" 1 "$P" check --against-each git:v1 git:v2 proto; then
	has "transitive text" "$tmp/out" 'proto/m.proto:7:3: note: breaks against git:v1'
	lacks "transitive text" "$tmp/out" 'against git:v2'
fi
# A descriptor-set baseline and a git revision in one list.
if run "transitive: baseline file and ref" 1 "$P" --against-each "$tmp/reg-v1.binpb" git:v2 proto --format json; then
	has "transitive baseline" "$tmp/out" "\"against\":\"$tmp/reg-v1.binpb\"}"
fi
run "transitive: only compatible versions" 0 "$P" --against-each git:v2 git:v3 proto
run "transitive: sarif refused" 2 "$P" --against-each git:v1 git:v2 proto --format sarif
run "transitive: needs OLD and NEW" 2 "$P" --against-each proto

if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "git: all passed"
