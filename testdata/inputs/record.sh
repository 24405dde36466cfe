#!/usr/bin/env bash
# Records buf's findings for the cases of make.sh: testdata/inputs/CASE.expected.json
# is `buf breaking NEW --against OLD --error-format json` run in the case's directory,
# and testdata/inputs/images/ holds the images `buf build` makes of the two trees. Also
# writes errors.buf.txt: buf's exit status and message for each bad input of
# bad.txt, to compare with ours by eye (buf must refuse every one of them). Review the diff before committing.
#
# Usage: testdata/inputs/record.sh [PATH/TO/buf]   (buf 1.75; default: buf on PATH)
set -euo pipefail
BUF=$(realpath "${1:-$(command -v buf)}")
here=$(dirname "$(realpath "$0")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BUF" --version
mkdir -p "$here/images"
for side in old new; do
	"$BUF" build "$here/$side/proto" -o "$here/images/$side.binpb"
	"$BUF" build "$here/$side/proto" -o "$here/images/$side.json"
done
. "$here/make.sh"
make_inputs "$here" "$tmp"
while IFS='|' read -r name cwd new old input; do
	[ -n "$name" ] || continue
	status=0
	stdin=/dev/null
	[ -z "$input" ] || stdin=$tmp/$input
	(
		cd "$tmp/$cwd"
		"$BUF" breaking "$new" --against "$old" --error-format json <"$stdin"
	) >"$here/$name.expected.json" || status=$?
	# 100: breaking changes found; anything else is buf failing on the case
	if [ "$status" != 0 ] && [ "$status" != 100 ]; then
		echo "$name: buf failed with status $status" >&2
		exit 1
	fi
	echo "$name: $(wc -l <"$here/$name.expected.json") findings"
done <<<"$CASES"
# buf on the bad inputs of bad.txt (ARG, our status, our message; tab-separated)
while IFS=$'\t' read -r arg _ _; do
	[ -n "$arg" ] || continue
	status=0
	msg=$(cd "$tmp" && "$BUF" breaking newdir/proto --against "$arg" </dev/null 2>&1) || status=$?
	printf '%s\t%s\t%s\n' "$arg" "$status" "$(printf %s "$msg" | grep -av WARN | head -1 | sed "s#$tmp#TMP#g")"
done <"$here/bad.txt" >"$here/errors.buf.txt"
