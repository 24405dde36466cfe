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
export NO_COLOR=1
exec python3 - "$bin" "$here/breaking" "$@" <<'PYEOF'
import collections, json, os, subprocess, sys

bin_, root, filters = sys.argv[1], sys.argv[2], sys.argv[3:]
KEYS = ("path", "start_line", "start_column", "end_line", "end_column", "type", "message")


def load(text, what):
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except ValueError as e:
            raise ValueError("%s line %d is not JSON (%s): %s" % (what, n, e, line[:200]))
        if not isinstance(o, dict):
            raise ValueError("%s line %d is not an object: %s" % (what, n, line[:200]))
        out.append(tuple(o.get(k) for k in KEYS))
    return out


def show(t):
    d = dict((k, v) for k, v in zip(KEYS, t) if v is not None)
    return json.dumps(d, separators=(",", ":"))


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
    want_c, got_c = collections.Counter(expected), collections.Counter(got)
    missing = sorted((want_c - got_c).elements(), key=show)
    extra = sorted((got_c - want_c).elements(), key=show)
    for t in missing:
        msgs.append("- " + show(t))
    for t in extra:
        msgs.append("+ " + show(t))
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

passed, failed, pending, xpass = 0, [], [], []
for name, d in cases:
    why = run_case(d)
    is_pending = os.path.exists(os.path.join(d, "PENDING"))
    if why is None and not is_pending:
        passed += 1
    elif why is None:
        xpass.append(name)
    elif is_pending:
        with open(os.path.join(d, "PENDING")) as f:
            pending.append((name, f.read().strip()))
    else:
        failed.append((name, why))

for name, why in failed:
    print("FAIL %s\n    %s" % (name, why.replace("\n", "\n    ")))
for name, why in pending:
    print("PENDING %s (%s)" % (name, why))
for name in xpass:
    print("FAIL %s: passes but is marked PENDING; remove its PENDING file" % name)
print("%d passed, %d failed, %d pending (known gaps) of %d cases" %
      (passed, len(failed) + len(xpass), len(pending), len(cases)))
if failed or xpass:
    print("failing cases: " + " ".join([n for n, _ in failed] + xpass))
sys.exit(1 if failed or xpass else 0)
PYEOF
