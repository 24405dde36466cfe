#!/usr/bin/env bash
# The scenario suite: repositories laid out as buf users lay them out (v2 workspaces,
# buf.work.yaml, v1beta1 roots, git histories, archives, images; see docs/scenarios.md),
# each with buf 1.75's verdict recorded by testdata/scenarios/record.sh. For every
# testdata/scenarios/NAME/ (a directory with a cmd file) the scenario is copied to a
# temporary directory, its setup.sh run there, and
#     PROTOCOMPAT $(cat cmd)          (split as the shell would; stdin: the file `stdin`)
# run in it. Compared with buf's expected.* files:
#   buf exit 100 or 0: ours must be the same; with --error-format json the findings are
#     compared as a multiset of (path, start_line, start_column, end_line, end_column,
#     type, message); with any other format stdout must equal expected.stdout line for
#     line. When buf's findings are compile errors (type COMPILE) ours must exit 3 and
#     name one of buf's error locations (path:line:col:) on stderr.
#   buf exit 1 (buf's "Failure: ..."): ours must exit 2 or 3 with a message on stderr
#     containing one of the lines of stderr.keys (when the scenario has that file); both
#     messages are printed side by side on failure.
# A scenario with a PENDING file is a known gap: its failure is counted apart and does
# not fail the suite, but a pending scenario that passes fails (remove its PENDING file).
#
# usage: scenarios.test.sh PROTOCOMPAT [SUBSTRING...]   (ctest passes the binary path;
#        SUBSTRINGs select scenarios by name)
set -u
bin=${1:?usage: scenarios.test.sh PROTOCOMPAT [SUBSTRING...]}
shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
export NO_COLOR=1 PYTHONDONTWRITEBYTECODE=1
exec python3 - "$bin" "$here/scenarios" "$@" <<'PYEOF'
import difflib, os, sys

bin_, root, filters = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, root)
sys.path.insert(1, os.path.dirname(root))
import scenario as sc
from findings import load, differences, summarize


def side_by_side(buf_err, our_err):
    return "buf said:\n    %s\nwe said:\n    %s" % (
        "\n    ".join(buf_err.rstrip().splitlines()[:10]) or "(nothing)",
        "\n    ".join(our_err.rstrip().splitlines()[:10]) or "(nothing)")


def check(d):
    """None when protocompat agrees with buf on scenario d, else why not."""
    argv = sc.command(d)
    want_rc = int(sc.read(os.path.join(d, "expected.rc"), "-1").strip())
    expected = load(sc.read(os.path.join(d, "expected.json"), ""), "expected.json")
    with sc.Laid(d) as laid:
        if laid.error:
            return laid.error
        try:
            rc, out, err = laid.run(bin_, argv)
        except Exception as e:
            return "cannot run %s: %s" % (bin_, e)
    if want_rc not in (0, 100):
        msgs = []
        if rc not in (2, 3):
            msgs.append("exit status %d, want 2 or 3 (buf failed with %d)" % (rc, want_rc))
        if not err.strip():
            msgs.append("nothing on stderr")
        keys = [k for k in sc.read(os.path.join(d, "stderr.keys"), "").splitlines() if k]
        if keys and not any(k.lower() in err.lower() for k in keys):
            msgs.append("stderr contains none of %s (stderr.keys)" % ", ".join(
                repr(k) for k in keys))
        if msgs:
            msgs.append(side_by_side(sc.read(os.path.join(d, "expected.stderr"), ""), err))
        return "\n".join(msgs) or None
    compile_errs = [t for t in expected if t[5] == "COMPILE"]
    if compile_errs:
        msgs = []
        if rc != 3:
            msgs.append("exit status %d, want 3 (an input fails to compile)" % rc)
        locs = ["%s:%d:%d:" % (t[0], t[1], t[2]) for t in compile_errs]
        if not any(loc in err for loc in locs):
            msgs.append("stderr names none of buf's error locations %s" % ", ".join(locs))
        if msgs:
            msgs.append("stderr:\n" + "\n".join(err.rstrip().splitlines()[:20]))
        return "\n".join(msgs) or None
    msgs = []
    if rc != want_rc:
        msgs.append("exit status %d, want %d" % (rc, want_rc))
        if err.strip():
            msgs.append("stderr:\n" + "\n".join(err.rstrip().splitlines()[:20]))
    if sc.error_format(argv) == "json":
        try:
            got = load(out, "stdout")
        except ValueError as e:
            msgs.append(str(e))
            return "\n".join(msgs)
        msgs += differences(expected, got)
    else:
        want_out = sc.read(os.path.join(d, "expected.stdout"), "")
        if out.splitlines() != want_out.splitlines():
            msgs += list(difflib.unified_diff(want_out.splitlines(), out.splitlines(),
                                              "buf", "protocompat", lineterm=""))[:60]
    return "\n".join(msgs) or None


cases = sc.scenarios(root, filters)
if not cases:
    print("no scenarios selected")
    sys.exit(1)
if not os.access(bin_, os.X_OK):
    print("protocompat binary %s is missing: every scenario fails" % bin_)

sys.exit(summarize([(name, check(d), sc.read(os.path.join(d, "PENDING")))
                    for name, d in cases], "scenarios"))
PYEOF
