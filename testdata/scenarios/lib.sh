# Sourced by a scenario's setup.sh, which the runner (scenarios.test.sh) and record.sh
# run in a temporary copy of the scenario with SCENARIO_SCRATCH set to an empty scratch
# directory outside that copy. Makes git histories and archives out of the trees that
# the scenario keeps as plain directories, so that everything stays readable in the
# repository and nothing binary needs to be committed.
set -eu
export GIT_AUTHOR_NAME=scenario GIT_AUTHOR_EMAIL=scenario@example.com
export GIT_COMMITTER_NAME=scenario GIT_COMMITTER_EMAIL=scenario@example.com
export GIT_AUTHOR_DATE=2024-01-01T00:00:00Z GIT_COMMITTER_DATE=2024-01-01T00:00:00Z
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
aside=${SCENARIO_SCRATCH:?setup.sh runs under scenarios.test.sh or record.sh}/trees
mkdir -p "$aside"

# stash TREE...: moves the trees out of the work tree (they would be inputs otherwise).
stash() {
	for t; do mv "$t" "$aside/"; done
}

# repo_init: an empty repository on branch main in the current directory.
repo_init() {
	git init -q -b main .
	git config commit.gpgsign false
	git config tag.gpgsign false
}

# put_tree TREE: the work tree's tracked files are replaced by the stashed TREE's.
put_tree() {
	git ls-files -z | xargs -0 -r rm -f
	cp -R "$aside/$1/." .
	(cd "$aside/$1" && find . -type f -print0) | xargs -0 git add -A --
	git add -u
}

# commit_tree TREE MESSAGE: put_tree, then commit.
commit_tree() {
	put_tree "$1"
	git commit -q -m "$2"
}

# archive FORMAT OUT TREE [PREFIX]: OUT (tar.gz, or zip written by python3: CI has no
# zip command) holds the stashed TREE's files,
# under the directory PREFIX when given (as a release archive has its top directory).
archive() {
	local fmt=$1 out=$PWD/$2 tree=$3 prefix=${4:-} src
	src=$aside/$tree
	if [ -n "$prefix" ]; then
		mkdir -p "$aside/.prefix.$tree"
		cp -R "$aside/$tree" "$aside/.prefix.$tree/$prefix"
		src=$aside/.prefix.$tree
	fi
	case $fmt in
	tar.gz) (cd "$src" && find . -type f | LC_ALL=C sort | tar --owner=0 --group=0 \
		--mtime=2024-01-01 -czf "$out" -T -) ;;
	zip) (cd "$src" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, names in sorted(os.walk(".")):
        for n in sorted(names):
            p = os.path.normpath(os.path.join(d, n))
            i = zipfile.ZipInfo(p, (2024, 1, 1, 0, 0, 0))
            i.external_attr = 0o644 << 16
            with open(p, "rb") as f:
                z.writestr(i, f.read(), zipfile.ZIP_DEFLATED)
' "$out") ;;
	esac
}

# The histories of the git scenarios, made of the trees v1/ and v2/:
# history_main: v1 committed on main and tagged v1.0.0, then v2 committed on main.
history_main() {
	stash v1 v2
	repo_init
	commit_tree v1 v1
	git tag v1.0.0
	commit_tree v2 v2
}

# history_branch: v1 committed on main, v2 on branch feature (checked out).
history_branch() {
	stash v1 v2
	repo_init
	commit_tree v1 v1
	git checkout -q -b feature
	commit_tree v2 v2
}

# history_uncommitted: v1 committed on main and tagged v1.0.0, v2 in the work tree
# (staged, not committed).
history_uncommitted() {
	stash v1 v2
	repo_init
	commit_tree v1 v1
	git tag v1.0.0
	put_tree v2
}
