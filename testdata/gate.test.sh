#!/usr/bin/env bash
# The CI gates as shipped: action.yml's steps (read from the file, inputs and github
# context filled in as the runner fills them), the GitLab template's script (read from
# .ci/gitlab/protocompat.gitlab-ci.yml) and the pre-commit hook of
# .pre-commit-hooks.yaml (through the pre-commit framework, from a local hook
# repository), each on a temporary repository whose pull request is compatible, then
# breaking. Offline: the install step runs as `install: none` with the protocompat
# under test on PATH (.ci/run builds from source through the step once), the GitLab
# before_script (apt-get, git clone) is not run.
#
# Expected findings recorded from buf 1.75 on the same files
# (`buf breaking new --against old --error-format github-actions`):
#   string -> bytes name: line=6,col=12,endLine=6,endColumn=17 FIELD_SAME_TYPE
#   required field added: line=7,col=3,endLine=7,endColumn=26 MESSAGE_SAME_REQUIRED_FIELDS
# (which breaks backward only, as testdata/directions' oracle shows for required fields).
# Usage: gate.test.sh PATH/TO/protocompat
set -u
P=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GITHUB_PATH GITHUB_STEP_SUMMARY GITHUB_ACTION_PATH
mkdir -p "$HOME" "$tmp/bin"
ln -s "$P" "$tmp/bin/protocompat"
export PATH=$tmp/bin:$PATH
fails=0 passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passed=$((passed + 1)); }
has() { if grep -qF -- "$3" "$2"; then ok; else fail "$1: no '$3' in:"; sed 's/^/    /' "$2" | head -20; fi; }
lacks() { if grep -qF -- "$3" "$2"; then fail "$1: unexpected '$3' in:"; sed 's/^/    /' "$2" | head -20; else ok; fi; }
status() { if [ "$2" = "$3" ]; then ok; else fail "$1: exit $2, want $3"; sed 's/^/    /' "$tmp/out" "$tmp/err" | head -20; fi; }

# ---- the repository: main, a clone (origin/main), main moving on after the branch
user() { printf 'syntax = "proto2";\n\npackage acme.v1;\n\nmessage User {\n  optional %s name = 1;\n%b}\n' "$1" "${2:-}"; }
up=$tmp/upstream
mkdir -p "$up/proto/acme/v1"
git -C "$up" init -q -b main
user string >"$up/proto/acme/v1/user.proto"
printf 'version: v2\n' >"$up/proto/buf.yaml"
git -C "$up" add -A && git -C "$up" commit -qm base
git clone -q "$up" "$tmp/ci"
# After the branch point main adds a field; against main's tip the branch would delete
# it (FIELD_NO_DELETE), against the merge base it does not.
user string '  optional string email = 3;\n' >"$up/proto/acme/v1/user.proto"
git -C "$up" commit -qam "main: email"
ci=$tmp/ci
cd "$ci" && git fetch -q origin && git checkout -q -b pr

