#!/usr/bin/env bash
# Fidelity harness: `protocompat build` must write the same FileDescriptorSet as the
# reference compiler, with and without source info.
#
# Each side compiles the whole file list in ONE run (as users do), both sets are decoded to
# text with our descriptor.proto (src/wkt, which knows the editions fields), split per file
# and compared file by file. Reports `N files equal, M differ` per variant, then the start
# of the diff of each differing file.
#
# usage:
#   fidelity.sh PROTOCOMPAT testdata            valid/ against protoc 3.21, editions/ against
#                                               the protoc 36 output recorded in
#                                               editions/*.protoc*.txt (and against protoc 36
#                                               itself when it is at hand); exits non-zero
#                                               unless everything is equal
#   fidelity.sh PROTOCOMPAT corpus [DIR]        googleapis (google-proto-files) minus its
#                                               google/protobuf/ folder; not run in CI
#   fidelity.sh PROTOCOMPAT dir ROOT [FILE...]  any proto2/proto3 tree against protoc
# environment: PROTOC (protoc 3.21), PROTOC36 (protoc 36.2; default: the copy
#   testdata/protoc36.sh cached, if any), FIDELITY_DIFF_LINES (default 15),
#   FIDELITY_MAX_SHOWN (differing files whose diff is shown, default 10),
#   FIDELITY_CACHE (where corpus mode downloads google-proto-files with npm when DIR is
#   missing; default ~/.cache/protocompat)
set -u
here=$(cd "$(dirname "$0")" && pwd)
wkt=$(cd "$here/../src/wkt" && pwd)
PROTOC=${PROTOC:-protoc}
lines=${FIDELITY_DIFF_LINES:-15}
max_shown=${FIDELITY_MAX_SHOWN:-10}
corpus_version=6.0.1

usage() { sed -n '/^# usage:/,/^set -u/p' "$0" | sed '$d;s/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
bin=$1
mode=$2
shift 2
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1

# Decodes a descriptor set to text.
decode() {
	"$PROTOC" --decode=google.protobuf.FileDescriptorSet -I"$wkt" \
		google/protobuf/descriptor.proto < "$1"
}

# Splits a decoded set into OUTDIR/<file name with / as %>.txt, one `file { }` block each.
# protoc prints `name` (field 1) first, so each block is streamed to its file from there.
split_files() {
	mkdir -p "$2"
	awk -v out="$2" '
		/^file \{$/ { held = $0; f = ""; next }
		f == "" && /^  name: "/ {
			f = $0; sub(/^  name: "/, "", f); sub(/"$/, "", f); gsub(/\//, "%", f)
			f = out "/" f ".txt"; print held > f
		}
		f != "" { print > f }
		/^\}$/ && f != "" { close(f); f = "" }
	' "$1"
}

# compare LABEL REFDIR OURDIR: prints the tally and the first lines of each diff; returns 1
# when a file differs or is missing on either side.
compare() {
	local label=$1 ref=$2 ours=$3 equal=0 differ=0 shown=0 f name
	for f in "$ref"/*.txt "$ours"/*.txt; do
		[ -e "$f" ] || continue
		echo "${f##*/}"
	done | sort -u > "$tmp/names"
	while read -r f; do
		name=${f%.txt}; name=${name//%//}
		if [ ! -f "$ref/$f" ] || [ ! -f "$ours/$f" ]; then
			differ=$((differ + 1))
			if [ $shown -lt "$max_shown" ]; then
				[ -f "$ref/$f" ] && echo "  $name: missing from protocompat's set" \
					|| echo "  $name: not in the reference's set"
				shown=$((shown + 1))
			fi
		elif cmp -s "$ref/$f" "$ours/$f"; then
			equal=$((equal + 1))
		else
			differ=$((differ + 1))
			if [ $shown -lt "$max_shown" ]; then
				echo "  $name differs (--- reference, +++ protocompat):"
				diff -U 3 "$ref/$f" "$ours/$f" | sed '1,2d' | head -n "$lines" | sed 's/^/    /'
				shown=$((shown + 1))
			fi
		fi
	done < "$tmp/names"
	[ $differ -gt $shown ] && echo "  ... $((differ - shown)) more differing files not shown"
	echo "$label: $equal files equal, $differ differ"
	[ $differ -eq 0 ]
}

# ours ROOT OUT [--include-source-info] FILE...: protocompat's set, decoded; 1 on failure.
ours() {
	local root=$1 out=$2
	shift 2
	if ! (cd "$root" && "$bin" build -I . -o "$tmp/ours.pb" "$@") 2>"$tmp/ours.err"; then
		echo "protocompat build failed in $root:"
		head -n 10 "$tmp/ours.err" | sed 's/^/  /'
		return 1
	fi
	decode "$tmp/ours.pb" > "$out"
}

# Compares protoc and protocompat on ROOT with the given files (relative to ROOT).
against_protoc() {
	local root=$1 rc=0 v flag
	shift
	for v in plain source-info; do
		flag=
		[ $v = source-info ] && flag=--include_source_info
		if ! (cd "$root" && "$PROTOC" -I . $flag --descriptor_set_out="$tmp/ref.pb" "$@") \
				2>"$tmp/ref.err"; then
			echo "protoc failed in $root:"; head -n 10 "$tmp/ref.err" | sed 's/^/  /'
			return 2
		fi
		rm -rf "$tmp/ref.$v" "$tmp/ours.$v"
		decode "$tmp/ref.pb" > "$tmp/ref.txt"
		split_files "$tmp/ref.txt" "$tmp/ref.$v"
		flag=
		[ $v = source-info ] && flag=--include-source-info
		if ours "$root" "$tmp/ours.txt" $flag "$@"; then
			split_files "$tmp/ours.txt" "$tmp/ours.$v"
		else
			mkdir -p "$tmp/ours.$v"
		fi
		compare "${root##*/} ($v, protoc)" "$tmp/ref.$v" "$tmp/ours.$v" || rc=1
	done
	return $rc
}

# Editions: protoc 36's recorded output (editions/NAME.protoc.txt, NAME.protoc-source-info.txt,
# NAME.protoc-retain.txt with --retain_options; written by editions/record.sh) is the
# reference, so CI needs neither protoc 36 nor the network; when protoc 36 is at hand
# ($PROTOC36, or the copy testdata/protoc36.sh cached) the records are checked first.
# Every variant must be equal, source info included.
editions() {
	local root=$here/editions rc=0 v flag label f n files p36=${PROTOC36:-}
	files=$(cd "$root" && ls *.proto)
	[ -n "$p36" ] || p36=$(bash "$here/protoc36.sh" --cached 2>/dev/null)
	if [ -n "$p36" ] && [ -x "$p36" ]; then
		for f in $files; do
			n=${f%.proto}
			for v in protoc:"" protoc-source-info:--include_source_info \
				protoc-retain:"--retain_options --include_source_info"; do
				# shellcheck disable=SC2086
				(cd "$root" && "$p36" -I . ${v#*:} -o "$tmp/p.pb" "$f") 2>/dev/null &&
					decode "$tmp/p.pb" | cmp -s - "$root/$n.${v%%:*}.txt" ||
					{ echo "editions/$n.${v%%:*}.txt is stale: protoc 36 now writes something else"; rc=1; }
			done
		done
	fi
	for v in protoc protoc-source-info protoc-retain; do
		rm -rf "$tmp/ref.$v" "$tmp/ours.$v"
		for f in $files; do
			cat "$root/${f%.proto}.$v.txt"
		done > "$tmp/ref.txt"
		split_files "$tmp/ref.txt" "$tmp/ref.$v"
		case $v in
		protoc) flag= label=plain ;;
		protoc-source-info) flag=--include-source-info label=source-info ;;
		protoc-retain) flag="--retain-options --include-source-info" label="source-info, --retain-options" ;;
		esac
		# shellcheck disable=SC2086
		if ours "$root" "$tmp/ours.txt" $flag $files; then
			split_files "$tmp/ours.txt" "$tmp/ours.$v"
		else
			mkdir -p "$tmp/ours.$v"
		fi
		compare "editions ($label, protoc 36)" "$tmp/ref.$v" "$tmp/ours.$v" || rc=1
	done
	return $rc
}

