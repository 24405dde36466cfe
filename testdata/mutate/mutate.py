#!/usr/bin/env python3
"""No-silent-pass mutation test of protocompat against buf 1.75 (issue 6, part 3).

Approach. A seed is one .proto file of a real schema together with the files it imports
(transitively, leaving out google/protobuf/, which both tools have built in); it becomes
a small module. A mutation is one random edit of the seed file, chosen among the kinds in
KINDS (delete a field, change its type, renumber it, ...), made as text edits on the
offsets found by protoscan.py, so the rest of the file stays byte for byte the same. The
old module is the seed, the new module the mutated copy. For each of buf's categories
FILE, PACKAGE, WIRE_JSON and WIRE both modules get a buf.yaml (`version: v2`, `breaking:
use: [CATEGORY]`) and two commands run in the directory holding old/ and new/:

    buf breaking new --against old --error-format json
    protocompat --format json old new

(protocompat reads the same buf.yaml from NEW's root). The property checked: whenever
buf reports a finding, protocompat reports at least one finding under the same category,
with the same rule IDs; positions are compared and reported. Either side failing to
compile must never give protocompat exit 0. Extra findings of ours are disagreements
unless they are one of buf's known defects (ALLOWED_EXTRA). Every mutation is derived
from (--seed, index) alone, so a run is reproducible and a single mutation can be
replayed with --only.

Sub-commands:
    run      generate, run both tools, classify, write results.jsonl and keep the cases
             that disagree under OUT/cases/
    summary  tables (markdown) of a results.jsonl
    replay   check recorded reproducers (testdata/mutate/cases/*) against their recorded
             buf output, without buf
Python 3 standard library only.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protoscan  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CATEGORIES = ("FILE", "PACKAGE", "WIRE_JSON", "WIRE")
SCALARS = ("int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64",
           "sfixed32", "sfixed64", "bool", "string", "bytes", "float", "double")
# buf 1.75 defects we deliberately do not copy (semantics.md, testdata/rules/deviations):
# protocompat may report these where buf does not.
ALLOWED_EXTRA = {
    "PACKAGE_ENUM_NO_DELETE": "buf misses the last enum of a package that still exists",
    "PACKAGE_MESSAGE_NO_DELETE": "buf misses the last message of a package that still exists",
    "PACKAGE_EXTENSION_NO_DELETE": "buf misses the last extension of a package that still exists",
}
ALLOWED_EXTRA_EDITIONS = {
    "MESSAGE_SAME_REQUIRED_FIELDS": "buf does not see LEGACY_REQUIRED",
}


# ---------------------------------------------------------------------------
# seeds

IMPORT_RE = re.compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.M)


def closure(root, rel):
    """rel and the files it imports under root (not google/protobuf/), in a fixed order."""
    seen, todo = [], [rel]
    while todo:
        r = todo.pop(0)
        if r in seen or r.startswith("google/protobuf/"):
            continue
        p = os.path.join(root, r)
        if not os.path.isfile(p):
            continue
        seen.append(r)
        with open(p, encoding="utf-8", errors="replace") as f:
            todo.extend(IMPORT_RE.findall(f.read()))
    return seen


def find_protos(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".proto"):
                r = os.path.relpath(os.path.join(d, f), root)
                if not r.startswith("google/protobuf/"):
                    out.append(r)
    return out


def collect_seeds(args):
    """[(root, rel)]: every in-repo seed and a fixed sample of googleapis."""
    seeds = []
    roots = [os.path.join(REPO, "testdata", "valid"),
             os.path.join(REPO, "testdata", "examples", "v1"),
             os.path.join(REPO, "testdata", "examples", "v2"),
             os.path.join(HERE, "seeds")]
    for r in roots:
        for rel in find_protos(r):
            seeds.append((r, rel))
    if args.googleapis and args.sample > 0:
        g = args.googleapis
        allg = find_protos(g)
        rng = random.Random(args.seed)
        pick = sorted(rng.sample(allg, min(args.sample, len(allg))))
        # keep modules small: leave out seeds whose import closure is large
        for rel in pick:
            if len(closure(g, rel)) <= args.max_closure:
                seeds.append((g, rel))
    return seeds


def check_seeds(args, seeds):
    """Keeps the seeds both tools compile unmutated; the verdicts are cached in OUT."""
    cache_path = os.path.join(args.out, "seeds.json")
    cache = {}
    if os.path.exists(cache_path):
        with open(cache_path) as f:
            cache = json.load(f)

    def check(seed):
        root, rel = seed
        k = root + "|" + rel
        if k in cache:
            return k, cache[k]
        d = os.path.join(args.out, "work", "seed%d" % abs(hash(k)))
        files = closure(root, rel)
        write_modules(d, root, files, rel, None)
        mod = os.path.join(d, "old")
        with open(os.path.join(mod, "buf.yaml"), "w") as f:
            f.write(buf_yaml("FILE"))
        brc = run([args.buf, "build", mod, "-o", os.devnull], d)[0]
        prc = run([args.pc, "build", "-o", os.devnull, mod], d)[0]
        shutil.rmtree(d, ignore_errors=True)
        return k, [brc, prc]

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for k, v in ex.map(check, seeds):
            cache[k] = v
    with open(cache_path, "w") as f:
        json.dump(cache, f, indent=0, sort_keys=True)
    kept, dropped = [], []
    for root, rel in seeds:
        v = cache[root + "|" + rel]
        (kept if v == [0, 0] else dropped).append((root, rel, v))
    for root, rel, v in dropped:
        print("seed left out (buf build exit %d, protocompat build exit %d): %s" % (
            v[0], v[1], os.path.join(root, rel)))
    print("%d seeds (%d left out)" % (len(kept), len(dropped)))
    return [(r, p) for r, p, _ in kept]


# ---------------------------------------------------------------------------
# mutations: each takes (Ctx) and returns (edits, description) or None

class Ctx:
    def __init__(self, src, model, rng, others, rel):
        self.src, self.m, self.rng, self.others, self.rel = src, model, rng, others, rel

    def pick(self, seq):
        seq = list(seq)
        return self.rng.choice(seq) if seq else None

    def referenced(self, name, span):
        """Whether simple name `name` occurs as a word outside span (here or in others)."""
        pat = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")
        outside = self.src[:span[0]] + self.src[span[1]:]
        if pat.search(strip_comments(outside)):
            return True
        return any(pat.search(strip_comments(o)) for o in self.others)


def strip_comments(s):
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", s, flags=re.S)


def tx(ctx, tok):
    return ctx.src[tok.start:tok.end]


def plain_fields(ctx, **kw):
    out = []
    for f in ctx.m.fields:
        if f.group and not kw.get("group"):
            continue
        if f.map and not kw.get("map"):
            continue
        if f.ext and not kw.get("ext"):
            continue
        out.append(f)
    return out


def msg_fields(ctx, msg):
    return [f for f in ctx.m.fields if f.msg is msg and not f.ext]


def max_number(ctx, msg):
    nums = []
    for f in msg_fields(ctx, msg):
        try:
            nums.append(int(f.number.text, 0))
        except ValueError:
            pass
    return max(nums + [0])


def fdesc(ctx, f):
    return "%s.%s" % (f.msg.full if f.msg else "<ext>", f.name.text)


def m_delete_field(ctx):
    f = ctx.pick(plain_fields(ctx, map=True, group=True))
    if not f:
        return None
    return [(f.span[0], f.span[1], "")], "delete field " + fdesc(ctx, f)


def m_change_field_type(ctx):
    f = ctx.pick(plain_fields(ctx, ext=True))
    if not f:
        return None
    cur = f.type.text
    t = ctx.pick([s for s in SCALARS if s != cur])
    return [(f.type.start, f.type.end, t)], "type of %s %s -> %s" % (fdesc(ctx, f), cur, t)


def m_change_field_type_message(ctx):
    f = ctx.pick(plain_fields(ctx))
    msgs = [m for m in ctx.m.messages if not m.group]
    m = ctx.pick(msgs)
    if not f or not m:
        return None
    full = "." + (ctx.m.package.name + "." if ctx.m.package else "") + m.full
    if f.type.text.lstrip(".").endswith(m.full):
        return None
    return [(f.type.start, f.type.end, full)], "type of %s %s -> %s" % (
        fdesc(ctx, f), f.type.text, full)


def m_renumber_field(ctx):
    f = ctx.pick(plain_fields(ctx, map=True, group=True))
    if not f or not f.msg:
        return None
    n = max_number(ctx, f.msg) + 1 + ctx.rng.randrange(3)
    if 19000 <= n <= 19999:
        n = 20000
    return [(f.number.start, f.number.end, str(n))], "renumber %s %s -> %d" % (
        fdesc(ctx, f), f.number.text, n)


def m_swap_field_numbers(ctx):
    f = ctx.pick(plain_fields(ctx, map=True))
    if not f or not f.msg:
        return None
    g = ctx.pick([x for x in msg_fields(ctx, f.msg) if x is not f and not x.group])
    if not g:
        return None
    return [(f.number.start, f.number.end, g.number.text),
            (g.number.start, g.number.end, f.number.text)], \
        "swap numbers of %s and %s" % (fdesc(ctx, f), g.name.text)


def m_rename_field(ctx):
    f = ctx.pick(plain_fields(ctx, map=True, ext=True))
    if not f:
        return None
    n = f.name.text + "_mut"
    return [(f.name.start, f.name.end, n)], "rename %s -> %s" % (fdesc(ctx, f), n)


def field_text(ctx, f, label=None):
    """The field statement without its label (or with `label`)."""
    start = f.type.start
    body = ctx.src[start:f.span[1]]
    return (label + " " if label else "") + body


def m_move_into_oneof(ctx):
    cands = [f for f in plain_fields(ctx) if not f.oneof and f.msg and
             (f.label is None or f.label.text == "optional")]
    f = ctx.pick(cands)
    if not f:
        return None
    k = ctx.rng.randrange(1000)
    new = "oneof mut_oneof_%d { %s }" % (k, field_text(ctx, f))
    return [(f.span[0], f.span[1], new)], "move %s into new oneof" % fdesc(ctx, f)


def m_move_into_existing_oneof(ctx):
    cands = [f for f in plain_fields(ctx) if not f.oneof and f.msg and
             (f.label is None or f.label.text == "optional")]
    cands = [f for f in cands if any(o.msg is f.msg for o in ctx.m.oneofs)]
    f = ctx.pick(cands)
    if not f:
        return None
    o = ctx.pick([o for o in ctx.m.oneofs if o.msg is f.msg])
    return [(f.span[0], f.span[1], ""), (o.body_close, o.body_close, " " + field_text(ctx, f) + "\n")], \
        "move %s into oneof %s" % (fdesc(ctx, f), o.name)


def m_move_out_of_oneof(ctx):
    cands = []
    for o in ctx.m.oneofs:
        fs = [f for f in ctx.m.fields if f.oneof is o and not f.group]
        if len(fs) >= 2:
            cands.extend(fs)
    f = ctx.pick(cands)
    if not f:
        return None
    label = "optional" if ctx.m.syntax == "proto2" else None
    close = f.msg.body_close
    return [(f.span[0], f.span[1], ""), (close, close, "  " + field_text(ctx, f, label) + "\n")], \
        "move %s out of oneof %s" % (fdesc(ctx, f), f.oneof.name)


def m_change_label(ctx):
    cands = [f for f in plain_fields(ctx, group=True) if not f.oneof]
    f = ctx.pick(cands)
    if not f:
        return None
    cur = f.label.text if f.label else None
    if ctx.m.syntax == "proto2":
        opts = {"optional": ["repeated", "required"], "required": ["optional", "repeated"],
                "repeated": ["optional", "required"]}.get(cur, ["optional"])
    elif ctx.m.syntax == "proto3":
        opts = {None: ["optional", "repeated"], "optional": [None, "repeated"],
                "repeated": [None, "optional"]}[cur]
    else:
        opts = {None: ["repeated"], "repeated": [None]}.get(cur, [None])
    new = ctx.pick(opts)
    if f.label:
        edit = (f.label.start, f.label.end + 1, (new + " ") if new else "")
    else:
        edit = (f.span[0], f.span[0], new + " ")
    return [edit], "label of %s %s -> %s" % (fdesc(ctx, f), cur, new)


def add_option(ctx, f, text):
    if f.opts:
        return (f.opts[1] - 1, f.opts[1] - 1, ", " + text)
    return (f.number.end, f.number.end, " [" + text + "]")


def m_change_json_name(ctx):
    f = ctx.pick(plain_fields(ctx))
    if not f:
        return None
    n = "mut%dName" % ctx.rng.randrange(100)
    if f.opts:
        o = ctx.src[f.opts[0]:f.opts[1]]
        m = re.search(r'json_name\s*=\s*("[^"]*")', o)
        if m:
            s = f.opts[0] + m.start(1)
            return [(s, f.opts[0] + m.end(1), '"%s"' % n)], "json_name of %s -> %s" % (fdesc(ctx, f), n)
    return [add_option(ctx, f, 'json_name = "%s"' % n)], "add json_name %s to %s" % (n, fdesc(ctx, f))


def m_add_field_option(ctx):
    f = ctx.pick(plain_fields(ctx))
    if not f:
        return None
    t = f.type.text
    choices = []
    if t in ("int64", "uint64", "sint64", "fixed64", "sfixed64"):
        choices += ["jstype = JS_STRING", "jstype = JS_NUMBER"]
    if t in ("string", "bytes"):
        choices += ["ctype = CORD", "ctype = STRING_PIECE"]
    if f.label and f.label.text == "repeated" and t in SCALARS and t not in ("string", "bytes"):
        choices += ["packed = true", "packed = false"]
    if ctx.m.syntax == "proto2" and f.label and f.label.text == "optional" and t in SCALARS:
        choices += ["default = 7" if t not in ("bool", "string", "bytes") else
                    ("default = true" if t == "bool" else 'default = "mut"')]
    if not choices:
        return None
    o = ctx.pick(choices)
    if f.opts and o.split()[0] in ctx.src[f.opts[0]:f.opts[1]]:
        return None
    return [add_option(ctx, f, o)], "option %s on %s" % (o, fdesc(ctx, f))


def m_delete_enum_value(ctx):
    v = ctx.pick([v for v in ctx.m.values if len(v.enum["values"]) >= 2])
    if not v:
        return None
    return [(v.span[0], v.span[1], "")], "delete enum value %s.%s" % (v.enum.full, v.name.text)


def m_rename_enum_value(ctx):
    v = ctx.pick(ctx.m.values)
    if not v:
        return None
    return [(v.name.start, v.name.end, v.name.text + "_MUT")], \
        "rename enum value %s.%s" % (v.enum.full, v.name.text)


def m_renumber_enum_value(ctx):
    v = ctx.pick([v for v in ctx.m.values if ctx.m.syntax == "proto2" or v.enum["values"][0] is not v])
    if not v:
        return None
    mx = 0
    for w in v.enum["values"]:
        try:
            mx = max(mx, int(w.number.text, 0))
        except ValueError:
            pass
    n = mx + 1 + ctx.rng.randrange(3)
    s = v.neg.start if v.neg else v.number.start
    return [(s, v.number.end, str(n))], "renumber enum value %s.%s -> %d" % (
        v.enum.full, v.name.text, n)


def m_add_enum_value(ctx):
    e = ctx.pick(ctx.m.enums)
    if not e or not e["values"]:
        return None
    mx = 0
    for w in e["values"]:
        try:
            mx = max(mx, int(w.number.text, 0))
        except ValueError:
            pass
    name = e.name.upper() + "_MUT_ADDED"
    return [(e.body_close, e.body_close, "  %s = %d;\n" % (name, mx + 1))], \
        "add enum value %s to %s" % (name, e.full)


def m_add_field(ctx):
    msg = ctx.pick([m for m in ctx.m.messages])
    if not msg:
        return None
    n = max_number(ctx, msg) + 1
    if 19000 <= n <= 19999:
        n = 20000
    lab = "optional " if ctx.m.syntax == "proto2" else ""
    return [(msg.body_close, msg.body_close, "  %sint32 mut_added = %d;\n" % (lab, n))], \
        "add field mut_added to %s" % msg.full


def m_add_required_field(ctx):
    if ctx.m.syntax != "proto2":
        return None
    msg = ctx.pick([m for m in ctx.m.messages])
    if not msg:
        return None
    n = max_number(ctx, msg) + 1
    return [(msg.body_close, msg.body_close, "  required int32 mut_req = %d;\n" % n)], \
        "add required field to %s" % msg.full


def m_change_package(ctx):
    p = ctx.m.package
    if p:
        return [(p.tok.start, p.tok.end, p.name + "mut")], "package %s -> %smut" % (p.name, p.name)
    h = ctx.m.header_end
    return [(h, h, "\npackage mutpkg;\n")], "add package mutpkg"


def m_delete_message(ctx):
    cands = [m for m in ctx.m.messages if not m.group and not ctx.referenced(m.name, m.span)]
    m = ctx.pick(cands)
    if not m:
        return None
    return [(m.span[0], m.span[1], "")], "delete message " + m.full


def m_rename_message(ctx):
    cands = [m for m in ctx.m.messages if not m.group and not ctx.referenced(m.name, m.span)]
    m = ctx.pick(cands)
    if not m:
        return None
    return [(m.name_tok.start, m.name_tok.end, m.name + "Mut")], "rename message " + m.full


def m_delete_enum(ctx):
    cands = [e for e in ctx.m.enums if not ctx.referenced(e.name, e.span)]
    e = ctx.pick(cands)
    if not e:
        return None
    return [(e.span[0], e.span[1], "")], "delete enum " + e.full


def m_delete_rpc(ctx):
    r = ctx.pick(ctx.m.rpcs)
    if not r:
        return None
    return [(r.span[0], r.span[1], "")], "delete rpc %s.%s" % (r.service.name, r.name.text)


def m_change_rpc_streaming(ctx):
    r = ctx.pick(ctx.m.rpcs)
    if not r:
        return None
    side = ctx.pick(("req", "resp"))
    st, ty = r[side + "_stream"], r[side + "_type"]
    if st:
        edit = (st.start, ty.start, "")
        d = "drop"
    else:
        edit = (ty.start, ty.start, "stream ")
        d = "add"
    return [edit], "%s %s stream on %s.%s" % (d, side, r.service.name, r.name.text)


def m_change_rpc_type(ctx):
    r = ctx.pick(ctx.m.rpcs)
    msgs = [m for m in ctx.m.messages if not m.group and m.parent is None]
    m = ctx.pick(msgs)
    if not r or not m:
        return None
    side = ctx.pick(("req", "resp"))
    ty = r[side + "_type"]
    full = "." + (ctx.m.package.name + "." if ctx.m.package else "") + m.full
    if ty.text.lstrip(".").endswith(m.full):
        return None
    return [(ty.start, ty.end, full)], "%s type of %s.%s -> %s" % (
        side, r.service.name, r.name.text, full)


def m_delete_service(ctx):
    s = ctx.pick(ctx.m.services)
    if not s:
        return None
    return [(s.span[0], s.span[1], "")], "delete service " + s.name


FILE_OPTIONS = {
    "go_package": '"example.com/mut;mut"', "java_package": '"com.mut"',
    "java_outer_classname": '"MutProto"', "java_multiple_files": "true",
    "csharp_namespace": '"Mut.Ns"', "objc_class_prefix": '"MUT"',
    "php_namespace": '"Mut\\\\Ns"', "php_metadata_namespace": '"Mut\\\\Meta"',
    "ruby_package": '"Mut::Pkg"', "swift_prefix": '"Mut"', "optimize_for": "CODE_SIZE",
    "cc_enable_arenas": "false", "java_string_check_utf8": "true",
    "cc_generic_services": "true", "java_generic_services": "true",
    "py_generic_services": "true", "php_class_prefix": '"Mut"',
}


def m_change_file_option(ctx):
    present = [o for o in ctx.m.file_options if o.name in FILE_OPTIONS and o.value is not None]
    r = ctx.rng.random()
    if present and r < 0.45:
        o = ctx.pick(present)
        v = o.value
        if v.kind == "str":
            nv = v.text[:-1] + "mut" + v.text[-1]
        elif v.text in ("true", "false"):
            nv = "false" if v.text == "true" else "true"
        elif o.name == "optimize_for":
            nv = ctx.pick([x for x in ("SPEED", "CODE_SIZE", "LITE_RUNTIME") if x != v.text])
        else:
            return None
        return [(v.start, v.end, nv)], "file option %s %s -> %s" % (o.name, v.text, nv)
    if present and r < 0.7:
        o = ctx.pick(present)
        return [(o.span[0], o.span[1], "")], "delete file option " + o.name
    names = set(o.name for o in ctx.m.file_options)
    name = ctx.pick(sorted(set(FILE_OPTIONS) - names))
    if not name:
        return None
    if ctx.m.syntax == "editions" and name in ("java_string_check_utf8",):
        return None
    h = ctx.m.header_end
    return [(h, h, "\noption %s = %s;\n" % (name, FILE_OPTIONS[name]))], "add file option " + name


def m_delete_reserved(ctx):
    r = ctx.pick(ctx.m.reserved)
    if not r:
        return None
    return [(r.span[0], r.span[1], "")], "delete reserved in %s: %s" % (
        r.owner.full, ctx.src[r.span[0]:r.span[1]])


def m_delete_extension_range(ctx):
    r = ctx.pick(ctx.m.extranges)
    if not r:
        return None
    return [(r.span[0], r.span[1], "")], "delete extension range in %s: %s" % (
        r.owner.full, ctx.src[r.span[0]:r.span[1]])


def m_delete_oneof(ctx):
    """Deletes a oneof's braces, keeping its fields in the message."""
    o = ctx.pick([o for o in ctx.m.oneofs if not any(f.group for f in ctx.m.fields if f.oneof is o)])
    if not o:
        return None
    fs = [f for f in ctx.m.fields if f.oneof is o]
    label = "optional" if ctx.m.syntax == "proto2" else None
    body = "\n".join("  " + field_text(ctx, f, label) for f in fs)
    return [(o.span[0], o.span[1], body)], "dissolve oneof %s.%s" % (o.msg.full, o.name)


