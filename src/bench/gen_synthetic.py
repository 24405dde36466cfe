#!/usr/bin/env python3
"""Synthetic .proto schemas for the growth benchmark (src/bench/growth.sh).

Writes OUT/old and OUT/new, two module roots (each with a buf.yaml using FILE), and
OUT/expected.json with the number of breaking findings the mutations must produce.

Scale mode (--scale S): S times a googleapis-sized corpus. One unit is 600 packages of
12 files (7,200 files; googleapis 6.0.1 has 7,207 in 634 packages), each file with 6
messages of 4 fields plus a nested message and an enum, doc comments on every element,
so that a unit is 61 MB of text and 43,200 messages (86,400 with the nested ones);
googleapis 6.0.1 has 67 MB and some 47,000 message declarations. Files
import the previous file of their package and the package's first file; the first file
of a package imports the first file of the previous package (chains of 10 packages),
so types resolve across files and packages, by relative and fully-qualified names.

Shape mode (--shape NAME): the pathological shapes of issue 5:
    fields    one message with 10,000 fields
    messages  one file with 5,000 messages
    files     one package with 2,000 files
    options   one file setting 20,000 distinct custom options (with a mutated message)
    lists     20,000 reserved numbers, reserved names and extension ranges in one
              message, 5,000 proto3 optional fields in another
    imports   one file importing 10,000 files and using a type of each

NEW differs from OLD by a known fraction (--mutate, default 0.01) of messages, chosen
deterministically: in one of every 1/(2*fraction) messages the last field is deleted
(FIELD_NO_DELETE, one finding) and in another the first field's type changes from int64
to string (FIELD_SAME_TYPE, one finding); the same number of messages gain a new field
(no finding). In the fields shape the fraction applies to fields of the one message.

usage: gen_synthetic.py OUT (--scale S | --shape fields|messages|files|options|lists|imports) [--mutate F]
"""
import argparse
import json
import os
import shutil

LOREM = (
    "Describes a resource of the synthetic benchmark corpus. The text is long enough to "
    "make the lexer skip comments as it does on real schemas, where documentation is a "
    "large part of every file."
)
BUF_YAML = "version: v2\nbreaking:\n  use:\n    - FILE\n"


class Mutator:
    """Decides, per message (or field) index, what NEW does to it."""

    def __init__(self, fraction):
        self.period = max(2, int(round(1 / (2 * fraction)))) if fraction > 0 else 0
        self.counts = {"FIELD_NO_DELETE": 0, "FIELD_SAME_TYPE": 0, "added": 0}

    def kind(self, index):
        if not self.period:
            return None
        r = index % self.period
        if r == self.period // 3:
            return "delete"
        if r == (2 * self.period) // 3:
            return "retype"
        if r == 0:
            return "add"
        return None


def comment(indent, what):
    return "%s// %s %s\n%s// %s\n" % (indent, what, LOREM[:90], indent, LOREM[90:])


def message(out, name, fields, index, mut, new, indent="", nested=True):
    """fields: list of (type, name). Writes one message; returns nothing."""
    kind = mut.kind(index) if mut else None
    fs = list(fields)
    if new and kind == "delete" and len(fs) > 1:
        fs = fs[:-1]
    if new and kind == "retype":
        fs[0] = ("string", fs[0][1])
    out.append(comment(indent, "Message %s." % name))
    out.append("%smessage %s {\n" % (indent, name))
    for i, (t, n) in enumerate(fs, 1):
        out.append(comment(indent + "  ", "Field %s." % n))
        out.append("%s  %s %s = %d;\n" % (indent, t, n, i))
    if new and kind == "add":
        out.append("%s  string added_field = %d;\n" % (indent, len(fields) + 1))
    if nested:
        out.append("%s  // A nested message.\n%s  message Inner {\n" % (indent, indent))
        out.append("%s    string key = 1;\n%s    int32 weight = 2;\n%s  }\n" % (indent, indent, indent))
    out.append("%s}\n\n" % indent)
    if kind and not new:
        if kind == "delete" and len(fields) > 1:
            mut.counts["FIELD_NO_DELETE"] += 1
        elif kind == "retype":
            mut.counts["FIELD_SAME_TYPE"] += 1
        elif kind == "add":
            mut.counts["added"] += 1


