#!/usr/bin/env bash
# ctest entry: testdata/valid/ must build exactly as protoc 3.21 builds it, and
# testdata/editions/ exactly as buf 1.75 did (recorded output), with and without source info.
# usage: fidelity.test.sh PROTOCOMPAT
here=$(cd "$(dirname "$0")" && pwd)
command -v "${PROTOC:-protoc}" >/dev/null || { echo "fidelity: protoc not found" >&2; exit 1; }
exec bash "$here/fidelity.sh" "${1:?usage: fidelity.test.sh PROTOCOMPAT}" testdata
