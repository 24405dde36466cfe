#!/usr/bin/env bash
# The CI gate itself (action.yml's second step, the GitLab template's script): checks
# PC_PATH (default .) in the working tree against the commit where the branch left
# PC_AGAINST_REF (a branch of origin, or any revision), i.e.
#     protocompat git:origin/REF... PATH --format FORMAT [--config C] [--direction D]
# and exits with protocompat's status (1: breaking changes, which fails the job).
# PC_OUTPUT: write the report to this file instead of standard output (SARIF for
# upload-sarif, GitLab's Code Quality report). GITHUB_STEP_SUMMARY, when set, gets the
# markdown report (a table by rule and direction, then the findings linked to their
# lines in the run's commit; docs/formats.md).
set -uo pipefail
ref=${PC_AGAINST_REF:-}
path=${PC_PATH:-.}
format=${PC_FORMAT:-text}
if [ -z "$ref" ]; then
	echo "::error::against-ref is empty: outside a pull request, name the branch or revision to compare with"
	exit 2
fi

# The merge base must be reachable: a shallow checkout is deepened, a missing branch
# of origin fetched (both no-ops when the history is there, as in fetch-depth: 0).
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
	git fetch --quiet --no-tags --unshallow origin || true
fi
has() { git rev-parse --verify -q "$1^{commit}" >/dev/null; }
if ! has "refs/remotes/origin/$ref" && ! has "$ref" && git remote get-url origin >/dev/null 2>&1; then
	git fetch --quiet --no-tags origin "+refs/heads/$ref:refs/remotes/origin/$ref" || true
fi
case $ref in
HEAD | HEAD[~^]* | refs/*) base=$ref ;;
*)
	if has "refs/remotes/origin/$ref"; then
		base=origin/$ref # a branch name: origin's, the one the pull request targets
	else
		base=$ref        # a tag, a commit, a local branch
	fi
	;;
esac

args=("git:$base..." "$path")
[ -n "${PC_CONFIG:-}" ] && args+=(--config "$PC_CONFIG")
[ -n "${PC_DIRECTION:-}" ] && args+=(--direction "$PC_DIRECTION")

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	NO_COLOR=1 protocompat "${args[@]}" --format markdown >>"$GITHUB_STEP_SUMMARY"
fi

echo "protocompat ${args[*]} --format $format" >&2
if [ -n "${PC_OUTPUT:-}" ]; then
	protocompat "${args[@]}" --format "$format" >"$PC_OUTPUT"
else
	protocompat "${args[@]}" --format "$format"
fi
