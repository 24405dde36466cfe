#!/bin/bash
# Builds the seed corpora of the fuzz targets from testdata/ and rules/.
# usage: src/fuzz/seed.sh BUILD_DIR    (writes BUILD_DIR/corpus/<target>/)
# BUILD_DIR/protocompat writes the descriptor-set seeds. Seeds are content-named
# (sha1), so running it twice adds nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: seed.sh BUILD_DIR}
out=$build/corpus
pc=$build/protocompat
mkdir -p "$out"/{fuzz_parse,fuzz_resolve,fuzz_descset,fuzz_rules,fuzz_config,fuzz_diff,fuzz_inputs}

put() { # put TARGET FILE: copy under its content hash
	local h
	h=$(sha1sum <"$2" | cut -c1-40)
	cp "$2" "$out/$1/$h"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# .proto files: parser and resolver (the well-known types too).
while IFS= read -r -d '' f; do
	put fuzz_parse "$f"
	put fuzz_resolve "$f"
done < <(find "$root/testdata" "$root/src/wkt" -name '*.proto' -size -64k -print0)

# Pairs for the diff: every old/new case of testdata/breaking and testdata/diff,
# file by file (old file, "\n---\n", new file of the same name).
while IFS= read -r -d '' old; do
	new=${old/\/old\//\/new\/}
	[ -f "$new" ] || continue
	{ cat "$old"; printf '\n---\n'; cat "$new"; } >"$tmp/pair"
	put fuzz_diff "$tmp/pair"
done < <(find "$root/testdata/breaking" "$root/testdata/diff" -path '*/old/*' -name '*.proto' -print0)

# Rule files: the shipped catalog and the bad-rule cases.
while IFS= read -r -d '' f; do
	put fuzz_rules "$f"
done < <(find "$root/rules" "$root/testdata/rules" -name '*.yaml' -print0)

# Configurations: the first byte picks buf.yaml (odd) or protocompat.yaml (even).
while IFS= read -r -d '' f; do
	case $(basename "$f") in
	buf.yaml | buf.yml) k='\001' ;;
	*) k='\000' ;;
	esac
	{ printf "$k"; cat "$f"; } >"$tmp/cfg"
	put fuzz_config "$tmp/cfg"
done < <(find "$root/testdata" -name '*.yaml' -path '*config*' -print0; \
	find "$root/testdata/breaking" -name 'buf.yaml' -print0 | head -z -n 40)

# Descriptor sets: each valid/ and editions/ file built alone, with and without
# imports and source info, plus any set already in testdata.
if [ -x "$pc" ]; then
	for dir in valid editions; do
		while IFS= read -r -d '' f; do
			n=$(basename "$f" .proto)
			"$pc" build -I "$root/testdata/$dir" -o "$tmp/$n.a.binpb" "$f" 2>/dev/null && put fuzz_descset "$tmp/$n.a.binpb"
			"$pc" build -I "$root/testdata/$dir" --include-imports --include-source-info \
				-o "$tmp/$n.b.binpb" "$f" 2>/dev/null && put fuzz_descset "$tmp/$n.b.binpb"
		done < <(find "$root/testdata/$dir" -name '*.proto' -print0)
	done
fi
while IFS= read -r -d '' f; do
	put fuzz_descset "$f"
done < <(find "$root/testdata" \( -name '*.binpb' -o -name '*.pb' \) -print0)

# buf's inputs: the first byte picks the reader (see fuzz_inputs.c), the second the
# strip_components; seeds are the arguments and archives of testdata/inputs.
here=$root/testdata/inputs
while IFS=$'\t' read -r arg _; do
	{ printf '\000\000'; printf %s "$arg"; } >"$tmp/arg" && put fuzz_inputs "$tmp/arg"
done <"$here/bad.txt"
(. "$here/make.sh" && mkdir "$tmp/in" && make_inputs "$here" "$tmp/in") >/dev/null 2>&1 || true
for f in old.tar:1:0 new.tgz:2:0 new-strip.tgz:2:1 old.zip:3:0 old-strip.zip:3:1 up.tar:1:0 sym.tar:1:0 \
	cut.tgz:4:0 old.json:5:0 new.json:5:0 garbage.json:5:0; do
	IFS=: read -r name mode strip <<<"$f"
	[ -f "$tmp/in/$name" ] || continue
	{ printf "\\$(printf %03o "$mode")\\$(printf %03o "$strip")"; cat "$tmp/in/$name"; } >"$tmp/seed" &&
		put fuzz_inputs "$tmp/seed"
done

# Registry inputs (mode 6): base64 of a FileDescriptorProto or a FileDescriptorSet.
while IFS= read -r -d '' f; do
	{ printf '\006\000'; cat "$f"; } >"$tmp/seed" && put fuzz_inputs "$tmp/seed"
done < <(find "$root/testdata/registry" \( -name '*.b64' -o -name '*.serialized' \) -print0)

while IFS= read -r -d '' f; do
	{ printf '\005\000'; cat "$f"; } >"$tmp/seed" && put fuzz_inputs "$tmp/seed"
done < <(find "$root/testdata/registry" -name '*.json' -print0)

for t in "$out"/*; do
	echo "$(basename "$t"): $(find "$t" -type f | wc -l) seeds"
done