def m_delete_file(ctx):
    if not ctx.others:
        return None  # buf refuses an empty module ("had no .proto files")
    return "DELETE_FILE", "delete file " + ctx.rel


def m_change_syntax(ctx):
    if ctx.m.syntax not in ("proto2", "proto3"):
        return None
    return "SYNTAX", "syntax %s -> %s" % (ctx.m.syntax, "proto3" if ctx.m.syntax == "proto2" else "proto2")


KINDS = {
    "delete_field": m_delete_field,
    "change_field_type": m_change_field_type,
    "change_field_type_message": m_change_field_type_message,
    "renumber_field": m_renumber_field,
    "swap_field_numbers": m_swap_field_numbers,
    "rename_field": m_rename_field,
    "move_into_oneof": m_move_into_oneof,
    "move_into_existing_oneof": m_move_into_existing_oneof,
    "move_out_of_oneof": m_move_out_of_oneof,
    "dissolve_oneof": m_delete_oneof,
    "change_label": m_change_label,
    "change_json_name": m_change_json_name,
    "add_field_option": m_add_field_option,
    "delete_enum_value": m_delete_enum_value,
    "rename_enum_value": m_rename_enum_value,
    "renumber_enum_value": m_renumber_enum_value,
    "add_enum_value": m_add_enum_value,
    "add_field": m_add_field,
    "add_required_field": m_add_required_field,
    "change_package": m_change_package,
    "delete_message": m_delete_message,
    "rename_message": m_rename_message,
    "delete_enum": m_delete_enum,
    "delete_rpc": m_delete_rpc,
    "change_rpc_streaming": m_change_rpc_streaming,
    "change_rpc_type": m_change_rpc_type,
    "delete_service": m_delete_service,
    "change_file_option": m_change_file_option,
    "delete_reserved": m_delete_reserved,
    "delete_extension_range": m_delete_extension_range,
    "delete_file": m_delete_file,
    "change_syntax": m_change_syntax,
}