def scale_file(pkg, fi, nmsg, mut, new, counter):
    """File fi of package pkg (an int); counter is a one-element list of message indexes."""
    name = "pkg%05d" % pkg
    out = ['syntax = "proto3";\n\n', comment("", "Synthetic file %d of package %s." % (fi, name))]
    out.append("package synth.%s.v1;\n\n" % name)
    imports = []
    if fi > 0:
        imports.append("synth/%s/v1/f%02d.proto" % (name, fi - 1))
        if fi > 1:
            imports.append("synth/%s/v1/f00.proto" % name)
    elif pkg % 10:
        imports.append("synth/pkg%05d/v1/f00.proto" % (pkg - 1))
    for imp in imports:
        out.append('import "%s";\n' % imp)
    out.append('\noption go_package = "example.com/synth/%s/v1;synth";\n' % name)
    out.append('option java_package = "com.example.synth.%s.v1";\n\n' % name)
    out.append(comment("", "Status values."))
    out.append("enum F%02dState {\n  F%02d_STATE_UNSPECIFIED = 0;\n" % (fi, fi))
    for v in ("ACTIVE", "DELETED", "SUSPENDED"):
        out.append("  F%02d_STATE_%s = %d;\n" % (fi, v, ("ACTIVE", "DELETED", "SUSPENDED").index(v) + 1))
    out.append("}\n\n")
    for m in range(nmsg):
        ref = "F%02dM%d" % (fi, m - 1) if m else "F%02dState" % fi
        if fi > 0:
            ref2 = "F%02dM0" % (fi - 1)  # relative name, from the imported file
        elif pkg % 10:
            ref2 = ".synth.pkg%05d.v1.F00M0" % (pkg - 1)  # fully qualified, other package
        else:
            ref2 = "F%02dM%d.Inner" % (fi, m - 1) if m else "string"
        fields = [("int64", "id"), ("string", "display_name"), (ref, "parent"), (ref2, "link")]
        message(out, "F%02dM%d" % (fi, m), fields, counter[0], mut, new)
        counter[0] += 1
    if fi == 0:
        out.append(comment("", "The package's service."))
        out.append("service Service%05d {\n" % pkg)
        out.append("  // Gets one.\n  rpc Get(F00M0) returns (F00M1);\n")
        out.append("  // Lists them.\n  rpc List(F00M1) returns (stream F00M0);\n}\n")
    return "".join(out)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return len(text)


def gen_scale(out, scale, fraction):
    mut = Mutator(fraction)
    packages, files, nmsg = int(round(600 * scale)), 12, 6
    stats = {"files": 0, "bytes": 0, "messages": 0}
    for new in (False, True):
        root = os.path.join(out, "new" if new else "old")
        counter = [0]
        for p in range(packages):
            for fi in range(files):
                n = write(root, "synth/pkg%05d/v1/f%02d.proto" % (p, fi),
                          scale_file(p, fi, nmsg, mut, new, counter))
                if not new:
                    stats["files"] += 1
                    stats["bytes"] += n
        if not new:
            stats["messages"] = counter[0] * 2  # each has a nested Inner
    return mut, stats


def mutated_fields(out, mut, new, count, label, comments):
    """Fields f1..f<count> of one message, the mutator applied to each field (in NEW:
    deleted or retyped to string; in OLD: counted as the finding it will cause)."""
    for i in range(1, count + 1):
        k = mut.kind(i)
        if new and k == "delete":
            continue
        t = "string" if new and k == "retype" else "int64"
        if comments:
            out.append(comment("  ", "Field %d." % i))
        out.append("  %s%s f%d = %d;\n" % (label, t, i, i))
        if not new and k == "delete":
            mut.counts["FIELD_NO_DELETE"] += 1
        elif not new and k == "retype":
            mut.counts["FIELD_SAME_TYPE"] += 1