# ---- action.yml ---------------------------------------------------------------------
# Writes one script per step of action.yml: its env (with ${{ inputs.X }} from
# $tmp/inputs.json or the input's default, ${{ github.base_ref }} and
# ${{ github.action_path }} as given) and its run text.
action_scripts() {
	/usr/bin/python3 - "$ROOT/action.yml" "$tmp/inputs.json" "$tmp/steps" <<'PY'
import json, os, re, shlex, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
given = json.load(open(sys.argv[2]))
assert action["runs"]["using"] == "composite", "not a composite action"
inputs = action["inputs"]
for name in ("config", "direction", "format", "against-ref"):
    assert name in inputs, "action.yml lacks the input " + name
github = {"base_ref": given.pop("github.base_ref", ""), "action_path": given.pop("github.action_path")}
def expand(text, depth=0):
    def one(m):
        ctx, key = m.group(1), m.group(2)
        if ctx == "inputs":
            v = given.get(key, inputs[key].get("default", ""))
            return expand(str(v), depth + 1)
        return github[key]
    return re.sub(r"\$\{\{\s*(inputs|github)\.([A-Za-z_-]+)\s*\}\}", one, text)
os.makedirs(sys.argv[3], exist_ok=True)
for i, step in enumerate(action["runs"]["steps"]):
    assert step.get("shell") == "bash", "step %d: shell is not bash" % i
    with open(os.path.join(sys.argv[3], "%d.sh" % i), "w") as out:
        for k, v in step.get("env", {}).items():
            out.write("export %s=%s\n" % (k, shlex.quote(expand(str(v)))))
        out.write(expand(step["run"]) + "\n")
PY
}
# run_action NAME JSON_INPUTS: runs every step as the runner would; status of the
# first failing step (or 0); stdout in $tmp/out, summary in $tmp/summary.
run_action() {
	printf '%s' "$2" >"$tmp/inputs.json"
	rm -rf "$tmp/steps" && : >"$tmp/summary" && : >"$tmp/github_path"
	action_scripts || { fail "$1: action.yml could not be read"; return 2; }
	local st=0 s
	: >"$tmp/out"
	for s in "$tmp"/steps/*.sh; do
		GITHUB_ACTION_PATH=$ROOT GITHUB_PATH=$tmp/github_path GITHUB_STEP_SUMMARY=$tmp/summary RUNNER_TEMP=$tmp \
			bash -e "$s" >>"$tmp/out" 2>"$tmp/err" || { st=$?; break; }
	done
	return $st
}
ctx='"github.base_ref": "main", "github.action_path": "'$ROOT'"'

mkdir -p proto/acme/v2
printf 'syntax = "proto3";\n\npackage acme.v2;\n\nmessage Fresh {\n  string x = 1;\n}\n' >proto/acme/v2/fresh.proto
git add -A && git commit -qm "pr: compatible"
run_action "action: compatible" "{$ctx, \"install\": \"none\", \"path\": \"proto\"}"
status "action: compatible" $? 0
lacks "action: compatible" "$tmp/out" "::error"
has "action: compatible summary" "$tmp/summary" "### protocompat: no breaking changes"

user bytes >proto/acme/v1/user.proto
git commit -qam "pr: breaking"
run_action "action: breaking" "{$ctx, \"install\": \"none\", \"path\": \"proto\"}"
status "action: breaking" $? 1
has "action: breaking" "$tmp/out" '::error file=proto/acme/v1/user.proto,line=6,col=12,endLine=6,endColumn=17,title=FIELD_SAME_TYPE::'
lacks "action: merge base, not main's tip" "$tmp/out" "FIELD_NO_DELETE"
has "action: breaking summary" "$tmp/summary" "| FIELD\\_SAME\\_TYPE | 0 | 0 | 1 | 1 |"
has "action: breaking summary" "$tmp/summary" "proto/acme/v1/user\\.proto:6:12"

# config: a protocompat.yaml that leaves the rule out
printf 'breaking:\n  except: [FIELD_SAME_TYPE]\n' >"$tmp/lenient.yaml"
run_action "action: config" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"config\": \"$tmp/lenient.yaml\"}"
status "action: config" $? 0

# format and output: GitLab's report in a file
run_action "action: format" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"format\": \"gitlab\", \"output\": \"$tmp/cq.json\"}"
status "action: format gitlab" $? 1
has "action: format gitlab" "$tmp/cq.json" '"check_name": "FIELD_SAME_TYPE"'

# against-ref: a revision instead of the pull request's base
run_action "action: against-ref" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"against-ref\": \"HEAD~1\"}"
status "action: against-ref HEAD~1" $? 1
run_action "action: against-ref" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"against-ref\": \"HEAD\"}"
status "action: against-ref HEAD" $? 0
# outside a pull request github.base_ref is empty
run_action "action: no base" "{\"github.base_ref\": \"\", \"github.action_path\": \"$ROOT\", \"install\": \"none\", \"path\": \"proto\"}"
status "action: no base ref" $? 2
has "action: no base ref" "$tmp/out" "::error::against-ref is empty"

# direction: a required field added breaks backward only
user string '  required int32 age = 2;\n' >proto/acme/v1/user.proto
git commit -qam "pr: required field"
run_action "action: direction" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"direction\": \"forward\"}"
status "action: direction forward" $? 0
run_action "action: direction" "{$ctx, \"install\": \"none\", \"path\": \"proto\", \"direction\": \"backward\"}"
status "action: direction backward" $? 1
has "action: direction backward" "$tmp/out" '::error file=proto/acme/v1/user.proto,line=7,col=3,endLine=7,endColumn=26,title=MESSAGE_SAME_REQUIRED_FIELDS::'

# ---- the GitLab template -------------------------------------------------------------
# The job's script with the template's variables and a merge request's, the cloned
# source being this one.
git reset -q --hard HEAD~1 # back to the string -> bytes change
/usr/bin/python3 - "$ROOT/.ci/gitlab/protocompat.gitlab-ci.yml" "$ROOT" >"$tmp/gitlab.sh" <<'PY' || fail "gitlab: template could not be read"
import shlex, sys, yaml
t = yaml.safe_load(open(sys.argv[1]))
job = t["protocompat"]
assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
assert any("merge_request_event" in r["if"] for r in job["rules"])
# a project's own variables (here: the environment) override the template's
for k, v in list(t["variables"].items()) + list(job.get("variables", {}).items()):
    print('export %s="${%s-%s}"' % (k, k, str(v).replace('"', '\\"')))
print("export CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main")
for line in job["script"]:
    print(line.replace("/tmp/protocompat-src", sys.argv[2]))
PY
PROTOCOMPAT_PATH=proto bash -e "$tmp/gitlab.sh" >"$tmp/out" 2>"$tmp/err"
status "gitlab: breaking" $? 1
has "gitlab: code quality report" gl-code-quality-report.json '"check_name": "FIELD_SAME_TYPE"'
has "gitlab: code quality report" gl-code-quality-report.json '"path": "proto/acme/v1/user.proto"'
has "gitlab: the variable set" "$tmp/err" "git:origin/main... proto "
rm -f gl-code-quality-report.json
git checkout -q HEAD~1 && PROTOCOMPAT_PATH=proto bash -e "$tmp/gitlab.sh" >"$tmp/out" 2>"$tmp/err"
status "gitlab: compatible" $? 0
has "gitlab: empty report" gl-code-quality-report.json '[]'
git checkout -q pr && rm -f gl-code-quality-report.json

# ---- .pre-commit-hooks.yaml ----------------------------------------------------------
# A hook repository holding the file as shipped, used by `repo:` path and rev, as a
# team's .pre-commit-config.yaml names this repository.
if command -v pre-commit >/dev/null; then
	hooks=$tmp/hooks
	mkdir -p "$hooks" && cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/"
	git -C "$hooks" init -q -b main && git -C "$hooks" add -A && git -C "$hooks" commit -qm hooks
	rev=$(git -C "$hooks" rev-parse HEAD)
	pc=$tmp/precommit
	git init -q -b main "$pc" && cd "$pc"
	mkdir -p proto/acme/v1 && user string >proto/acme/v1/user.proto
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: protocompat\n        args: [git:HEAD:proto, git:INDEX:proto]\n' \
		"$hooks" "$rev" >.pre-commit-config.yaml
	pre-commit install >"$tmp/out" 2>&1
	status "pre-commit: install" $? 0
	git add -A && git commit -qm first >"$tmp/out" 2>"$tmp/err"
	status "pre-commit: first commit" $? 0
	user bytes >proto/acme/v1/user.proto && git add -A
	git commit -qm breaking >"$tmp/out" 2>"$tmp/err"
	status "pre-commit: breaking commit refused" $? 1
	cat "$tmp/err" >>"$tmp/out"
	has "pre-commit: finding" "$tmp/out" "[FIELD_SAME_TYPE]"
else
	echo "pre-commit not installed: .pre-commit-hooks.yaml not run"
fi

echo "gate: $passed passed, $fails failed"
[ "$fails" = 0 ]
