#!/usr/bin/env bash
# Records the reference verdict of every invalid case as NAME.ref: the exact command,
# the reference's stderr and its exit status. protoc 3.21 is the reference for proto2/
# proto3 cases; protoc 36.2 for editions_* cases (protoc 3.21 cannot parse editions):
# $PROTOC36, else the pinned copy testdata/protoc36.sh installs (and caches).
# Cases: NAME.proto (run from this directory) or NAME/ with main.proto (run from NAME/).
# A case the reference accepts is an error in the corpus: the script says so and fails.
#
# usage: testdata/invalid/record-refs.sh [NAME...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
PROTOC=${PROTOC:-protoc}
cd "$here" || exit 2

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in *.proto; do names+=("${f%.proto}"); done
	for d in */; do names+=("${d%/}"); done
fi

bad=0
for n in "${names[@]}"; do
	if [ -d "$n" ]; then
		dir="$here/$n"
		if [[ $n == editions_* ]]; then
			p36=${PROTOC36:-$(bash "$here/../protoc36.sh")} || exit 2
			ref="$("$p36" --version)"
			cmd="cd testdata/invalid/$n && protoc -I . -o /dev/null main.proto"
			run=("$p36" -I . -o /dev/null main.proto)
		else
			ref="$("$PROTOC" --version)"
			cmd="cd testdata/invalid/$n && protoc -I . -o /dev/null main.proto"
			run=("$PROTOC" -I . -o /dev/null main.proto)
		fi
	else
		dir="$here"
		ref="$("$PROTOC" --version)"
		cmd="cd testdata/invalid && protoc -I . -o /dev/null $n.proto"
		run=("$PROTOC" -I . -o /dev/null "$n.proto")
	fi
	err=$(cd "$dir" && "${run[@]}" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "record-refs: $n is ACCEPTED by $ref; it is not an invalid case" >&2
		bad=1
	fi
	{
		echo "# reference: $ref"
		echo "\$ $cmd"
		printf '%s\n' "$err"
		echo "# exit status: $rc"
	} > "$here/$n.ref"
done
exit $bad