def gen_shape(out, shape, fraction):
    mut = Mutator(fraction)
    stats = {"files": 0, "bytes": 0, "messages": 0}
    for new in (False, True):
        root = os.path.join(out, "new" if new else "old")
        if shape == "fields":
            # the fraction applies to the fields of the one message
            o = ['syntax = "proto3";\npackage synth.wide.v1;\n\n', comment("", "One wide message.")]
            o.append("message Wide {\n")
            mutated_fields(o, mut, new, 10000, "", True)
            o.append("}\n")
            n = write(root, "synth/wide/v1/wide.proto", "".join(o))
            counts = (1, n, 1)
        elif shape == "messages":
            o = ['syntax = "proto3";\npackage synth.tall.v1;\n\n']
            counter = [0]
            for m in range(5000):
                ref = "M%d" % (m - 1) if m else "string"
                message(o, "M%d" % m, [("int64", "id"), ("string", "name"), (ref, "prev"), ("int32", "rank")],
                        counter[0], mut, new, nested=False)
                counter[0] += 1
            n = write(root, "synth/tall/v1/tall.proto", "".join(o))
            counts = (1, n, 5000)
        elif shape == "options":
            # 20,000 custom file options, each a distinct extension, set on one file
            # (an element's options used to be checked against each other pairwise),
            # next to a message of 100 fields that carries the mutations.
            nopt = 20000
            o = ['syntax = "proto2";\npackage synth.opts.v1;\n\n',
                 'import "google/protobuf/descriptor.proto";\n\n',
                 "extend google.protobuf.FileOptions {\n"]
            o += ["  optional int32 opt%d = %d;\n" % (i, 50000 + i) for i in range(nopt)]
            o.append("}\n\n")
            o += ["option (opt%d) = %d;\n" % (i, i) for i in range(nopt)]
            o.append("\nmessage Carrier {\n")
            mutated_fields(o, mut, new, 100, "optional ", False)
            o.append("}\n")
            n = write(root, "synth/opts/v1/opts.proto", "".join(o))
            counts = (1, n, 1)
        elif shape == "lists":
            # Long lists inside one element, each once checked pairwise or scanned per
            # field: 20,000 reserved numbers, reserved names and extension ranges on a
            # proto2 message, 5,000 proto3 optional fields (synthetic oneofs) on another.
            n = 20000
            o = ['syntax = "proto2";\npackage synth.lists.v1;\n\nmessage Carrier {\n']
            mutated_fields(o, mut, new, 100, "optional ", False)
            # (from 20001: buf 1.75 refuses reserved numbers in 19000-19999, protoc accepts them)
            o += ["  reserved %d;\n" % (20001 + 2 * i) for i in range(n)]
            o += ['  reserved "gone%d";\n' % i for i in range(n)]
            o += ["  extensions %d;\n" % (200001 + 2 * i) for i in range(n)]
            o.append("}\n")
            size = write(root, "synth/lists/v1/lists.proto", "".join(o))
            o = ['syntax = "proto3";\npackage synth.lists.v1;\n\nmessage Optionals {\n']
            o += ["  optional int64 f%d = %d;\n" % (i, i) for i in range(1, 5001)]
            o.append("}\n")
            size += write(root, "synth/lists/v1/optionals.proto", "".join(o))
            counts = (2, size, 2)
        elif shape == "imports":
            # One file importing 10,000 others and using a type of each (imports were
            # checked for duplicates pairwise, and visibility by a scan per lookup).
            n = 10000
            size = 0
            for i in range(n):
                size += write(root, "synth/imports/v1/dep%05d.proto" % i,
                              'syntax = "proto3";\npackage synth.imports.v1;\n\nmessage Dep%d { int64 id = 1; }\n' % i)
            o = ['syntax = "proto3";\npackage synth.imports.v1;\n\n']
            o += ['import "synth/imports/v1/dep%05d.proto";\n' % i for i in range(n)]
            o.append("\nmessage Uses {\n")
            o += ["  Dep%d d%d = %d;\n" % (i, i, 20000 + i) for i in range(n)]
            o.append("}\n\nmessage Carrier {\n")
            mutated_fields(o, mut, new, 100, "", False)
            o.append("}\n")
            size += write(root, "synth/imports/v1/main.proto", "".join(o))
            counts = (n + 1, size, n + 2)
        else:  # files
            n = 0
            counter = [0]
            for fi in range(2000):
                o = ['syntax = "proto3";\npackage synth.broad.v1;\n\n']
                if fi:
                    o.append('import "synth/broad/v1/f%04d.proto";\n\n' % (fi - 1) if fi % 50 else
                             'import "synth/broad/v1/f0000.proto";\n\n')
                for m in range(3):
                    ref = ("F%04dM0" % (fi - 1 if fi % 50 else 0)) if fi else "string"
                    message(o, "F%04dM%d" % (fi, m), [("int64", "id"), ("string", "name"), (ref, "link"),
                                                       ("int32", "rank")], counter[0], mut, new)
                    counter[0] += 1
                n += write(root, "synth/broad/v1/f%04d.proto" % fi, "".join(o))
            counts = (2000, n, 6000)
        if not new:
            stats = dict(zip(("files", "bytes", "messages"), counts))
    return mut, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--scale", type=float)
    g.add_argument("--shape", choices=("fields", "messages", "files", "options", "lists", "imports"))
    ap.add_argument("--mutate", type=float, default=0.01)
    a = ap.parse_args()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    if a.scale is not None:
        mut, stats = gen_scale(a.out, a.scale, a.mutate)
    else:
        mut, stats = gen_shape(a.out, a.shape, a.mutate)
    for side in ("old", "new"):
        write(os.path.join(a.out, side), "buf.yaml", BUF_YAML)
    expected = {"findings": mut.counts["FIELD_NO_DELETE"] + mut.counts["FIELD_SAME_TYPE"],
                "by_rule": {k: v for k, v in mut.counts.items() if k != "added"},
                "added_fields": mut.counts["added"]}
    expected.update(stats)
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(expected, sort_keys=True))


if __name__ == "__main__":
    main()