def apply_edits(src, edits):
    for s, e, r in sorted(edits, key=lambda x: (x[0], x[1]), reverse=True):
        src = src[:s] + r + src[e:]
    return src


def make_mutation(seeds, seed, index, kinds):
    """(seed root, files, target rel, kind, description, new text or None for deleted)."""
    rng = random.Random("%d/%d" % (seed, index))
    for _ in range(60):
        root, rel = rng.choice(seeds)
        files = closure(root, rel)
        with open(os.path.join(root, rel), encoding="utf-8", errors="surrogateescape", newline="") as f:
            src = f.read()
        others = []
        for o in files:
            if o != rel:
                with open(os.path.join(root, o), encoding="utf-8", errors="replace") as f:
                    others.append(f.read())
        try:
            model = protoscan.scan(src)
        except Exception:
            continue
        kind = rng.choice(kinds)
        ctx = Ctx(src, model, rng, others, rel)
        res = KINDS[kind](ctx)
        if not res:
            continue
        edits, desc = res
        if edits == "DELETE_FILE":
            new = None
        elif edits == "SYNTAX":
            new = re.sub(r'syntax\s*=\s*"proto[23]"',
                         'syntax = "%s"' % ("proto3" if model.syntax == "proto2" else "proto2"),
                         src, count=1)
        else:
            new = apply_edits(src, edits)
        if new == src:
            continue
        return root, files, rel, kind, desc, new
    return None


