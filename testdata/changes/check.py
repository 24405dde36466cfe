#!/usr/bin/python3
"""An independent reading of `protocompat changes --format json`, from protoc's
descriptors and the protobuf runtime (Debian's python3-protobuf), not from our code.

usage: check.py CASE_DIR OUR_JSON PROTOC

CASE_DIR holds old/ and new/ (module roots). Both are compiled with protoc
(--include_imports --include_source_info); then:

- additions: every *_ADDED record we list must be an element of NEW that OLD lacks by
  the pairing docs/diff.md states (messages, enums, services by full name, outermost
  only; fields by number in paired messages; oneofs and rpcs by name; enum values by
  number; extensions by (extendee, number); files by path; packages by name; reserved
  and extension ranges by the numbers they cover; reserved names by name), and every
  such element must be listed; our line and column must be those of protoc's
  SourceCodeInfo location of the element (1-based).
- comments (when the output has COMMENT_CHANGED records, i.e. --comments): the leading
  and trailing comments of every element both sides have, as protoc's SourceCodeInfo
  gives them, must differ exactly where we list a change, with the same texts.
- options: for every paired element, the runtime parses the serialized options with
  the extensions of that side's pool (extension ranges paired by their exact range,
  extensions by (extendee, number)); the options that differ (walking into a singular
  message set on both sides, as docs/changes.md says) and their values printed with
  text_format.PrintFieldValue (one line; a repeated field as [a, b]) must equal our
  OPTION_CHANGED records (key, old, new), except that floats are printed as protoc
  prints them (Python writes 2.0 and the shortest digits, protoc's C++ text format,
  which we follow, 2 and %.15g or %.17g: see protoc_real).
Prints what differs and exits 1; exits 0 when everything agrees.
"""
import io
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format

OPTS = {
    "file": "google.protobuf.FileOptions",
    "message": "google.protobuf.MessageOptions",
    "field": "google.protobuf.FieldOptions",
    "oneof": "google.protobuf.OneofOptions",
    "enum": "google.protobuf.EnumOptions",
    "enum_value": "google.protobuf.EnumValueOptions",
    "service": "google.protobuf.ServiceOptions",
    "method": "google.protobuf.MethodOptions",
    "ext_range": "google.protobuf.ExtensionRangeOptions",
}


def compile_side(root, protoc, tmp):
    files = sorted(
        os.path.relpath(os.path.join(d, f), root)
        for d, _, fs in os.walk(root)
        for f in fs
        if f.endswith(".proto")
    )
    out = os.path.join(tmp, os.path.basename(root) + ".pb")
    subprocess.run([protoc, "-I", root, "--include_imports", "--include_source_info", "-o", out] + files, check=True)
    fds = descriptor_pb2.FileDescriptorSet()
    with open(out, "rb") as f:
        fds.ParseFromString(f.read())
    return fds, set(files)


class Side:
    """Elements of one side by the keys of docs/diff.md, with their locations."""

    def __init__(self, fds, inputs):
        self.pool = descriptor_pool.DescriptorPool()
        if not any(fp.name == "google/protobuf/descriptor.proto" for fp in fds.file):
            dp = descriptor_pb2.FileDescriptorProto()
            descriptor_pb2.DESCRIPTOR.CopyToProto(dp)
            self.pool.Add(dp)
        for fp in fds.file:
            self.pool.Add(fp)
        self.factory = message_factory.MessageFactory(self.pool)
        self.factory.GetMessages([fp.name for fp in fds.file])  # registers the extensions
        self.files = {fp.name: fp for fp in fds.file if fp.name in inputs}
        self.msgs, self.enums, self.svcs, self.exts, self.pkgs = {}, {}, {}, {}, {}
        self.loc = {}  # (file, path tuple) -> (line, col) 1-based
        for fp in self.files.values():
            self.pkgs.setdefault(fp.package, fp.name)
            for l in fp.source_code_info.location:
                self.loc.setdefault((fp.name, tuple(l.path)), (l.span[0] + 1, l.span[1] + 1))
            pre = fp.package + "." if fp.package else ""
            for i, m in enumerate(fp.message_type):
                self.walk_msg(fp, m, pre, (4, i))
            for i, e in enumerate(fp.enum_type):
                self.enums[pre + e.name] = (fp, e, (5, i))
            for i, s in enumerate(fp.service):
                self.svcs[pre + s.name] = (fp, s, (6, i))
            for i, x in enumerate(fp.extension):
                self.exts[(x.extendee.lstrip("."), x.number)] = (fp, x, (7, i), pre + x.name)

    def walk_msg(self, fp, m, pre, path):
        full = pre + m.name
        self.msgs[full] = (fp, m, path)
        for i, n in enumerate(m.nested_type):
            self.walk_msg(fp, n, full + ".", path + (3, i))
        for i, e in enumerate(m.enum_type):
            self.enums[full + "." + e.name] = (fp, e, path + (4, i))
        for i, x in enumerate(m.extension):
            self.exts[(x.extendee.lstrip("."), x.number)] = (fp, x, path + (6, i), full + "." + x.name)

    def at(self, fp, path):
        return self.loc.get((fp.name, tuple(path)))


