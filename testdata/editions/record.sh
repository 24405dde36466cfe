#!/usr/bin/env bash
# Records protoc 36's descriptor sets for every editions/NAME.proto (or the NAMEs given),
# decoded to text with our src/wkt/google/protobuf/descriptor.proto:
#   NAME.protoc.txt               protoc -o                 (source-retention options dropped)
#   NAME.protoc-source-info.txt   protoc --include_source_info -o
#   NAME.protoc-retain.txt        protoc --retain_options --include_source_info -o
# protoc 36.2 comes from testdata/protoc36.sh (pinned, hash-checked, cached outside
# the repository) unless $PROTOC36 names it; protoc 3.21 ($PROTOC) only decodes.
#
# usage: testdata/editions/record.sh [NAME...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
wkt=$(cd "$here/../../src/wkt" && pwd)
PROTOC=${PROTOC:-protoc}
PROTOC36=${PROTOC36:-$(bash "$here/../protoc36.sh")} || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here" || exit 2
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in *.proto; do names+=("${f%.proto}"); done
fi
rc=0
for n in "${names[@]}"; do
	for v in protoc:"" protoc-source-info:--include_source_info \
		protoc-retain:"--retain_options --include_source_info"; do
		# shellcheck disable=SC2086
		if "$PROTOC36" -I . ${v#*:} -o "$tmp/x.pb" "$n.proto" 2>"$tmp/err"; then
			"$PROTOC" --decode=google.protobuf.FileDescriptorSet -I"$wkt" \
				google/protobuf/descriptor.proto < "$tmp/x.pb" > "$n.${v%%:*}.txt" || rc=1
		else
			echo "record.sh: protoc 36 rejects $n.proto:" >&2
			cat "$tmp/err" >&2
			rc=1
		fi
	done
done
exit $rc