# ---------------------------------------------------------------------------
# running the tools

def buf_yaml(cat):
    return "version: v2\nbreaking:\n  use:\n    - %s\n" % cat


def write_modules(work, root, files, rel, new):
    for side in ("old", "new"):
        d = os.path.join(work, side)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for r in files:
            if side == "new" and r == rel and new is None:
                continue
            p = os.path.join(d, r)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if side == "new" and r == rel:
                with open(p, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
                    f.write(new)
            else:
                shutil.copyfile(os.path.join(root, r), p)


def run(cmd, cwd, timeout=120):
    t = time.time()
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=dict(os.environ, NO_COLOR="1"))
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace"), time.time() - t
    except subprocess.TimeoutExpired:
        return -1, "", "timeout", time.time() - t


def parse_json_lines(out):
    res = []
    for line in out.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            res.append(json.loads(line))
        except ValueError:
            pass
    return res


def key(f):
    return (f.get("path"), f.get("start_line"), f.get("start_column"),
            f.get("end_line"), f.get("end_column"), f.get("type"))


def classify(buf_rc, buf_f, pc_rc, pc_f, editions=False):
    """Verdict of one category: (verdict, detail dict)."""
    buf_compile = any(f.get("type") == "COMPILE" for f in buf_f)
    if not buf_compile and buf_rc not in (0, 100):
        return "buf_error", {"pc_rc": pc_rc}
    pc_failed = pc_rc not in (0, 1)
    if buf_compile:
        if pc_rc == 0:
            return "error_exit0", {}
        if pc_failed:
            return "compile_both", {}
        return "compile_buf_only", {"ours": sorted(set(f.get("type") for f in pc_f))}
    if pc_failed:
        return "compile_ours_only", {}
    bt = collections.Counter(f.get("type") for f in buf_f)
    ot = collections.Counter(f.get("type") for f in pc_f)
    missing = sorted(set(bt) - set(ot))
    extra = sorted(set(ot) - set(bt))
    allowed = dict(ALLOWED_EXTRA)
    if editions:
        allowed.update(ALLOWED_EXTRA_EDITIONS)
    bad_extra = [t for t in extra if t not in allowed]
    d = {}
    if missing:
        d["missing"] = missing
    if extra:
        d["extra"] = extra
    if (buf_f and not pc_f) or (buf_f and pc_rc == 0):
        return "silent", d
    if missing:
        return "missing", d
    if bad_extra:
        return "extra", d
    if (pc_f and pc_rc != 1) or (not pc_f and pc_rc != 0):
        d["rc"] = pc_rc
        return "bad_exit", d
    if extra:
        return "extra_allowed", d
    bk = collections.Counter(key(f) for f in buf_f)
    ok = collections.Counter(key(f) for f in pc_f if f.get("type") in bt)
    if bt != collections.Counter(f.get("type") for f in pc_f if f.get("type") in bt):
        d["counts"] = {t: [bt[t], ot[t]] for t in bt if bt[t] != ot[t]}
        return "count", d
    if bk != ok:
        d["buf_only"] = [list(k) for k in (bk - ok)][:3]
        d["ours_only"] = [list(k) for k in (ok - bk)][:3]
        return "position", d
    return "agree" if buf_f else "agree_none", d


