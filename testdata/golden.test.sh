#!/usr/bin/env bash
# Golden tests of `protocompat build` against the reference compilers.
#
# Invalid cases live in testdata/invalid/: NAME.proto (run from that directory) or a
# directory NAME/ whose main.proto is built (run from NAME/, for cases that need several
# files). NAME.ref holds the reference's verdict (protoc 3.21, or protoc 36.2 for editions_*
# cases), recorded by invalid/record-refs.sh. For every case:
#   1. `protocompat build -I . -o /dev/null FILE` must exit 3;
#   2. our first error's path:line:col must equal the reference's first located error
#      (skipped when the reference gives no line:col, as protoc does for some checks);
#   3. our whole stderr must equal NAME.err, the golden message. NAME.err is written by hand
#      from our output only after checking that it names the same problem at the same place
#      as NAME.ref; a case without NAME.err fails as "no reviewed golden".
# Valid cases: every file under testdata/valid/ and testdata/editions/ builds with exit 0.
#
# usage: golden.test.sh PROTOCOMPAT [NAME...]     (ctest passes the binary path)
set -u
bin=${1:?usage: golden.test.sh PROTOCOMPAT [NAME...]}
shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
inv=$here/invalid
export NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$inv"/*.proto; do f=${f##*/}; names+=("${f%.proto}"); done
	for d in "$inv"/*/; do d=${d%/}; names+=("${d##*/}"); done
fi

# First `path:line:col:` of an error (not a warning) in a stream; empty when none.
first_location() {
	grep -E '^[^ :]+:[0-9]+:[0-9]+:' | grep -v -E '^[^ :]+:[0-9]+:[0-9]+: ?warning:' |
		head -n 1 | sed -E 's/^([^ :]+:[0-9]+:[0-9]+):.*/\1/'
}

# The reference's stderr: the lines between the `$ command` line and `# exit status`.
ref_stderr() {
	sed -n '/^\$ /,/^# exit status:/p' "$1" | sed '1d;$d'
}

pass=0
fail=0
missing=0
failed=()
for n in "${names[@]}"; do
	if [ -d "$inv/$n" ]; then
		dir=$inv/$n
		file=main.proto
	else
		dir=$inv
		file=$n.proto
	fi
	if [ ! -f "$inv/$n.ref" ]; then
		echo "FAIL $n: no $n.ref (run invalid/record-refs.sh $n)"
		fail=$((fail + 1)); failed+=("$n")
		continue
	fi
	(cd "$dir" && "$bin" build -I . -o /dev/null "$file") >/dev/null 2>"$tmp/err"
	rc=$?
	why=
	if [ $rc -ne 3 ]; then
		why="exit status $rc, want 3"
	else
		want=$(ref_stderr "$inv/$n.ref" | first_location)
		got=$(first_location < "$tmp/err")
		if [ -n "$want" ] && [ "$want" != "$got" ]; then
			why="first error at '${got:-none}', reference at '$want'"
		elif [ ! -f "$inv/$n.err" ]; then
			why="no reviewed golden $n.err"
			missing=$((missing + 1))
		elif ! diff -u "$inv/$n.err" "$tmp/err" > "$tmp/diff"; then
			why="stderr differs from $n.err:
$(head -n 20 "$tmp/diff")"
		fi
	fi
	if [ -n "$why" ]; then
		echo "FAIL $n: $why"
		echo "  ours: $(head -n 1 "$tmp/err")"
		echo "  ref:  $(ref_stderr "$inv/$n.ref" | head -n 1)"
		fail=$((fail + 1)); failed+=("$n")
	else
		pass=$((pass + 1))
	fi
done

# Valid files: one build per corpus, all files at once, as a user would run it.
valid_fail=0
if [ $# -eq 0 ]; then
	for root in "$here/valid" "$here/editions"; do
		files=$(cd "$root" && find . -name '*.proto' | sed 's|^\./||' | sort)
		# shellcheck disable=SC2086
		(cd "$root" && "$bin" build -I . -o "$tmp/valid.pb" $files) >/dev/null 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			echo "FAIL valid corpus ${root##*/}/: exit status $rc, want 0"
			head -n 10 "$tmp/err" | sed 's/^/  /'
			valid_fail=$((valid_fail + 1))
		fi
	done
fi

echo "golden: $pass invalid cases pass, $fail fail ($missing without a reviewed golden); $valid_fail valid corpora fail"
[ $fail -eq 0 ] && [ $valid_fail -eq 0 ]
