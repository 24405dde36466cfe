#!/usr/bin/env bash
# The man page (docs/man/protocompat.1) and the bash, zsh and fish completions
# (src/completion/) against the command: every option that `protocompat --help` and
# `protocompat breaking --help` print must be in the man page and in each completion;
# the man page must format without a groff warning; bash and fish must complete
# commands, options, option values and rule IDs (the completions are run, as a shell
# runs them on TAB); zsh is checked for syntax only (testing it needs a terminal).
# Usage: completion.test.sh PATH/TO/protocompat
set -u
PC=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$HERE/..
MAN=$ROOT/docs/man/protocompat.1
BASH_C=$ROOT/src/completion/protocompat.bash
ZSH_C=$ROOT/src/completion/_protocompat
FISH_C=$ROOT/src/completion/protocompat.fish
export PATH=$(dirname "$PC"):$PATH
fails=0 passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passed=$((passed + 1)); }

# Every long option of the usage texts, and -I / -o.
opts=$( ("$PC" --help; "$PC" breaking --help) | grep -o -- '--[a-z][a-z_-]*' |
	grep -vx -- '--descriptor_set_out' | sort -u) # protoc's, named in build's description
[ -n "$opts" ] || fail "no option found in --help"
for o in $opts -I -o; do
	roff=${o//-/\\-}
	grep -qF -- "$roff" "$MAN" && ok || fail "man page lacks $o"
	grep -qE -- "(^|[[:space:]\"'])$o([[:space:]\"'=+)|]|$)" "$BASH_C" && ok || fail "bash completion lacks $o"
	grep -qE -- "$o([=+[]|\\b)" "$ZSH_C" && ok || fail "zsh completion lacks $o"
	case $o in
	--*) pat="-l ${o#--}( |$)" ;;
	*) pat="-s ${o#-}( |$)" ;;
	esac
	grep -qE -- "$pat" "$FISH_C" && ok || fail "fish completion lacks $o"
done
for c in check breaking changes build rules explain install-hook; do
	grep -q "\\fB$c\\fP\|^\.B $c\$\|^\.B ${c//-/\\\\-}\$" "$MAN" && ok || fail "man page lacks the command $c"
done

# the page names the version being built (bump it with project()'s)
version=$("$PC" --version | awk '{print $2}')
grep -q "^\.TH PROTOCOMPAT 1 \"[0-9-]*\" \"protocompat $version\"" "$MAN" && ok ||
	fail "man page .TH does not name protocompat $version"

if command -v groff >/dev/null; then
	warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$MAN" 2>&1)
	[ -z "$warn" ] && ok || fail "groff warnings: $warn"
else
	echo "groff not installed: man page formatting not checked"
fi

# bash: WORDS... -> the candidates, one a line
bash_complete() {
	bash -c '
source "$0"
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_protocompat
printf "%s\n" "${COMPREPLY[@]}"' "$BASH_C" "$@"
}
# expect_has SHELL WANT WORDS...
expect_has() {
	local sh=$1 want=$2 got
	shift 2
	if [ "$sh" = bash ]; then
		got=$(bash_complete "$@")
	else
		got=$(fish -N -c "source '$FISH_C'; complete -C '$*'" 2>&1 | cut -f1)
	fi
	if printf '%s\n' "$got" | grep -qxF -- "$want"; then ok; else fail "$sh: '$*' does not offer '$want' (got: $(echo $got))"; fi
}
cats=$("$PC" rules --format json | grep -o '"categories":\[[^]]*' | grep -o '"[A-Z_]*"' | tr -d '"' | sort -u)
[ "$(echo $cats | wc -w)" -ge 8 ] && ok || fail "rules --format json names only these categories: $cats"
for sh in bash fish; do
	if ! command -v $sh >/dev/null; then
		echo "$sh not installed: its completion not run"
		continue
	fi
	if [ $sh = bash ]; then end=""; else end=" "; fi
	expect_has $sh breaking protocompat br
	expect_has $sh changes protocompat chan
	expect_has $sh install-hook protocompat inst
	expect_has $sh --direction protocompat --dir
	expect_has $sh --show-suppressed protocompat check --show
	expect_has $sh sarif protocompat --format sa
	expect_has $sh forward protocompat --direction fo
	expect_has $sh github-actions protocompat breaking --error-format github
	expect_has $sh --limit-to-input-files protocompat breaking --limit
	expect_has $sh --include-source-info protocompat build --include-s
	expect_has $sh FIELD_SAME_TYPE protocompat explain FIELD_SAME_TY
	expect_has $sh wire,json protocompat --audience wire,js
	expect_has $sh WIRE_JSON protocompat --use WIRE_J
	# every category of the catalog (rules.c's table, through `protocompat rules`)
	for cat in $cats; do
		expect_has $sh "$cat" protocompat --except "$cat"
	done
done
if command -v zsh >/dev/null; then
	zsh -n "$ZSH_C" && ok || fail "zsh completion: syntax error"
else
	echo "zsh not installed: its completion not checked"
fi

echo "completion: $passed passed, $fails failed"
[ "$fails" = 0 ]