def one(task):
    args, seeds, index = task
    mut = make_mutation(seeds, args.seed, index, args.kinds)
    if mut is None:
        return {"index": index, "skipped": True}
    root, files, rel, kind, desc, new = mut
    work = os.path.join(args.out, "work", "w%d" % os.getpid())
    write_modules(work, root, files, rel, new)
    with open(os.path.join(work, "old", rel), encoding="utf-8", errors="replace") as f:
        editions = "edition" in f.read(200)
    rec = {"index": index, "seed": os.path.relpath(os.path.join(root, rel), REPO)
           if root.startswith(REPO) else "googleapis:" + rel,
           "files": len(files), "kind": kind, "desc": desc, "cats": {}}
    keep = False
    for cat in CATEGORIES:
        for side in ("old", "new"):
            with open(os.path.join(work, side, "buf.yaml"), "w") as f:
                f.write(buf_yaml(cat))
        brc, bout, berr, bt = run([args.buf, "breaking", "new", "--against", "old",
                                   "--error-format", "json"], work)
        prc, pout, perr, pt = run([args.pc, "--format", "json", "old", "new"], work)
        bf, pf = parse_json_lines(bout), parse_json_lines(pout)
        verdict, detail = classify(brc, bf, prc, pf, editions)
        rec["cats"][cat] = {"v": verdict, "buf": len(bf), "ours": len(pf), "buf_rc": brc,
                            "pc_rc": prc, "bt": round(bt, 3), "pt": round(pt, 3), **detail}
        if verdict not in ("agree", "agree_none", "compile_both", "extra_allowed"):
            keep = True
            rec["cats"][cat]["buf_out"] = bout
            rec["cats"][cat]["buf_err"] = berr[-2000:]
            rec["cats"][cat]["pc_out"] = pout
            rec["cats"][cat]["pc_err"] = perr[-2000:]
    if keep:
        dst = os.path.join(args.out, "cases", "m%05d" % index)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(os.path.join(work, "old"), os.path.join(dst, "old"))
        shutil.copytree(os.path.join(work, "new"), os.path.join(dst, "new"))
        for side in ("old", "new"):
            os.remove(os.path.join(dst, side, "buf.yaml"))
    return rec


