#!/usr/bin/env bash
# A CI gate as teams write it for buf, unchanged but for the program: BUF names it
# (buf, or protocompat). Checks the workspace in $1 against $2, fails the job on exit
# 100 with one annotation line per finding parsed from the JSON output, and fails
# differently on any other non-zero status (the tool could not run).
set -u
BUF=${BUF:-buf}
out=$("$BUF" breaking "$1" --against "$2" --error-format json)
rc=$?
if [ "$rc" -eq 100 ]; then
	printf '%s\n' "$out" | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        f = json.loads(line)
        print("BREAKING %s:%s:%s %s" % (f.get("path", "<input>"), f["start_line"], f["start_column"], f["type"]))'
	exit 1
elif [ "$rc" -ne 0 ]; then
	echo "breaking check could not run (exit $rc)"
	exit 2
fi
echo "no breaking changes"
