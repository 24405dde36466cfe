#!/usr/bin/env bash
# Parse benchmark over googleapis (npm google-proto-files), protocompat against protoc on
# the same files in the same run. Usage: src/bench/parse.sh [VERSION] (default 6.0.1).
# Downloads the package into .cache/ (not committed); needs npm, protoc and a build in
# build/ (cmake -S . -B build && cmake --build build).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:-6.0.1}
cache=.cache/google-proto-files-$version
if [ ! -d "$cache/package" ]; then
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "google-proto-files@$version" >/dev/null && tar xzf google-proto-files-"$version".tgz)
fi
root=$cache/package
list=$(mktemp)
(cd "$root" && find google grafeas -name '*.proto' -not -path 'google/protobuf/*' 2>/dev/null | LC_ALL=C sort) >"$list"
n=$(wc -l <"$list")
mb=$(cd "$root" && xargs cat <"$list" | wc -c | awk '{printf "%.1f", $1/1e6}')
echo "googleapis $version: $n files, $mb MB"

echo "-- protocompat (in-process, best of 5)"
./build/bench_parse "$root" 5

echo "-- protocompat build (whole CLI: parse, resolve, write the descriptor set)"
/usr/bin/time -f "   wall %e s  user %U s  max RSS %M KB" \
  sh -c "cd '$root' && '$PWD/build/protocompat' build -o /dev/null \$(cat '$list')"

echo "-- protoc 3.21 --descriptor_set_out (one run, all files)"
/usr/bin/time -f "   wall %e s  user %U s  max RSS %M KB" \
  sh -c "cd '$root' && protoc -I. -o /dev/null \$(cat '$list') 2>/dev/null"
rm -f "$list"