def cmd_run(args):
    args.kinds = args.kinds.split(",") if args.kinds else sorted(KINDS)
    for k in args.kinds:
        if k not in KINDS:
            sys.exit("unknown kind " + k)
    for tool in (args.buf, args.pc):
        if not os.access(tool, os.X_OK):
            sys.exit("not executable: " + tool)
    args.buf, args.pc = os.path.abspath(args.buf), os.path.abspath(args.pc)
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    seeds = check_seeds(args, collect_seeds(args))
    idx = [int(x) for x in args.only.split(",")] if args.only else \
        list(range(args.start, args.start + args.count))
    res_path = os.path.join(args.out, "results.jsonl")
    t0 = time.time()
    n = 0
    with open(res_path, "a") as out, concurrent.futures.ProcessPoolExecutor(args.jobs) as ex:
        pending = set()
        it = iter(idx)
        done = False
        while True:
            while not done and len(pending) < args.jobs * 2:
                if args.time_limit and time.time() - t0 > args.time_limit:
                    done = True
                    break
                try:
                    i = next(it)
                except StopIteration:
                    done = True
                    break
                pending.add(ex.submit(one, (args, seeds, i)))
            if not pending:
                break
            fin, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
            for f in fin:
                rec = f.result()
                out.write(json.dumps(rec, sort_keys=True) + "\n")
                out.flush()
                n += 1
                if not rec.get("skipped"):
                    bad = [c + ":" + v["v"] for c, v in rec["cats"].items()
                           if v["v"] not in ("agree", "agree_none", "compile_both", "extra_allowed")]
                    if bad and not args.quiet:
                        print("#%d %s [%s] %s: %s" % (rec["index"], rec["seed"], rec["kind"],
                                                      rec["desc"], " ".join(bad)), flush=True)
    shutil.rmtree(os.path.join(args.out, "work"), ignore_errors=True)
    print("%d mutations in %.0f s; results in %s" % (n, time.time() - t0, res_path))
    return summary(res_path, sys.stdout)


