#!/usr/bin/env python3
"""Random one-commit histories over a small monorepo, checked incrementally and in full.

Usage: history.py PROTOCOMPAT [COMMITS] [SEED]

Builds a git repository of a few hundred .proto files (packages p0..p9 and their
sub-packages pN.sM, cross-package imports, types named bare, partly and fully
qualified, some found in a parent package by a bare name), then makes COMMITS random
commits. Each commit applies one or two mutations: fields edited, added, deleted;
messages deleted; files added, deleted, moved to another package; a declaration added
to a sub-package that captures a bare name the importer used to resolve in the parent
package (docs/incremental.md: a nearer declaration); nested messages that capture a
name inside their own message; a message declared twice; an import of a file that
does not exist; in-source suppressions added and removed; a well-known type imported;
a referenced message turned into an enum (importers, and files that see it through a
public import, change); imports made public or not; custom options used or not, and a
declaration two imports away from their users changed (an enum alias, a field number),
which only files with custom options can see.
A file imports three well-known types from the start, so that importing one more
often changes nothing else. After a commit that broke the schema, the next one usually reverts to the last good
state first (and mutates on), so both clean and broken sides are checked.

For every commit it runs, from the repository's top, and compares byte for byte
(standard output, standard error, exit status) with the same command under --full:
  the pre-commit check   protocompat git:HEAD git:INDEX     (before committing)
  the commit             protocompat git:HEAD~1 git:HEAD    (text and json; the
                         default rules, --use PACKAGE, --use WIRE_JSON in turn,
                         and a rule on custom option values, option_rule.yaml)
  two commits            protocompat git:HEAD~2 git:HEAD    (every third commit)
  without the cache      --no-cache                         (every fifth commit)
  a damaged cache        a segment file with flipped bytes, cut short, or garbage
                         appended, then the commit's check  (every seventh commit)
PROTOCOMPAT_INCREMENTAL_LOG records which path each run took; the script fails unless
most clean runs were incremental, so a check that always falls back cannot pass.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

P = os.path.realpath(sys.argv[1])
COMMITS = int(sys.argv[2]) if len(sys.argv) > 2 else 60
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 13
rng = random.Random(SEED)

SCALARS = ["int32", "int64", "string", "bytes", "bool", "uint32", "double"]


class Msg:
    def __init__(self, name):
        self.name = name
        self.fields = []   # [kind, value, name, number]; kind: 's' scalar, 'r' ref (path, msg, style)
        self.nested = []   # Msg
        self.next = 1


class File:
    def __init__(self, path, package):
        self.path = path
        self.package = package
        self.imports = []  # paths (or bogus names)
        self.messages = []
        self.enums = []    # (name, [values])
        self.directives = set()  # (msg name, field name)
        self.public = set()      # imports written `import public`
        self.optfields = set()   # (msg name, field name) with custom options
        self.extra = []    # raw lines appended (well-known type fields live in messages)


def pkg_dir(pkg):
    return pkg.replace(".", "/")


OPTS = "opts/v1/options.proto"
INNER = "opts/v1/inner.proto"
INNER_TEXT = """syntax = "proto3";

package opts.v1;

enum Level {
  LEVEL_UNSPECIFIED = 0;
  LOW = 1;
  HIGH = 2;
}

message Inner {
  Level lvl = 1;
  int32 b = 2;
}
"""
OPTS_TEXT = """syntax = "proto3";

package opts.v1;

import "google/protobuf/descriptor.proto";
import "opts/v1/inner.proto";

message Meta {
  int32 a = 1;
  Inner inner = 2;
}