def covered(ranges, exclusive):
    s = set()
    for r in ranges:
        s.update(range(r.start, r.end if exclusive else r.end + 1))
    return s


def additions(old, new):
    """(kind, element, line, col) of every addition by the documented pairing."""
    want = []
    for name, fp in new.files.items():
        if name not in old.files:
            want.append(("FILE_ADDED", name, None, None))
    for pkg in new.pkgs:
        if pkg not in old.pkgs:
            want.append(("PACKAGE_ADDED", pkg, None, None))
    for full, (fp, m, path) in new.msgs.items():
        parent = full.rsplit(".", 1)[0]
        if m.options.map_entry:
            continue
        if full not in old.msgs and (parent not in new.msgs or parent in old.msgs):
            want.append(("MESSAGE_ADDED", full) + new.at(fp, path))
    for full, (fp, e, path) in new.enums.items():
        parent = full.rsplit(".", 1)[0]
        if full not in old.enums and (parent not in new.msgs or parent in old.msgs):
            want.append(("ENUM_ADDED", full) + new.at(fp, path))
    for full, (fp, s, path) in new.svcs.items():
        if full not in old.svcs:
            want.append(("SERVICE_ADDED", full) + new.at(fp, path))
    for key, (fp, x, path, full) in new.exts.items():
        parent = full.rsplit(".", 1)[0]
        if key not in old.exts and (parent not in new.msgs or parent in old.msgs):
            want.append(("EXTENSION_ADDED", full) + new.at(fp, path))
    for full, (fp, m, path) in new.msgs.items():
        if full not in old.msgs:
            continue
        om = old.msgs[full][1]
        onums = {f.number for f in om.field}
        for i, f in enumerate(m.field):
            if f.number not in onums:
                want.append(("FIELD_ADDED", full + "." + f.name) + new.at(fp, path + (2, i)))
        onames = {o.name for j, o in enumerate(om.oneof_decl)}
        for i, o in enumerate(m.oneof_decl):
            synthetic = all(f.proto3_optional for f in m.field if f.HasField("oneof_index") and f.oneof_index == i)
            if o.name not in onames and not synthetic:
                want.append(("ONEOF_ADDED", full + "." + o.name) + new.at(fp, path + (8, i)))
        mline = new.at(fp, path)
        if covered(m.extension_range, True) - covered(om.extension_range, True):
            want.append(("EXTENSION_RANGE_ADDED", full) + mline)
        if covered(m.reserved_range, True) - covered(om.reserved_range, True):
            want.append(("RESERVED_RANGE_ADDED", full) + mline)
        for n in set(m.reserved_name) - set(om.reserved_name):
            want.append(("RESERVED_NAME_ADDED", full) + mline)
    for full, (fp, e, path) in new.enums.items():
        if full not in old.enums:
            continue
        oe = old.enums[full][1]
        onums = {v.number for v in oe.value}
        seen = set()
        scope = full.rsplit(".", 1)[0]
        for i, v in enumerate(e.value):
            if v.number not in onums and v.number not in seen:
                want.append(("ENUM_VALUE_ADDED", scope + "." + v.name) + new.at(fp, path + (2, i)))
            seen.add(v.number)
        eline = new.at(fp, path)
        if covered(e.reserved_range, False) - covered(oe.reserved_range, False):
            want.append(("RESERVED_RANGE_ADDED", full) + eline)
        for n in set(e.reserved_name) - set(oe.reserved_name):
            want.append(("RESERVED_NAME_ADDED", full) + eline)
    for full, (fp, s, path) in new.svcs.items():
        if full not in old.svcs:
            continue
        onames = {m.name for m in old.svcs[full][1].method}
        for i, m in enumerate(s.method):
            if m.name not in onames:
                want.append(("RPC_ADDED", full + "." + m.name) + new.at(fp, path + (2, i)))
    return want


