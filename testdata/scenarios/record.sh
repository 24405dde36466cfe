#!/usr/bin/env bash
# Records buf's verdict on every scenario (or those whose names contain a SUBSTRING):
# lays the scenario out in a temporary directory (running its setup.sh), runs
#     BUF $(cat cmd)
# there and rewrites expected.rc (buf's exit status), expected.json (buf's stdout with
# --error-format json; when cmd asks for another format, a second run with json),
# expected.stdout (buf's stdout, only when cmd asks for a format other than json) and
# expected.stderr (only when buf failed: exit status neither 0 nor 100).
# Never write these files by hand or from protocompat's output. See docs/scenarios.md.
#
# usage: record.sh BUF [SUBSTRING...]
set -u
buf=${1:?usage: record.sh BUF [SUBSTRING...]}
shift
case $buf in */*) buf=$(cd "$(dirname "$buf")" && pwd)/$(basename "$buf") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 - "$buf" "$here" "$@" <<'PYEOF'
import os, sys
sys.path.insert(0, sys.argv[2])
import scenario as sc

buf, filters = sys.argv[1], sys.argv[3:]
chosen = sc.scenarios(filters=filters)
if not chosen:
    sys.exit("no scenarios selected")


def write(d, name, text):
    path = os.path.join(d, name)
    if text is None:
        if os.path.exists(path):
            os.remove(path)
        return
    with open(path, "w") as f:
        f.write(text)


for name, d in chosen:
    argv = sc.command(d)
    with sc.Laid(d) as laid:
        if laid.error:
            sys.exit("%s: %s" % (name, laid.error))
        rc, out, err = laid.run(buf, argv)
        if sc.error_format(argv) == "json":
            js, stdout = out, None
        else:
            stdout = out
            _, js, _ = laid.run(buf, sc.with_json(argv))
    write(d, "expected.rc", "%d\n" % rc)
    write(d, "expected.json", js)
    write(d, "expected.stdout", stdout)
    write(d, "expected.stderr", err if rc not in (0, 100) else None)
    n = len([l for l in js.splitlines() if l.strip()])
    print("%-40s exit %3d  %2d findings%s" % (name, rc, n,
          ("  " + err.strip().splitlines()[0][:90]) if rc not in (0, 100) and err.strip() else ""))
PYEOF