extend google.protobuf.FieldOptions {
  Meta meta = 50001;
  int32 level = 50002;
}
"""


class Model:
    def __init__(self):
        self.files = {}
        self.counter = 0
        # the custom options: users import options.proto, whose Meta reaches inner.proto
        self.raw = {INNER: INNER_TEXT, OPTS: OPTS_TEXT}

    def fresh(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def packages(self):
        return sorted({f.package for f in self.files.values()})

    def by_package(self, pkg):
        return [f for f in self.files.values() if f.package == pkg]

    def find_msg(self, path, name):
        f = self.files.get(path)
        if not f:
            return None
        for m in f.messages:
            if m.name == name:
                return m
        return None

    def ref_text(self, f, field):
        path, name, style = field[1]
        target = self.files.get(path)
        if style == "bare":
            return name
        if target is None:
            return "." + name  # dangling: an unresolved name, an error
        if target.package == f.package:
            return name
        if style == "partial" and target.package.startswith(f.package.split(".")[0] + "."):
            return target.package.split(".", 1)[1] + "." + name
        return "." + target.package + "." + name

    def render(self, f):
        out = ['syntax = "proto3";', "", "package %s;" % f.package, ""]
        for imp in f.imports:
            out.append('import %s"%s";' % ("public " if imp in f.public else "", imp))
        if f.optfields and OPTS not in f.imports:
            out.append('import "%s";' % OPTS)
        out.append("")
        for e, values in f.enums:
            out.append("enum %s {" % e)
            for i, v in enumerate(values):
                out.append("  %s = %d;" % (v, i))
            out.append("}")
        for m in f.messages:
            self.render_msg(f, m, out, "")
        return "\n".join(out) + "\n"

    def render_msg(self, f, m, out, ind):
        out.append("%s// %s holds data." % (ind, m.name))
        out.append("%smessage %s {" % (ind, m.name))
        for n in m.nested:
            self.render_msg(f, n, out, ind + "  ")
        for fld in m.fields:
            kind, value, name, number = fld
            t = value if kind == "s" else self.ref_text(f, fld)
            if (m.name, name) in f.directives:
                out.append("%s  // protocompat:ignore FIELD_SAME_TYPE the test allows it" % ind)
            opt = " [(opts.v1.meta) = {a: 1, inner: {lvl: HIGH, b: 3}}]" if (m.name, name) in f.optfields else ""
            out.append("%s  %s %s = %d%s;" % (ind, t, name, number, opt))
        out.append("%s}" % ind)


def visible_files(model, f):
    """f, its imports, and what those import publicly (src/resolve.c's visible set)."""
    out, todo = [f.path], list(f.imports)
    while todo:
        p = todo.pop()
        g = model.files.get(p)
        if g and p not in out:
            out.append(p)
            todo += [q for q in g.imports if q in g.public]
    return out


def visible_msgs(model, f):
    """(path, msg name) of messages f may reference: its own, its imports' and theirs
    re-exported by public imports."""
    out = []
    for p in visible_files(model, f):
        g = model.files.get(p)
        out += [(p, m.name) for m in g.messages]
    return out


def add_field(model, f, m):
    name = "f%d" % m.next
    if rng.random() < 0.5:
        choices = visible_msgs(model, f)
        choices = [c for c in choices if not (c[0] == f.path and c[1] == m.name)]
        if choices:
            path, target = rng.choice(choices)
            tf = model.files[path]
            style = rng.choice(["full", "partial", "rel"])
            m.fields.append(["r", (path, target, style), name, m.next])
            m.next += 1
            return
    m.fields.append(["s", rng.choice(SCALARS), name, m.next])
    m.next += 1


def new_message(model, f):
    m = Msg(model.fresh("M"))
    f.messages.append(m)
    for _ in range(rng.randint(1, 4)):
        add_field(model, f, m)
    return m


def build_initial(model):
    tops = ["p%d" % i for i in range(10)]
    pkgs = tops + ["%s.s%d" % (t, j) for t in tops for j in range(2)]
    for pkg in pkgs:
        for k in range(rng.randint(8, 12)):
            path = "%s/f%d.proto" % (pkg_dir(pkg), k)
            model.files[path] = File(path, pkg)
    paths = sorted(model.files)
    order = {p: i for i, p in enumerate(paths)}
    # imports only go to earlier files (no cycles); a sub-package file often imports a
    # parent-package file (to find a bare name there) and a sibling (to be captured)
    for path in paths:
        f = model.files[path]
        earlier = [p for p in paths if order[p] < order[path]]
        if earlier:
            for p in rng.sample(earlier, min(len(earlier), rng.randint(0, 3))):
                f.imports.append(p)
        if "." in f.package:
            parent = f.package.rsplit(".", 1)[0]
            cands = [g.path for g in model.by_package(parent)]
            sib = [g.path for g in model.by_package(f.package) if order[g.path] < order[path]]
            if cands:
                p = rng.choice(cands)
                if p not in f.imports and order[p] < order[path] or not p.startswith(pkg_dir(f.package) + "/"):
                    if p not in f.imports:
                        f.imports.append(p)
            if sib:
                s = rng.choice(sib)
                if s not in f.imports:
                    f.imports.append(s)
        for _ in range(rng.randint(1, 3)):
            new_message(model, f)
        if rng.random() < 0.3:
            f.enums.append((model.fresh("E"), [model.fresh("V") for _ in range(rng.randint(1, 3))]))
        # a type found through an import's public import
        reexported = [p for p in visible_files(model, f) if p != f.path and p not in f.imports]
        if reexported and rng.random() < 0.5:
            g = model.files[rng.choice(reexported)]
            if g.messages:
                m = f.messages[-1]
                m.fields.append(["r", (g.path, g.messages[0].name, "full"), "pub%d" % m.next, m.next])
                m.next += 1
        # bare names that resolve in the parent package
        if "." in f.package:
            parent = f.package.rsplit(".", 1)[0]
            for p in f.imports:
                g = model.files.get(p)
                if g and g.package == parent and g.messages and rng.random() < 0.7:
                    m = f.messages[0]
                    m.fields.append(["r", (p, g.messages[0].name, "bare"), "cap%d" % m.next, m.next])
                    m.next += 1
        if path == paths[0]:
            for w, t in (("timestamp", "Timestamp"), ("duration", "Duration"), ("struct", "Struct")):
                f.imports.append("google/protobuf/%s.proto" % w)
                m = f.messages[0]
                m.fields.append(["s", "google.protobuf." + t, "w%d" % m.next, m.next])
                m.next += 1
        if f.imports and rng.random() < 0.15:
            f.public.add(rng.choice(f.imports))
        if rng.random() < 0.3:
            m = rng.choice(f.messages)
            scal = [x for x in m.fields if x[0] == "s"]
            if scal:
                f.optfields.add((m.name, scal[-1][2]))
        if rng.random() < 0.08:
            m = rng.choice(f.messages)
            scal = [x for x in m.fields if x[0] == "s"]
            if scal:
                f.directives.add((m.name, scal[0][2]))


# ---- mutations: each returns a short label ----

def pick_file(model):
    return model.files[rng.choice(sorted(model.files))]


def mut_field_type(model):
    f = pick_file(model)
    m = rng.choice(f.messages) if f.messages else None
    if not m or not m.fields:
        return None
    fld = rng.choice(m.fields)
    if fld[0] == "s":
        fld[1] = rng.choice([s for s in SCALARS if s != fld[1]])
    else:
        fld[0], fld[1] = "s", "int64"
    return "field_type"


def mut_field_delete(model):
    f = pick_file(model)
    m = rng.choice(f.messages) if f.messages else None
    if not m or not m.fields:
        return None
    m.fields.remove(rng.choice(m.fields))
    return "field_delete"


def mut_field_add(model):
    f = pick_file(model)
    if not f.messages:
        return None
    add_field(model, f, rng.choice(f.messages))
    return "field_add"


def mut_msg_delete(model):
    f = pick_file(model)
    if len(f.messages) < 2:
        return None
    f.messages.remove(rng.choice(f.messages))
    return "msg_delete"


def mut_file_add(model):
    pkg = rng.choice(model.packages())
    path = "%s/%s.proto" % (pkg_dir(pkg), model.fresh("n"))
    f = File(path, pkg)
    others = sorted(model.files)
    for p in rng.sample(others, min(len(others), rng.randint(0, 2))):
        f.imports.append(p)
    model.files[path] = f
    for _ in range(rng.randint(1, 2)):
        new_message(model, f)
    return "file_add"


def importers(model, path):
    return [g for g in model.files.values() if path in g.imports]


def mut_file_delete(model):
    f = pick_file(model)
    users = importers(model, f.path)
    if users and rng.random() < 0.7:
        return None
    del model.files[f.path]
    return "file_delete" + ("_imported" if users else "")


def mut_file_move(model):
    f = pick_file(model)
    pkg = rng.choice([p for p in model.packages() if p != f.package])
    new_path = "%s/%s.proto" % (pkg_dir(pkg), model.fresh("mv"))
    del model.files[f.path]
    old_path = f.path
    f.path, f.package = new_path, pkg
    model.files[new_path] = f
    for g in model.files.values():
        g.imports = [new_path if p == old_path else p for p in g.imports]
        for m in all_msgs(g):
            for fld in m.fields:
                if fld[0] == "r" and fld[1][0] == old_path:
                    fld[1] = (new_path, fld[1][1], fld[1][2])
    return "file_move"


def all_msgs(f):
    out, todo = [], list(f.messages)
    while todo:
        m = todo.pop()
        out.append(m)
        todo += m.nested
    return out


def mut_capture(model):
    """A sub-package file declares the name an importer finds by a bare name in the
    parent package: the importer's field now resolves to the nearer declaration."""
    cands = []
    for f in model.files.values():
        for m in f.messages:
            for fld in m.fields:
                if fld[0] == "r" and fld[1][2] == "bare":
                    sibs = [p for p in f.imports if p in model.files and model.files[p].package == f.package]
                    if sibs:
                        cands.append((f, fld, sibs))
    if not cands:
        return None
    f, fld, sibs = rng.choice(cands)
    g = model.files[rng.choice(sibs)]
    if any(m.name == fld[1][1] for m in g.messages):
        return None
    m = Msg(fld[1][1])
    m.fields.append(["s", "string", "captured", 1])
    m.next = 2
    g.messages.append(m)
    return "capture"


def mut_nested_capture(model):
    f = pick_file(model)
    for m in f.messages:
        for fld in m.fields:
            if fld[0] == "r" and fld[1][2] in ("bare", "rel") and not any(n.name == fld[1][1] for n in m.nested):
                n = Msg(fld[1][1])
                n.fields.append(["s", "bool", "inner", 1])
                n.next = 2
                m.nested.append(n)
                return "nested_capture"
    return None


def mut_dup(model):
    f = pick_file(model)
    others = [g for g in model.by_package(f.package) if g is not f and g.messages]
    if not others:
        return None
    g = rng.choice(others)
    m = Msg(g.messages[0].name)
    m.fields.append(["s", "int32", "dup", 1])
    f.messages.append(m)
    return "dup"


def mut_break_import(model):
    f = pick_file(model)
    f.imports.append("nope/%s.proto" % model.fresh("missing"))
    return "break_import"


def mut_directive(model):
    f = pick_file(model)
    if f.directives and rng.random() < 0.4:
        f.directives.discard(rng.choice(sorted(f.directives)))
        return "directive_remove"
    msgs = [m for m in f.messages if m.fields]
    if not msgs:
        return None
    m = rng.choice(msgs)
    f.directives.add((m.name, rng.choice(m.fields)[2]))
    return "directive_add"


def mut_wkt(model):
    f = pick_file(model)
    wkt = rng.choice(["google/protobuf/timestamp.proto", "google/protobuf/duration.proto",
                      "google/protobuf/struct.proto"])
    if wkt in f.imports or not f.messages:
        return None
    f.imports.append(wkt)
    name = {"timestamp": "Timestamp", "duration": "Duration", "struct": "Struct"}[wkt.split("/")[-1][:-6]]
    m = f.messages[0]
    m.fields.append(["s", "google.protobuf." + name, "w%d" % m.next, m.next])
    m.next += 1
    return "wkt"


def mut_msg_to_enum(model):
    """A referenced message becomes an enum of the same name: every field naming it
    changes kind, in its importers and in theirs that see it through public imports."""
    users = {}
    for g in model.files.values():
        for m in all_msgs(g):
            for fld in m.fields:
                if fld[0] == "r":
                    users[fld[1][:2]] = users.get(fld[1][:2], 0) + 1
    cands = sorted(k for k in users if model.find_msg(*k) and not model.find_msg(*k).nested)
    if not cands:
        return None
    path, name = rng.choice(cands)
    f = model.files[path]
    f.messages = [m for m in f.messages if m.name != name]
    f.directives = {d for d in f.directives if d[0] != name}
    f.optfields = {d for d in f.optfields if d[0] != name}
    f.enums.append((name, [model.fresh("V") for _ in range(2)]))
    return "msg_to_enum"


def mut_public(model):
    """An import made public, or no longer public: what its importers see changes."""
    f = pick_file(model)
    if not f.imports:
        return None
    imp = rng.choice(f.imports)
    if imp in f.public:
        f.public.discard(imp)
        return "public_remove"
    f.public.add(imp)
    return "public_add"


def mut_option_use(model):
    f = pick_file(model)
    msgs = [m for m in f.messages if any(x[0] == "s" for x in m.fields)]
    if not msgs:
        return None
    m = rng.choice(msgs)
    key = (m.name, [x for x in m.fields if x[0] == "s"][0][2])
    if key in f.optfields:
        f.optfields.discard(key)
        return "option_remove"
    f.optfields.add(key)
    return "option_add"


def mut_option_deep(model):
    """A declaration two imports away from every user of the option changes: the users'
    option values read differently (only files with custom options see it)."""
    text = model.raw[INNER]
    choices = []
    if "b = 2;" in text:
        choices.append(("b = 2;", "b = 7;"))
    if "b = 7;" in text:
        choices.append(("b = 7;", "b = 2;"))
    if "ALIAS" not in text and rng.random() < 0.3:
        choices.append(("  HIGH = 2;", "  option allow_alias = true;\n  ALIAS_HIGH = 2;\n  HIGH = 2;"))
    elif "ALIAS" in text:
        choices.append(("  option allow_alias = true;\n  ALIAS_HIGH = 2;\n", ""))
    old, new = rng.choice(choices)
    model.raw[INNER] = text.replace(old, new, 1)
    return "option_deep"


MUTATIONS = [(mut_field_type, 4), (mut_field_delete, 3), (mut_field_add, 3), (mut_msg_delete, 1),
             (mut_file_add, 2), (mut_file_delete, 2), (mut_file_move, 2), (mut_capture, 3),
             (mut_nested_capture, 2), (mut_dup, 1), (mut_break_import, 1), (mut_directive, 2),
             (mut_wkt, 1), (mut_msg_to_enum, 3), (mut_public, 3), (mut_option_use, 1), (mut_option_deep, 4)]


def mutate(model):
    labels = []
    for _ in range(rng.randint(1, 2)):
        fns = [m for m, w in MUTATIONS for _ in range(w)]
        for _attempt in range(10):
            label = rng.choice(fns)(model)
            if label:
                labels.append(label)
                break
    return labels


# ---- the repository and the checks ----

import copy

# a rule on custom option values, so that an option read otherwise is a finding
OPTION_RULE = os.path.join(os.path.dirname(os.path.realpath(__file__)), "option_rule.yaml")

tmp = tempfile.mkdtemp(prefix="pc-incremental-")
repo = os.path.join(tmp, "repo")
env = dict(os.environ)
env.update({"HOME": os.path.join(tmp, "home"), "XDG_CACHE_HOME": os.path.join(tmp, "cache"), "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
            "PROTOCOMPAT_INCREMENTAL_LOG": os.path.join(tmp, "log")})
for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
    env.pop(k, None)
os.makedirs(env["HOME"])
os.makedirs(repo)
failures = []


def git(*args):
    subprocess.run(["git"] + list(args), cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def write_tree(model):
    for root, dirs, files in os.walk(repo):
        if ".git" in root.split(os.sep):
            continue
        for n in files:
            if n.endswith(".proto"):
                os.unlink(os.path.join(root, n))
    texts = {path: model.render(f) for path, f in model.files.items()}
    texts.update(model.raw)
    for path, text in texts.items():
        full = os.path.join(repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as fh:
            fh.write(text)


def run(args):
    r = subprocess.run([P] + args, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout, r.stderr


def log_lines():
    try:
        with open(env["PROTOCOMPAT_INCREMENTAL_LOG"]) as fh:
            return fh.read().splitlines()
    except FileNotFoundError:
        return []


stats = {"runs": 0, "incremental": 0, "clean_runs": 0, "clean_incremental": 0, "exits": {}, "labels": {},
         "option_findings": 0, "errors": {}}


def compare(label, args):
    before = len(log_lines())
    got = run(args)
    lines = log_lines()[before:]
    want = run(["--full"] + args)
    stats["runs"] += 1
    stats["exits"][want[0]] = stats["exits"].get(want[0], 0) + 1
    if b"INC_META_SAME" in want[1]:
        stats["option_findings"] += 1
    if want[0] == 3:
        first = want[2].decode(errors="replace").split("\n")[0]
        kind = first.split(": error: ")[-1][:40] if ": error: " in first else first[:40]
        stats["errors"][kind] = stats["errors"].get(kind, 0) + 1
    inc = any(l.startswith("incremental") for l in lines)
    stats["incremental"] += inc
    if want[0] in (0, 1):
        stats["clean_runs"] += 1
        stats["clean_incremental"] += inc
    if got != want:
        failures.append(label)
        print("FAIL: %s: protocompat %s" % (label, " ".join(args)))
        print("  incremental: exit %d (%s)" % (got[0], "; ".join(lines)))
        print("  full:        exit %d" % want[0])
        print("  cache: %s" % os.listdir(os.path.join(env["XDG_CACHE_HOME"], "protocompat")))
        for name, g, w in (("stdout", got[1], want[1]), ("stderr", got[2], want[2])):
            if g != w:
                gl, wl = g.decode(errors="replace").splitlines(), w.decode(errors="replace").splitlines()
                only_g = [x for x in gl if x not in wl][:5]
                only_w = [x for x in wl if x not in gl][:5]
                print("  %s differs: only incremental %s / only full %s" % (name, only_g, only_w))
    return want[0]


def damage_cache():
    d = os.path.join(env["XDG_CACHE_HOME"], "protocompat")
    segs = sorted(n for n in os.listdir(d) if n.endswith(".seg")) if os.path.isdir(d) else []
    if not segs:
        return "none"
    path = os.path.join(d, rng.choice(segs))
    data = bytearray(open(path, "rb").read())
    how = rng.choice(["flip", "cut", "garbage"])
    if how == "flip" and len(data) > 20:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(12, len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif how == "cut" and len(data) > 20:
        data = data[: rng.randrange(12, len(data))]
    else:
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    open(path, "wb").write(bytes(data))
    return how


model = Model()
build_initial(model)
git("init", "-q")
write_tree(model)
git("add", "-A")
git("commit", "-qm", "initial")
good = copy.deepcopy(model)
good_broken = False
print("initial: %d files" % len(model.files))

for c in range(1, COMMITS + 1):
    if good_broken and rng.random() < 0.9:
        model = copy.deepcopy(good)  # a revert, then more changes
    labels = mutate(model)
    for l in labels:
        stats["labels"][l] = stats["labels"].get(l, 0) + 1
    write_tree(model)
    git("add", "-A")
    compare("commit %d %s (pre-commit)" % (c, labels), ["git:HEAD", "git:INDEX"])
    git("commit", "-qm", "c%d %s" % (c, " ".join(labels)), "--allow-empty")
    fmt = ["--format", "json"] if c % 2 else []
    rules = [[], ["--use", "PACKAGE"], ["--use", "WIRE_JSON"]][c % 3]
    status = compare("commit %d %s" % (c, labels), fmt + rules + ["--rules", OPTION_RULE, "git:HEAD~1", "git:HEAD"])
    if c % 3 == 0 and c >= 2:
        compare("commits %d-%d" % (c - 1, c), ["git:HEAD~2", "git:HEAD"])
    if c % 5 == 0:
        compare("commit %d --no-cache" % c, ["--no-cache", "git:HEAD~1", "git:HEAD"])
    if c % 7 == 0:
        how = damage_cache()
        compare("commit %d, cache damaged (%s)" % (c, how), ["git:HEAD~1", "git:HEAD"])
    good_broken = status not in (0, 1)
    if not good_broken:
        good = copy.deepcopy(model)

reasons = {}
for l in log_lines():
    reasons[l.split(":")[0] if l.startswith("incremental") else l] = reasons.get(
        l.split(":")[0] if l.startswith("incremental") else l, 0) + 1
print("runs compared: %d, exits of the full check: %s" % (stats["runs"], dict(sorted(stats["exits"].items()))))
print("incremental: %d of %d runs, %d of %d runs where the full check passed or found changes" % (
    stats["incremental"], stats["runs"], stats["clean_incremental"], stats["clean_runs"]))
for k, v in sorted(reasons.items(), key=lambda kv: -kv[1]):
    print("  %4d  %s" % (v, k))
print("mutations: %s" % ", ".join("%s %d" % kv for kv in sorted(stats["labels"].items())))
print("runs reporting a changed custom option value: %d" % stats["option_findings"])
print("first errors of the failing full checks: %s" % ", ".join(
    "%s (%d)" % kv for kv in sorted(stats["errors"].items(), key=lambda kv: -kv[1])[:6]))
if stats["clean_runs"] and stats["clean_incremental"] * 2 < stats["clean_runs"]:
    failures.append("too few incremental runs")
    print("FAIL: fewer than half the runs on clean sides were incremental")
shutil.rmtree(tmp)
if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("ok: incremental output equals --full in all %d runs" % stats["runs"])