def protoc_real(v, is_float):
    """A float or double as protoc's text format prints it (SimpleFtoa / SimpleDtoa:
    %.6g / %.15g, or %.9g / %.17g when that does not read back; checked against
    `protoc --decode` of protoc 3.21 and 36.2: 0.7999999999999999 -> 0.79999999999999993,
    1e21 -> 1e+21, 2.0 -> 2)."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    short, full = (6, 9) if is_float else (15, 17)
    text = "%.*g" % (short, v)
    back = float(text)
    if is_float:
        back = struct.unpack("<f", struct.pack("<f", back))[0]
    return text if back == v else "%.*g" % (full, v)


def value_text(fd, value):
    def one(v):
        if fd.cpp_type in (fd.CPPTYPE_FLOAT, fd.CPPTYPE_DOUBLE):
            return protoc_real(v, fd.cpp_type == fd.CPPTYPE_FLOAT)
        o = io.StringIO()
        text_format.PrintFieldValue(fd, v, o, as_one_line=True)
        t = o.getvalue().strip()
        return t
    if fd.label == fd.LABEL_REPEATED:
        return "[" + ", ".join(one(v) for v in value) + "]"
    return one(value)


def field_key(fd):
    return "(" + fd.full_name + ")" if fd.is_extension else fd.name


# Options that a record of their own kind reports (docs/diff.md): `changes` lists those
# records (FILE_OPTION, ...) instead of OPTION_CHANGED.
TYPED = {
    "file": {1, 8, 9, 10, 11, 16, 17, 18, 31, 36, 37, 39, 40, 41, 42, 44, 45},
    "message": {1, 2},
    "field": {1, 6},
    "method": {34},
}


def diff_opts(om, nm, prefix, out, typed=frozenset()):
    of = {fd.number: (fd, v) for fd, v in om.ListFields()}
    nf = {fd.number: (fd, v) for fd, v in nm.ListFields()}
    for num in sorted(set(of) | set(nf)):
        fd = (nf.get(num) or of.get(num))[0]
        if not prefix and not fd.is_extension and num in typed:
            continue
        key = prefix + ("." if prefix else "") + field_key(fd)
        if num in of and num in nf and fd.type == fd.TYPE_MESSAGE and fd.label != fd.LABEL_REPEATED:
            diff_opts(of[num][1], nf[num][1], key, out)
            continue
        a = value_text(of[num][0], of[num][1]) if num in of else None
        b = value_text(nf[num][0], nf[num][1]) if num in nf else None
        if a != b:
            out.append((key, a, b))


def parse_opts(side, kind, opts):
    cls = side.factory.GetPrototype(side.pool.FindMessageTypeByName(OPTS[kind]))
    m = cls()
    m.ParseFromString(opts.SerializeToString())
    return m


def paired(olds, news, key):
    """(old, new) for each element of news whose key an element of olds has."""
    by_key = {key(o): o for o in olds}
    return [(by_key[key(n)], n) for n in news if key(n) in by_key]


def paired_options(old, new):
    """(element, key, old, new) for every option difference of paired elements."""
    out = []

    def cmp(elem, kind, oo, no):
        diffs = []
        diff_opts(parse_opts(old, kind, oo), parse_opts(new, kind, no), "", diffs, TYPED.get(kind, set()))
        out.extend((elem,) + d for d in diffs)

    def both(olds, news):
        return [(full, olds[full][1], x[1]) for full, x in news.items() if full in olds]

    for name in new.files.keys() & old.files.keys():
        cmp(name, "file", old.files[name].options, new.files[name].options)
    for full, om, m in both(old.msgs, new.msgs):
        cmp(full, "message", om.options, m.options)
        for of, f in paired(om.field, m.field, lambda f: f.number):
            cmp(full + "." + f.name, "field", of.options, f.options)
        for q, r in paired(om.extension_range, m.extension_range, lambda r: (r.start, r.end)):
            cmp(full, "ext_range", q.options, r.options)
        for oo, o in paired(om.oneof_decl, m.oneof_decl, lambda o: o.name):
            cmp(full + "." + o.name, "oneof", oo.options, o.options)
    for full, oe, e in both(old.enums, new.enums):
        cmp(full, "enum", oe.options, e.options)
        scope = full.rsplit(".", 1)[0]
        for ov, v in paired(oe.value, e.value, lambda v: (v.name, v.number)):
            cmp(scope + "." + v.name, "enum_value", ov.options, v.options)
    for full, os_, s in both(old.svcs, new.svcs):
        cmp(full, "service", os_.options, s.options)
        for om, m in paired(os_.method, s.method, lambda m: m.name):
            cmp(full + "." + m.name, "method", om.options, m.options)
    for key, (fp, x, _, full) in new.exts.items():
        if key in old.exts:
            cmp(full, "field", old.exts[key][1].options, x.options)
    return out


def element_paths(side):
    """Full name -> (file, path) of every message, field, oneof, enum, value, service, method."""
    out = {}
    for full, (fp, m, path) in side.msgs.items():
        out[full] = (fp, path)
        for i, f in enumerate(m.field):
            out[full + "." + f.name] = (fp, path + (2, i))
        for i, o in enumerate(m.oneof_decl):
            out[full + "." + o.name] = (fp, path + (8, i))
    for full, (fp, e, path) in side.enums.items():
        out[full] = (fp, path)
        scope = full.rsplit(".", 1)[0]
        for i, v in enumerate(e.value):
            out[scope + "." + v.name] = (fp, path + (2, i))
    for full, (fp, s, path) in side.svcs.items():
        out[full] = (fp, path)
        for i, m in enumerate(s.method):
            out[full + "." + m.name] = (fp, path + (2, i))
    return out


def comment_changes(old, new):
    """(element, leading|trailing, old, new) for elements of both sides whose comments differ."""
    def comments(fp, path):
        for l in fp.source_code_info.location:
            if tuple(l.path) == tuple(path):
                return {"leading": l.leading_comments if l.HasField("leading_comments") else None,
                        "trailing": l.trailing_comments if l.HasField("trailing_comments") else None}
        return {"leading": None, "trailing": None}
    op, np_ = element_paths(old), element_paths(new)
    out = []
    for name in sorted(set(op) & set(np_)):
        a, b = comments(*op[name]), comments(*np_[name])
        for which in ("leading", "trailing"):
            if (a[which] or "") != (b[which] or ""):
                out.append((name, which, a[which] or None, b[which] or None))
    return out


def report(what, want, got, ours_verb, theirs):
    """Prints both differences of two sets; returns their size."""
    bad = 0
    for x in sorted(set(want) - set(got)):
        print("%s: %s" % (what, theirs), x, "which we do not list")
        bad += 1
    for x in sorted(set(got) - set(want)):
        print("%s: we list" % what, x, "which %s" % ours_verb)
        bad += 1
    return bad


def main():
    case, ours_path, protoc = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        old = Side(*compile_side(os.path.join(case, "old"), protoc, tmp))
        new = Side(*compile_side(os.path.join(case, "new"), protoc, tmp))
    ours = json.load(open(ours_path))
    changes = [c for p in ours["packages"] for c in p["changes"]]
    bad = 0

    got = sorted(
        (c["kind"], c["element"]) + ((c["line"], c["column"]) if "/" not in c["element"] and c["kind"] not in ("FILE_ADDED", "PACKAGE_ADDED") else (None, None))
        for c in changes
        if c["kind"].endswith("_ADDED") and c["kind"] != "REQUIRED_FIELD_ADDED"
    )
    want = sorted(additions(old, new))
    bad += report("additions", want, got, "protoc's descriptors do not give", "protoc's descriptors have")

    got = sorted(
        (c["element"], c["option"], c.get("old"), c.get("new")) for c in changes if c["kind"] == "OPTION_CHANGED"
    )
    want = sorted(paired_options(old, new))
    bad += report("options", want, got, "the runtime does not find", "the runtime finds")
    if any(c["kind"] == "COMMENT_CHANGED" for c in changes):
        got = sorted((c["element"], c["description"].split()[0], c.get("old"), c.get("new"))
                     for c in changes if c["kind"] == "COMMENT_CHANGED")
        want = sorted(comment_changes(old, new))
        bad += report("comments", want, got, "protoc's source info does not give", "protoc's source info has")
    n_add = sum(1 for c in changes if c["kind"].endswith("_ADDED"))
    n_com = sum(1 for c in changes if c["kind"] == "COMMENT_CHANGED")
    n_opt = sum(1 for c in changes if c["kind"] == "OPTION_CHANGED")
    print("%s: %d additions, %d option changes, %d comment changes checked against protoc %s and python3-protobuf"
          % ("FAIL" if bad else "ok", n_add, n_opt, n_com, protoc))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
