#!/usr/bin/env bash
# The incremental check of two git versions equals the full one (docs/incremental.md):
# random one-commit histories over a monorepo of about 300 files, each commit checked
# incrementally (with the cache, without it, with a damaged one) and with --full, the
# outputs and exit statuses compared byte for byte. testdata/incremental/history.py
# says what the histories contain. PC_INCREMENTAL_COMMITS and PC_INCREMENTAL_SEED
# run longer or other histories (defaults: 40 commits, seed 13).
#
# Usage: incremental.test.sh PATH/TO/protocompat
set -u
here=$(dirname "$(realpath "$0")")
exec python3 "$here/incremental/history.py" "$1" "${PC_INCREMENTAL_COMMITS:-40}" "${PC_INCREMENTAL_SEED:-13}"