VIOLATIONS = ("silent", "missing", "error_exit0")


def summary(path, w):
    recs = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if not r.get("skipped"):
                recs.append(r)
    by_kind = collections.defaultdict(collections.Counter)
    by_cat = collections.defaultdict(collections.Counter)
    total = collections.Counter()
    for r in recs:
        for c, v in r["cats"].items():
            by_kind[r["kind"]][v["v"]] += 1
            by_cat[c][v["v"]] += 1
            total[v["v"]] += 1
    verdicts = sorted(total)
    w.write("%d mutations, %d category runs\n\n" % (len(recs), sum(total.values())))
    w.write("| kind | mutations | " + " | ".join(verdicts) + " |\n")
    w.write("|---|---|" + "---|" * len(verdicts) + "\n")
    nk = collections.Counter(r["kind"] for r in recs)
    for k in sorted(by_kind):
        w.write("| %s | %d | %s |\n" % (k, nk[k], " | ".join(str(by_kind[k][v]) for v in verdicts)))
    w.write("| **all** | %d | %s |\n\n" % (len(recs), " | ".join(str(total[v]) for v in verdicts)))
    w.write("| category | " + " | ".join(verdicts) + " |\n|---|" + "---|" * len(verdicts) + "\n")
    for c in CATEGORIES:
        w.write("| %s | %s |\n" % (c, " | ".join(str(by_cat[c][v]) for v in verdicts)))
    return 1 if any(total[v] for v in VIOLATIONS) else 0


def cmd_summary(args):
    return summary(args.results, sys.stdout)


# ---------------------------------------------------------------------------
# replay of recorded reproducers

