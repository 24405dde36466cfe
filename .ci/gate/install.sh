#!/usr/bin/env bash
# Installs protocompat for a CI gate (action.yml's first step, the GitLab template's
# before_script). PC_INSTALL says how:
#   build (default)  install the missing Debian build packages, build the protocompat
#                    of PC_SOURCE (the action's own checkout) in PC_BUILD_DIR and put it
#                    on PATH (GITHUB_PATH when set; else print the directory)
#   deb              the same build, packaged with CPack and installed with apt-get
#   none             use the protocompat already on PATH
# Runs as root or, when there is sudo, as a user with it.
set -euo pipefail
mode=${PC_INSTALL:-build}
src=${PC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${PC_BUILD_DIR:-${RUNNER_TEMP:-/tmp}/protocompat-build}

case $mode in
none)
	command -v protocompat >/dev/null || { echo "::error::install: none, but protocompat is not on PATH"; exit 2; }
	protocompat --version
	exit 0
	;;
build | deb) ;;
*)
	echo "::error::install must be build, deb or none, not '$mode'"
	exit 2
	;;
esac

sudo=""
[ "$(id -u)" = 0 ] || sudo=$(command -v sudo || true)
packages="build-essential cmake pkg-config git protobuf-c-compiler libprotobuf-c-dev libyaml-dev libpcre2-dev
	libarchive-dev libjansson-dev nettle-dev"
[ "$mode" = deb ] && packages="$packages dpkg-dev file"
missing=""
for p in $packages; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPC_TESTS=OFF >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
if [ "$mode" = deb ]; then
	cmake --build "$build" -j"$jobs" --target protocompat pcshared pccore
	(cd "$build" && cpack -G DEB >/dev/null)
	$sudo apt-get install -y -qq "$(ls "$build"/protocompat_*.deb | head -n 1)" >/dev/null
else
	cmake --build "$build" -j"$jobs" --target protocompat
	if [ -n "${GITHUB_PATH:-}" ]; then
		echo "$build" >>"$GITHUB_PATH"
	else
		echo "protocompat built in $build"
	fi
	export PATH=$build:$PATH
fi
protocompat --version
