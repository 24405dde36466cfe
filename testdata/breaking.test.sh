#!/usr/bin/env bash
# The breaking-change case suite: every case of testdata/breaking/RULE_ID/NAME/ (see
# docs/breaking-cases.md) is run as
#     cd CASE && protocompat --format json old new
# (the configuration comes from new/buf.yaml) and its findings are compared with buf
# 1.75's: expected.json, or protocompat-expected.json where buf has a known defect.
# Compared: the multiset of (path, start_line, start_column, end_line, end_column, type,
# message), then their order (buf's: path, start, type, message, end); our extra keys
# are ignored. Exit status must be 1 when findings are expected
# and 0 when none are. A case whose expected findings are compile errors (type COMPILE)
# must exit 3 and name at least one of buf's error locations (path:line:col:) on stderr
# (buf may report one mistake twice, at two places). A case with a PENDING file
# is a known gap: its failure is counted apart and does not fail the suite, but a pending
# case that passes fails (remove its PENDING file).
#
# usage: breaking.test.sh PROTOCOMPAT [SUBSTRING...]   (ctest passes the binary path;
#        SUBSTRINGs select cases by RULE_ID/NAME)
set -u
bin=${1:?usage: breaking.test.sh PROTOCOMPAT [SUBSTRING...]}
shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
export NO_COLOR=1 PYTHONDONTWRITEBYTECODE=1
exec python3 - "$bin" "$here/breaking" "$@" <<'PYEOF'
import os, subprocess, sys

bin_, root, filters = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, os.path.dirname(root))
from findings import load, differences, show, summarize


def run_case(d):
    """Returns None on success, else a text explaining the failure."""
    exp_file = os.path.join(d, "protocompat-expected.json")
    if not os.path.exists(exp_file):
        exp_file = os.path.join(d, "expected.json")
    with open(exp_file) as f:
        expected = load(f.read(), os.path.basename(exp_file))
    try:
        r = subprocess.run([bin_, "--format", "json", "old", "new"], cwd=d,
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "cannot run %s: %s" % (bin_, e)
    compile_errs = [t for t in expected if t[5] == "COMPILE"]
    if compile_errs:
        msgs = []
        if r.returncode != 3:
            msgs.append("exit status %d, want 3 (an input fails to compile)" % r.returncode)
        locs = ["%s:%d:%d:" % (t[0], t[1], t[2]) for t in compile_errs]
        if not any(loc in r.stderr for loc in locs):
            msgs.append("stderr names none of buf's error locations %s" % ", ".join(locs))
        if msgs:
            msgs.append("stderr:\n" + r.stderr.rstrip())
            return "\n".join(msgs)
        return None
    msgs = []
    want_rc = 1 if expected else 0
    if r.returncode != want_rc:
        msgs.append("exit status %d, want %d" % (r.returncode, want_rc))
        if r.stderr.strip():
            msgs.append("stderr:\n" + "\n".join(r.stderr.rstrip().splitlines()[:20]))
    try:
        got = load(r.stdout, "stdout")
    except ValueError as e:
        msgs.append(str(e))
        return "\n".join(msgs)
    msgs += differences(expected, got)
    if not msgs and got != expected:
        msgs.append("the findings are buf's but in another order; want:")
        msgs += ["  " + show(t) for t in expected]
        msgs.append("got:")
        msgs += ["  " + show(t) for t in got]
    return "\n".join(msgs) if msgs else None


cases = []
for rule in sorted(os.listdir(root)):
    rd = os.path.join(root, rule)
    if not os.path.isdir(rd):
        continue
    for name in sorted(os.listdir(rd)):
        d = os.path.join(rd, name)
        if os.path.exists(os.path.join(d, "cmd")):
            cases.append((rule + "/" + name, d))
if filters:
    cases = [c for c in cases if any(s in c[0] for s in filters)]
if not cases:
    print("no cases selected")
    sys.exit(1)
if not os.access(bin_, os.X_OK):
    print("protocompat binary %s is missing: every case fails" % bin_)

results = []
for name, d in cases:
    pending = os.path.join(d, "PENDING")
    results.append((name, run_case(d),
                    open(pending).read() if os.path.exists(pending) else None))
sys.exit(summarize(results, "cases"))
PYEOF