# The googleapis corpus without its google/protobuf/ folder: a staging root (hard-linked
# copies, not symlinks, so that no tool sees paths leave the root), so that imports of
# google/protobuf/*.proto resolve to each tool's own well-known types.
stage() {
	cp -al "$1" "$2" 2>/dev/null || cp -R "$1" "$2"
}
corpus() {
	local src=${1:-/work/tools/node_modules/google-proto-files} cache d files
	if [ ! -d "$src/google" ]; then
		cache=${FIDELITY_CACHE:-$HOME/.cache/protocompat}
		src=$cache/google-proto-files-$corpus_version
		if [ ! -d "$src/google" ]; then
			command -v npm >/dev/null || { echo "corpus: no corpus and no npm to fetch it" >&2; return 2; }
			mkdir -p "$cache" || return 2
			(cd "$cache" && npm pack --silent "google-proto-files@$corpus_version" >/dev/null) || return 2
			mkdir -p "$src" && tar -xzf "$cache/google-proto-files-$corpus_version.tgz" \
				-C "$src" --strip-components=1 || return 2
		fi
	fi
	mkdir -p "$tmp/googleapis/google"
	for d in "$src"/google/*/; do
		d=${d%/}
		[ "${d##*/}" = protobuf ] || stage "$d" "$tmp/googleapis/google/${d##*/}" || return 2
	done
	[ -d "$src/grafeas" ] && { stage "$src/grafeas" "$tmp/googleapis/grafeas" || return 2; }
	files=$(cd "$tmp/googleapis" && find . -name '*.proto' | sed 's|^\./||' | sort)
	echo "corpus: $(echo "$files" | wc -l) files from $src"
	# shellcheck disable=SC2086
	against_protoc "$tmp/googleapis" $files
}

case $mode in
testdata)
	rc=0
	files=$(cd "$here/valid" && find . -name '*.proto' | sed 's|^\./||' | sort)
	# shellcheck disable=SC2086
	against_protoc "$here/valid" $files || rc=1
	editions || rc=1
	exit $rc
	;;
corpus)
	corpus "$@"
	;;
dir)
	[ $# -ge 1 ] || usage
	root=$(cd "$1" && pwd) || exit 2
	shift
	if [ $# -eq 0 ]; then
		# shellcheck disable=SC2046
		set -- $(cd "$root" && find . -name '*.proto' | sed 's|^\./||' | sort)
	fi
	against_protoc "$root" "$@"
	;;
*)
	usage
	;;
esac