def cmd_replay(args):
    """Each case dir holds old/, new/, cat (the category), buf.json, buf.rc and note.
    A file named `open` marks a disagreement not fixed yet: it is reported, and fails
    only with --strict. A case without `open` must agree."""
    pc = os.path.abspath(args.pc)
    cases = sorted(d for d in os.listdir(args.cases) if os.path.isdir(os.path.join(args.cases, d)))
    fails = 0
    import tempfile
    for c in cases:
        cd = os.path.join(args.cases, c)
        with open(os.path.join(cd, "cat")) as f:
            cat = f.read().strip()
        with open(os.path.join(cd, "buf.json")) as f:
            bf = parse_json_lines(f.read())
        with open(os.path.join(cd, "buf.rc")) as f:
            brc = int(f.read().strip())
        with tempfile.TemporaryDirectory() as tmp:
            for side in ("old", "new"):
                shutil.copytree(os.path.join(cd, side), os.path.join(tmp, side))
                with open(os.path.join(tmp, side, "buf.yaml"), "w") as f:
                    f.write(buf_yaml(cat))
            prc, pout, perr, _ = run([pc, "--format", "json", "old", "new"], tmp)
        pf = parse_json_lines(pout)
        editions = os.path.exists(os.path.join(cd, "editions"))
        v, d = classify(brc, bf, prc, pf, editions)
        ok = v in ("agree", "agree_none", "compile_both", "extra_allowed")
        is_open = os.path.exists(os.path.join(cd, "open"))
        if ok:
            print("ok %s: %s%s" % (c, v, " (marked open but now agrees: remove its `open` file)"
                                   if is_open else ""))
        elif is_open:
            print("open %s: %s %s" % (c, v, json.dumps(d, sort_keys=True)))
            if args.strict:
                fails += 1
        else:
            print("FAIL %s: %s %s" % (c, v, json.dumps(d, sort_keys=True)))
            fails += 1
    print("%d cases, %d failing" % (len(cases), fails))
    return 1 if fails else 0


def cmd_record(args):
    """Makes a reproducer: copies OLD and NEW, runs buf under CAT, keeps its output."""
    import tempfile
    dst = os.path.join(args.cases, args.name)
    if os.path.exists(dst):
        sys.exit("exists: " + dst)
    os.makedirs(dst)
    for side, src in (("old", args.old), ("new", args.new)):
        shutil.copytree(src, os.path.join(dst, side),
                        ignore=shutil.ignore_patterns("buf.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        for side in ("old", "new"):
            shutil.copytree(os.path.join(dst, side), os.path.join(tmp, side))
            with open(os.path.join(tmp, side, "buf.yaml"), "w") as f:
                f.write(buf_yaml(args.cat))
        cmd = [os.path.abspath(args.buf), "breaking", "new", "--against", "old",
               "--error-format", "json"]
        brc, bout, berr, _ = run(cmd, tmp)
        ver = run([args.buf, "--version"], tmp)[1].strip()
    files = {"cat": args.cat + "\n", "buf.json": bout, "buf.rc": "%d\n" % brc,
             "buf.cmd": "# buf %s, with buf.yaml `version: v2` / `breaking: use: [%s]` in old/ and new/\n"
                        "buf breaking new --against old --error-format json\n" % (ver, args.cat),
             "note": args.note + "\n"}
    if args.open:
        files["open"] = "known disagreement, not fixed yet (docs/mutation.md)\n"
    for n, t in files.items():
        with open(os.path.join(dst, n), "w") as f:
            f.write(t)
    print("recorded %s: buf exit %d, %d findings" % (dst, brc, len(parse_json_lines(bout))))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--pc", default=os.path.join(REPO, "build", "protocompat"))
    r.add_argument("--buf", default="/work/tools/node_modules/.bin/buf")
    r.add_argument("--out", required=True, help="work and results directory (outside the repo)")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--count", type=int, default=50)
    r.add_argument("--start", type=int, default=0)
    r.add_argument("--only", help="comma-separated mutation indexes to (re)run")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--time-limit", type=float, default=0, help="stop submitting after SEC")
    r.add_argument("--googleapis", help="google-proto-files package dir (google/ under it)")
    r.add_argument("--sample", type=int, default=0, help="googleapis files to sample")
    r.add_argument("--max-closure", type=int, default=25)
    r.add_argument("--kinds", help="comma-separated subset of " + ",".join(sorted(KINDS)))
    r.add_argument("--quiet", action="store_true")
    s = sub.add_parser("summary")
    s.add_argument("results")
    p = sub.add_parser("replay")
    p.add_argument("--pc", default=os.path.join(REPO, "build", "protocompat"))
    p.add_argument("--cases", default=os.path.join(HERE, "cases"))
    p.add_argument("--strict", action="store_true")
    c = sub.add_parser("record")
    c.add_argument("--buf", default="/work/tools/node_modules/.bin/buf")
    c.add_argument("--cases", default=os.path.join(HERE, "cases"))
    c.add_argument("--cat", required=True, choices=CATEGORIES)
    c.add_argument("--note", required=True)
    c.add_argument("--open", action="store_true", help="a disagreement not fixed yet")
    c.add_argument("name")
    c.add_argument("old")
    c.add_argument("new")
    a = ap.parse_args()
    return {"run": cmd_run, "summary": cmd_summary, "replay": cmd_replay,
            "record": cmd_record}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
