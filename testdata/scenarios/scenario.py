"""What scenarios.test.sh and record.sh share: finding the scenarios, laying one out in a
temporary directory (setup.sh included), and running a program there with the arguments
of its `cmd` file. See docs/scenarios.md."""
import os
import shlex
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# The files that hold buf's recorded verdict (record.sh writes them) and the marks a
# reader adds; none of them is copied to the temporary directory.
RECORDED = ("expected.json", "expected.rc", "expected.stderr", "expected.stdout")
NOT_COPIED = RECORDED + ("PENDING", "stderr.keys")


def scenarios(root=HERE, filters=()):
    """(name, directory) of every scenario (a directory with a cmd file), sorted;
    filters: substrings of which a name must contain one."""
    out = []
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if os.path.isfile(os.path.join(d, "cmd")):
            if not filters or any(f in name for f in filters):
                out.append((name, d))
    return out


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return f.read()


def command(d):
    """The arguments of d/cmd, split as the shell would (quotes may span lines)."""
    return shlex.split(read(os.path.join(d, "cmd")), comments=True)


def error_format(argv):
    """The --error-format value (buf's default: text)."""
    fmt = "text"
    for i, a in enumerate(argv):
        if a == "--error-format" and i + 1 < len(argv):
            fmt = argv[i + 1]
        elif a.startswith("--error-format="):
            fmt = a.split("=", 1)[1]
    return fmt


def with_json(argv):
    """argv with its --error-format replaced by (or extended with) json."""
    out, i, seen = [], 0, False
    while i < len(argv):
        a = argv[i]
        if a == "--error-format" and i + 1 < len(argv):
            out += [a, "json"]
            i += 2
            seen = True
            continue
        if a.startswith("--error-format="):
            a, seen = "--error-format=json", True
        out.append(a)
        i += 1
    return out if seen else out + ["--error-format", "json"]


class Laid:
    """The scenario copied to a temporary directory, setup.sh run there; a context
    manager that removes it. .work: the directory to run in; .error: why setup failed."""

    def __init__(self, d):
        self.src = d
        self.tmp = tempfile.mkdtemp(prefix="scenario.")
        self.work = os.path.join(self.tmp, os.path.basename(d))
        shutil.copytree(d, self.work, symlinks=True,
                        ignore=lambda _dir, names: [n for n in names if n in NOT_COPIED])
        self.error = None
        setup = os.path.join(self.work, "setup.sh")
        if os.path.exists(setup):
            scratch = os.path.join(self.tmp, "scratch")
            os.mkdir(scratch)
            env = dict(os.environ, SCENARIO_SCRATCH=scratch,
                       SCENARIOS_LIB=os.path.join(HERE, "lib.sh"))
            r = subprocess.run(["bash", "setup.sh"], cwd=self.work, env=env,
                               capture_output=True, text=True, timeout=120)
            os.remove(setup)
            if r.returncode != 0:
                self.error = "setup.sh failed (%d):\n%s%s" % (r.returncode, r.stdout,
                                                             r.stderr)

    def run(self, argv0, argv, timeout=120):
        """(exit status, stdout, stderr) of argv0 with argv, run in the work directory,
        its stdin the scenario's `stdin` file when there is one (else empty)."""
        stdin_path = os.path.join(self.work, "stdin")
        stdin = open(stdin_path, "rb") if os.path.exists(stdin_path) else subprocess.DEVNULL
        try:
            r = subprocess.run([argv0] + argv, cwd=self.work, stdin=stdin,
                               capture_output=True, timeout=timeout,
                               env=dict(os.environ, NO_COLOR="1"))
        finally:
            if stdin is not subprocess.DEVNULL:
                stdin.close()
        return (r.returncode, r.stdout.decode("utf-8", "replace"),
                r.stderr.decode("utf-8", "replace"))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp, ignore_errors=True)
