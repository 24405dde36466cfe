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

Monorepo mode (--monorepo [N]): a git repository of N files (default 100,000) with a short
history, and --history-step SEED: one random one-commit change on top of it; see the
comment above gen_monorepo.

usage: gen_synthetic.py OUT (--scale S | --shape fields|messages|files|options|lists|imports) [--mutate F]
       gen_synthetic.py OUT --monorepo [N] [--seed S] [--no-checkout]
       gen_synthetic.py OUT --history-step SEED [--staged]
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess

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


# ---------------------------------------------------------------------------------------
# Monorepo mode (--monorepo N): a git repository of N .proto files laid out like a
# company monorepo, and --history-step SEED: one random change on top of it.
#
# Layout (ORG = acme):
#   common/v1/*.proto, common/geo/v1/*.proto, common/auth/v1/*.proto  packages acme.common...:
#       a dozen files imported by a large share of all files (Money, PageRequest, ...)
#   TEAM/team.proto                 package acme.TEAM: AuditInfo, OwnerRef, CostCenter, Labels,
#       referenced from the team's services by relative name (found by walking up the scope)
#   TEAM/SERVICE/vK/NOUN.proto      package acme.TEAM.SERVICE.vK: 5-30 files a package, the
#       last one NOUN_service.proto with the service and its request/response messages
# Imports form a DAG (a file imports only files generated before it): earlier files of its
# package, common files, its team file, files of earlier packages of its team and, rarely,
# of other teams. Type references are written as a user would: relative names within the
# package and to the team types, partially qualified (`common.v1.Money`, `SERVICE.v1.Noun`)
# and fully qualified with or without the leading dot across teams; nested messages and
# enums referenced as `Outer.Inner`. 85% of files are proto3, 10% proto2 (labels, defaults,
# extension ranges, extensions), 5% edition 2023 (features on fields). Cross-file references
# go to messages only (a proto3 file may not use a proto2 enum). Sizes vary from one message
# to a few dozen (5 KB a file on average: 100,000 files are 500 MB).
#
# History: commit 1 has the first 97% of the packages, commit 2 adds the rest, commit 3
# evolves 0.6% of the files (a field added, deleted, or retyped int64 -> string), so
# git:HEAD~1 git:HEAD has a known number of findings right after generation.
# The repository is written with one `git fast-import` stream; the working tree is checked
# out unless --no-checkout. .git/synth.json records what was generated.

ORG = "acme"
TEAM_WORDS = (
    "payments identity search ads maps storage messaging media commerce logistics analytics "
    "security infra support growth fraud catalog pricing shipping inventory travel music video "
    "photos docs calendar contacts health fitness finance insurance lending trading crypto "
    "gaming social notifications devices robotics energy").split()
SERVICE_WORDS = (
    "ledger gateway router indexer crawler ranker planner scheduler tracker broker registry "
    "resolver renderer encoder decoder archiver exporter importer notifier mailer dispatcher "
    "collector aggregator reporter auditor verifier signer issuer minter settler reconciler "
    "allocator balancer limiter throttler cacher replicator syncer watcher prober monitor "
    "alerter pager recorder player streamer uploader transcoder tagger labeler classifier "
    "recommender matcher bidder auctioneer estimator forecaster optimizer solver simulator "
    "translator tokenizer parser validator sanitizer scanner detector reviewer moderator "
    "approver onboarder provisioner deployer builder tester packager publisher subscriber "
    "emitter consumer producer reader writer loader fetcher poller").split()
NOUNS = (
    "account invoice payment refund charge transfer balance statement receipt voucher order "
    "cart checkout shipment parcel carrier route stop depot vehicle driver customer merchant "
    "vendor supplier product variant listing offer bundle coupon campaign audience segment "
    "creative placement budget bid auction impression click conversion session device token "
    "credential policy role grant permission tenant project workspace folder document page "
    "section comment thread reaction message channel member invite event ticket incident alert "
    "metric series sample trace span report dashboard widget query filter index shard replica "
    "snapshot backup volume bucket blob chunk manifest release build artifact job task step "
    "worker queue lease lock quota plan subscription license contract claim case appointment "
    "schedule slot booking venue seat fare itinerary traveler review rating badge profile "
    "avatar album track playlist episode feed story post media asset frame clip caption").split()
SUFFIXES = ("", "Spec", "Summary", "Event", "Filter", "Ref", "Metadata", "Config", "Snapshot",
            "Change", "Stats", "Options", "Record", "History", "Link", "Quota", "Usage", "Rule",
            "Policy", "Draft", "Template", "Export", "Digest", "Window", "Bundle", "Notice")
NESTED_MSGS = ("Entry", "Detail", "Part", "Constraint", "Revision", "Attempt")
NESTED_ENUMS = ("Kind", "Mode", "Phase")
TEAM_TYPES = ("AuditInfo", "OwnerRef", "CostCenter", "Labels")
SCALARS = ("int32", "int64", "uint32", "uint64", "string", "string", "string", "bool", "double",
           "float", "bytes", "sint64", "fixed64")
WORDS = (LOREM + " It is kept for compatibility with older clients and must not be reused, "
         "see the design document of the owning team for the semantics of each value.").split()
COMMON_FILES = (  # path, package, messages; weight = how often an importer picks it
    ("common/v1/money.proto", "common.v1", ("Money", "PriceRange", "ExchangeRate"), 10),
    ("common/v1/paging.proto", "common.v1", ("PageRequest", "PageResponse", "SortOrder"), 8),
    ("common/v1/resource.proto", "common.v1", ("ResourceName", "Etag", "ResourceState"), 8),
    ("common/v1/time.proto", "common.v1", ("Interval", "DateRange", "TimeOfDay"), 6),
    ("common/v1/errors.proto", "common.v1", ("ErrorDetail", "RetryInfo", "QuotaFailure"), 4),
    ("common/v1/types.proto", "common.v1", ("Decimal", "Fraction", "Color"), 3),
    ("common/geo/v1/geo.proto", "common.geo.v1", ("LatLng", "Viewport", "PostalAddress"), 3),
    ("common/geo/v1/region.proto", "common.geo.v1", ("Region", "TimeZone", "Locale"), 2),
    ("common/auth/v1/principal.proto", "common.auth.v1", ("Principal", "ServiceAccount", "Scope"), 3),
    ("common/auth/v1/token.proto", "common.auth.v1", ("AccessToken", "TokenInfo", "Claim"), 2),
    ("common/v1/audit.proto", "common.v1", ("AuditTrail", "ActorRef", "Reason"), 2),
    ("common/v1/labels.proto", "common.v1", ("LabelSet", "Annotation", "Selector"), 2),
)
AUTHOR = "Synth Bench <synth@example.com>"


class MFile:
    """What importers need to know of a generated file."""
    __slots__ = ("path", "pkg", "syntax", "msgs", "team", "pkgidx")

    def __init__(self, path, pkg, syntax, msgs, team, pkgidx):
        self.path, self.pkg, self.syntax, self.msgs, self.team, self.pkgidx = path, pkg, syntax, msgs, team, pkgidx


def camel_words(s):
    return "".join(w.capitalize() for w in s.split("_"))


def upper_snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.upper())
    return "".join(out)


class MonoWriter:
    """Text of one file, with the syntax's rules for labels and presence."""

    def __init__(self, rng, syntax):
        self.rng, self.syntax, self.out = rng, syntax, []

    def doc(self, indent, chance=0.5):
        r = self.rng.random()
        if r < chance:  # r / chance is uniform in [0, 1): it picks the comment too
            pool = DOC_POOL.get(indent) or doc_pool(indent)
            self.out.append(pool[int(r / chance * len(pool))])

    def field(self, indent, typ, name, num, scalar, repeated=False):
        x = self.rng.random()  # one draw for label, options and comment
        s = self.syntax
        label, opts = "", ""
        if repeated:
            label = "repeated "
        elif s == "proto2":
            label = "required " if x < 0.03 else "optional "
            if scalar and 0.5 < x < 0.6 and typ in ("int32", "int64", "uint32"):
                opts = " [default = %d]" % int(x * 1000 % 97 + 1)
        elif s == "proto3":
            if scalar and 0.2 < x < 0.3:
                label = "optional "
        elif scalar and 0.3 < x < 0.45:  # edition 2023: explicit presence by default
            opts = " [features.field_presence = IMPLICIT]"
        if 0.9 < x < 0.93:
            opts = opts[:-1] + ", deprecated = true]" if opts else " [deprecated = true]"
        if x > 0.6:  # x in (0.6, 1) is uniform: 40% of fields have a comment
            pool = DOC_POOL.get(indent) or doc_pool(indent)
            self.out.append(pool[int((x - 0.6) / 0.4 * len(pool))])
        self.out.append("%s%s%s %s = %d%s;\n" % (indent, label, typ, name, num, opts))

    def enum(self, indent, name, prefix, nvals):
        self.doc(indent, 0.6)
        self.out.append("%senum %s {\n" % (indent, name))
        self.out.append("%s  %s_UNSPECIFIED = 0;\n" % (indent, prefix))
        for i in range(1, nvals):
            self.out.append("%s  %s_%s = %d;\n" % (indent, prefix, FIELD_WORDS[i % len(FIELD_WORDS)].upper(), i))
        self.out.append("%s}\n" % indent)


DOC_POOL = {}


def doc_pool(indent):
    """Comment blocks of 6 to 40 words, precomputed (building them per element was most
    of the generator's time)."""
    pool = []
    for k in range(400):
        n = (6, 10, 14, 24, 40)[k % 5]
        start = (k * 37) % len(WORDS)
        words = [WORDS[(start + i) % len(WORDS)] for i in range(n)]
        pool.append("".join("%s// %s\n" % (indent, " ".join(words[i:i + 12])) for i in range(0, n, 12)))
    DOC_POOL[indent] = pool
    return pool


FIELD_WORDS = ("name id display_name state create_time update_time owner parent kind value "
               "count size priority weight score region zone label note title description "
               "amount currency quantity status reason source target version revision etag "
               "deadline timeout endpoint uri checksum format language category tier level").split()


def mono_message(w, name, fi_refs, nested_ok):
    """One top-level message; fi_refs: candidate non-scalar types (already resolvable)."""
    r = w.rng
    w.doc("", 0.7)
    w.out.append("message %s {\n" % name)
    local = []
    if nested_ok and r.random() < 0.3:
        nm = r.choice(NESTED_MSGS)
        w.out.append("  message %s {\n" % nm)
        for k in range(1, r.randint(2, 5)):
            w.field("    ", r.choice(SCALARS), FIELD_WORDS[(k * 7) % len(FIELD_WORDS)], k, True)
        w.out.append("  }\n")
        local.append(nm)
    if nested_ok and r.random() < 0.2:
        en = r.choice(NESTED_ENUMS)
        w.enum("  ", en, upper_snake(en), r.randint(2, 6))
        local.append(en)
    nfields = r.choice((2, 3, 4, 5, 6, 8, 10, 12, 16, 24))
    used = set()
    num = 1
    nw, ns, nr, nl = len(FIELD_WORDS), len(SCALARS), len(fi_refs), len(local)
    rnd = r.random
    for k in range(nfields):
        y = rnd()  # one draw picks the name and the type
        fname = FIELD_WORDS[int(y * nw)]
        if fname in used:
            fname = "%s_%d" % (fname, k)
        used.add(fname)
        x = rnd()
        if x < 0.45 or not (nr or nl):
            w.field("  ", SCALARS[int(y * 7919) % ns], fname, num, True, repeated=x < 0.036)
        elif x < 0.55 and nl:
            w.field("  ", local[int(y * 7919) % nl], fname, num, False, repeated=x < 0.47)
        elif x < 0.6 and w.syntax != "proto2" and nr:
            w.doc("  ", 0.3)
            w.out.append("  map<string, %s> %s = %d;\n" % (fi_refs[int(y * 7919) % nr], fname, num))
        elif nr:
            w.field("  ", fi_refs[int(y * 7919) % nr], fname, num, False, repeated=x > 0.94)
        else:
            w.field("  ", SCALARS[int(y * 7919) % ns], fname, num, True)
        num += 1
    if w.syntax != "proto2" and r.random() < 0.1:
        w.out.append("  oneof choice {\n    string choice_text = %d;\n    int64 choice_number = %d;\n  }\n" % (num, num + 1))
        num += 2
    if r.random() < 0.1:
        w.out.append("  reserved %d, %d;\n" % (num + 3, num + 5))
    ext = w.syntax == "proto2" and r.random() < 0.2
    if ext:
        w.out.append("  extensions 1000 to 1999;\n")
    w.out.append("}\n\n")
    return ext


def mono_header(w, pkg, imports, pkgdir):
    if w.syntax == "editions":
        w.out.append('edition = "2023";\n\n')
    else:
        w.out.append('syntax = "%s";\n\n' % w.syntax)
    w.doc("", 0.6)
    w.out.append("package %s.%s;\n\n" % (ORG, pkg))
    for imp in imports:
        w.out.append('import "%s";\n' % imp)
    if imports:
        w.out.append("\n")
    w.out.append('option go_package = "example.com/%s/gen/%s;%s";\n' % (ORG, pkgdir, pkg.split(".")[-2] if "." in pkg else pkg))
    w.out.append('option java_package = "com.%s.%s";\n' % (ORG, pkg))
    w.out.append("option java_multiple_files = true;\n\n")


def ref_from(cur_pkg, f, name):
    """How a file of package cur_pkg names message `name` of file f."""
    if f.pkg == cur_pkg:
        return name
    if f.pkg.startswith("common."):
        return "%s.%s" % (f.pkg, name)  # common.v1.Money: partly qualified
    if f.pkgidx is None:  # a team file: acme.TEAM, found by walking up the scope
        return name
    cur_team = cur_pkg.split(".")[0]
    if f.team == cur_team:
        return "%s.%s" % (".".join(f.pkg.split(".")[1:]), name)  # SERVICE.vK.Name
    return ("." if len(name) % 2 else "") + "%s.%s.%s" % (ORG, f.pkg, name)


class Mono:
    def __init__(self, nfiles, seed):
        self.n, self.rng = nfiles, random.Random(seed)
        self.files = []  # MFile, in generation (= DAG) order
        self.stats = {"files": 0, "bytes": 0, "packages": 0, "proto2": 0, "editions": 0}

    def plan(self):
        """The package list: (team, service, version, nfiles), ~n files in all."""
        r = self.rng
        nteams = max(3, min(len(TEAM_WORDS) * 3, round(self.n / 2500)))
        teams = [TEAM_WORDS[i % len(TEAM_WORDS)] + ("" if i < len(TEAM_WORDS) else str(i // len(TEAM_WORDS)))
                 for i in range(nteams)]
        left = self.n - len(COMMON_FILES) - nteams
        pkgs = []
        svc_used = {t: 0 for t in teams}
        while left > 0:
            t = teams[len(pkgs) % nteams] if r.random() < 0.7 else r.choice(teams)
            k = svc_used[t]
            svc_used[t] += 1
            svc = SERVICE_WORDS[k % len(SERVICE_WORDS)] + ("" if k < len(SERVICE_WORDS) else str(k // len(SERVICE_WORDS)))
            versions = ["v1"] + (["v2"] if r.random() < 0.3 else []) + (["v1alpha"] if r.random() < 0.1 else [])
            for v in versions:
                nf = min(left, max(5, min(30, int(r.lognormvariate(2.5, 0.45)))))
                if left - nf < 5:
                    nf = left
                pkgs.append((t, svc, v, nf))
                left -= nf
                if left <= 0:
                    break
        return teams, pkgs

    def gen_file(self, path, pkg, syntax, imports, refs, nmsg, noun, service=None):
        """Text of one file and its top-level messages. refs: how this file names messages
        of the files it imports; service: the name of the package's service, in its last file."""
        r = self.rng
        w = MonoWriter(r, syntax)
        pkgdir = os.path.dirname(path)
        mono_header(w, pkg, imports, pkgdir)
        base = camel_words(noun)
        names = []
        suf = list(SUFFIXES)
        r.shuffle(suf)
        suf.remove("")
        suf.insert(0, "")
        for i in range(min(nmsg, len(suf))):
            names.append(base + suf[i])
        if r.random() < 0.5 or service:
            en = base + "State"
            w.enum("", en, upper_snake(en), r.randint(3, 7))
            w.out.append("\n")
            own = [en]
        else:
            own = []
        extendable = []
        for i, name in enumerate(names):
            if mono_message(w, name, refs + own, True):
                extendable.append(name)
            own.append(name)
        if extendable and r.random() < 0.5:
            w.out.append("extend %s {\n  optional string %s_note = 1000;\n}\n\n" % (extendable[0], noun))
        if service:
            rpcs = []
            for i, name in enumerate(names[:6]):
                req, resp = "Get%sRequest" % name, "Get%sResponse" % name
                w.out.append("message %s {\n  string name = 1;\n}\n\nmessage %s {\n  %s %s = 1;\n}\n\n"
                             % (req, resp, name, noun + "_" + str(i)))
                rpcs.append((name, req, resp))
            w.doc("", 0.9)
            w.out.append("service %s {\n" % service)
            for name, req, resp in rpcs:
                w.doc("  ", 0.5)
                w.out.append("  rpc Get%s(%s) returns (%s);\n" % (name, req, resp))
            w.out.append("}\n")
        text = "".join(w.out)
        return text, names

    def evolve(self, text, kind):
        """The evolved version of text: its last message (at top level, column 0) gains a
        field, loses its last field, or has its first int64 field become string."""
        lines = text.split("\n")
        starts = [i for i, l in enumerate(lines) if l.startswith("message ")]
        if not starts:
            return None
        s = starts[-1]
        e = next(i for i in range(s, len(lines)) if lines[i] == "}")
        fields = [i for i in range(s + 1, e) if re.match(r"^  (repeated )?[\w.]+ \w+ = \d+", lines[i])]
        if kind == "retype":  # the first int64 field of the last message that has one
            fields = [i for i in range(starts[0], len(lines)) if lines[i].startswith("  int64 ")][-1:]
        if kind == "add":
            nums = [int(x) for x in re.findall(r"= (\d+)", "\n".join(lines[s:e]))] or [0]
            label = "optional " if text.startswith('syntax = "proto2"') else ""
            lines.insert(e, "  %sstring evolved_note = %d;" % (label, max(nums) + 100))
        elif kind == "delete":
            if len(fields) < 2:
                return None
            del lines[fields[-1]]
        else:
            if not fields:
                return None
            lines[fields[0]] = lines[fields[0]].replace("int64 ", "string ", 1)
        return "\n".join(lines)


def fi_stream_file(out, path, text):
    data = text.encode()
    out.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
    out.write(data)
    out.write(b"\n")


def fi_commit(out, msg, when):
    m = msg.encode()
    out.write(b"commit refs/heads/main\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n%s\n"
              % (AUTHOR.encode(), when, AUTHOR.encode(), when, len(m), m))


def git(repo, *args, inp=None, env=None):
    e = dict(os.environ, GIT_AUTHOR_NAME="Synth Bench", GIT_AUTHOR_EMAIL="synth@example.com",
             GIT_COMMITTER_NAME="Synth Bench", GIT_COMMITTER_EMAIL="synth@example.com")
    if env:
        e.update(env)
    p = subprocess.run(["git", "-C", repo] + list(args), input=inp, stdout=subprocess.PIPE, env=e, check=True)
    return p.stdout


def gen_monorepo(out, nfiles, seed, checkout):
    m = Mono(nfiles, seed)
    r = m.rng
    teams, pkgs = m.plan()
    os.makedirs(out)
    git(out, "init", "-q", "-b", "main")
    for k, v in (("gc.auto", "0"), ("core.compression", "1"), ("core.untrackedCache", "true"), ("user.name", "Synth Bench"),
                 ("user.email", "synth@example.com")):
        git(out, "config", k, v)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    s = fi.stdin
    t0 = 1700000000
    fi_commit(s, "Initial import of the schemas", t0)
    fi_stream_file(s, "buf.yaml", BUF_YAML)
    hold_from = int(len(pkgs) * 0.97)
    evolved = []  # (path, text) for commit 3
    counts = {"FIELD_NO_DELETE": 0, "FIELD_SAME_TYPE": 0, "added": 0}

    def emit(path, text):
        fi_stream_file(s, path, text)
        m.stats["files"] += 1
        m.stats["bytes"] += len(text)
        x = r.random()
        if x < 0.006:
            kind = ("add", "delete", "retype")[int(x / 0.002)]
            t2 = m.evolve(text, kind)
            if t2 is not None:
                evolved.append((path, t2))
                counts[{"add": "added", "delete": "FIELD_NO_DELETE", "retype": "FIELD_SAME_TYPE"}[kind]] += 1

    common = []
    for path, pkg, msgs, weight in COMMON_FILES:
        prev = [f for f in common if f.pkg == pkg]
        imports = [prev[-1].path] if prev else []
        refs = [ref_from(pkg, f, n) for f in prev[-1:] for n in f.msgs]
        w = MonoWriter(r, "proto3")
        mono_header(w, pkg, imports, os.path.dirname(path))
        for name in msgs:
            mono_message(w, name, refs, False)
        text = "".join(w.out)
        emit(path, text)
        common.append(MFile(path, pkg, "proto3", msgs, None, None))
    cweights = [c[3] for c in COMMON_FILES]
    teamfile = {}
    for t in teams:
        path = "%s/team.proto" % t
        imports = [common[0].path]
        w = MonoWriter(r, "proto3")
        mono_header(w, t, imports, t)
        for name in TEAM_TYPES:
            mono_message(w, name, ["common.v1.Money"], False)
        emit(path, "".join(w.out))
        teamfile[t] = MFile(path, t, "proto3", TEAM_TYPES, t, None)
    team_files = {t: [] for t in teams}  # files of the team's earlier packages
    all_files = []
    for pi, (t, svc, v, nf) in enumerate(pkgs):
        if pi == hold_from:
            fi_commit(s, "Add %d more packages" % (len(pkgs) - hold_from), t0 + 86400)
        pkg = "%s.%s.%s" % (t, svc, v)
        pdir = "%s/%s/%s" % (t, svc, v)
        nouns = r.sample(NOUNS, min(nf, len(NOUNS)))
        while len(nouns) < nf:
            nouns.append("%s%d" % (r.choice(NOUNS), len(nouns)))
        mine = []
        for k in range(nf):
            service = None
            noun = nouns[k]
            if k == nf - 1:
                noun = svc + "_api"
                service = camel_words(svc) + ("Service" if v == "v1" else camel_words(v) + "Service")
            path = "%s/%s.proto" % (pdir, noun)
            x = r.random()
            syntax = "proto3" if x < 0.85 or service else ("proto2" if x < 0.95 else "editions")
            deps = []
            if mine:
                deps += r.sample(mine, min(len(mine), 1 + (k > 3) + (k > 10)))
                if service:
                    deps = mine[-min(len(mine), 6):]
            if r.random() < 0.6:
                deps.append(r.choices(common, cweights)[0])
            if r.random() < 0.5:
                deps.append(teamfile[t])
            if team_files[t] and r.random() < 0.3:
                deps.append(r.choice(team_files[t][-300:]))
            if all_files and r.random() < 0.08:
                deps.append(r.choice(all_files[-2000:]))
            seen = set()
            deps = [d for d in deps if not (d.path in seen or seen.add(d.path))]
            refs = []
            for d in deps:
                names = list(d.msgs)
                for name in r.sample(names, min(len(names), 3)):
                    refs.append(ref_from(pkg, d, name))
            size = r.random()
            nmsg = r.randint(1, 2) if size < 0.35 else r.randint(3, 6) if size < 0.8 else r.randint(7, 14) if size < 0.97 else r.randint(15, 25)
            text, names = m.gen_file(path, pkg, syntax, [d.path for d in deps], refs, nmsg, noun, service)
            emit(path, text)
            m.stats[syntax] = m.stats.get(syntax, 0) + 1
            f = MFile(path, pkg, syntax, names, t, pi)
            mine.append(f)
        team_files[t].extend(mine)
        all_files.extend(mine)
    m.stats["packages"] = len(pkgs)
    m.stats["teams"] = len(teams)
    fi_commit(s, "Evolve %d schemas" % len(evolved), t0 + 2 * 86400)
    for path, text in evolved:
        fi_stream_file(s, path, text)
    s.write(b"done\n")
    s.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    git(out, "symbolic-ref", "HEAD", "refs/heads/main")
    if checkout:
        git(out, "read-tree", "-u", "--reset", "HEAD")
    else:  # marked skip-worktree, so that git status does not list every file as deleted
        git(out, "read-tree", "--reset", "HEAD")
        git(out, "update-index", "-z", "--skip-worktree", "--stdin", inp=git(out, "ls-files", "-z"))
    info = dict(m.stats, seed=seed, commits=3, checkout=checkout,
                head1_head={"findings": counts["FIELD_NO_DELETE"] + counts["FIELD_SAME_TYPE"],
                            "by_rule": {k: v for k, v in counts.items() if k != "added"},
                            "added_fields": counts["added"]})
    with open(os.path.join(out, ".git", "synth.json"), "w") as f:
        json.dump(info, f, indent=1, sort_keys=True)
        f.write("\n")
    return info


# --- --history-step SEED: one random change on top of the index of a monorepo ----------
# Reads the staged version (the index), makes one change a developer could make in one
# commit, and stages it (and writes it to the working tree when the repository has one);
# commits it unless --staged. Kinds:
#   edit    one file: a field added, deleted, retyped, renamed, an enum value added, or a
#           comment changed (a tenth of the time in one of the widely imported common files)
#   add     a new file in an existing package, importing files of that package
#   delete  a file that no file imports
#   move    a file that no file imports, to another package of the same team: its path and
#           package change, names it took from its old package are fully qualified
#   shadow  a message named like a team type (AuditInfo, ...) added to a file of a service
#           package that another file of that package imports and references the team type
#           from by relative name: that reference now resolves to the new message, so an
#           unchanged file gets findings
TYPE_LINE = re.compile(r"^(\s+)(repeated |optional |required )?([\w.]+) (\w+) = (\d+)")
TOP_DECL = re.compile(r"^(?:message|enum) (\w+)", re.M)


class Index:
    def __init__(self, repo):
        self.repo = repo
        self.entries = {}
        for rec in git(repo, "ls-files", "-s", "-z").split(b"\0"):
            if not rec:
                continue
            meta, path = rec.split(b"\t", 1)
            mode, sha, stage = meta.split()
            self.entries[path.decode()] = sha.decode()
        self.protos = sorted(p for p in self.entries if p.endswith(".proto"))
        self.writes, self.removes = {}, []
        self._imported = None

    def text(self, path):
        if path in self.writes:
            return self.writes[path]
        return git(self.repo, "cat-file", "blob", self.entries[path]).decode()

    def package_files(self, d):
        return [p for p in self.protos if os.path.dirname(p) == d]

    def imported(self):
        if self._imported is None:
            out = git(self.repo, "grep", "--cached", "-h", "-o", "-E", '^import "[^"]+"', "--", "*.proto")
            self._imported = {l[8:-1] for l in out.decode().splitlines()}
        return self._imported

    def names(self, files):
        s = set()
        for p in files:
            s.update(TOP_DECL.findall(self.text(p)))
        return s


def package_of(text):
    m = re.search(r"^package ([\w.]+);", text, re.M)
    return m.group(1) if m else ""


def syntax_of(text):
    return "editions" if text.startswith("edition") else ("proto2" if '"proto2"' in text.split("\n", 1)[0] else "proto3")


def top_messages(lines):
    """(start, end) line indexes of the top-level messages."""
    out = []
    for i, l in enumerate(lines):
        if l.startswith("message "):
            e = next((j for j in range(i, len(lines)) if lines[j] == "}"), None)
            if e is not None:
                out.append((i, e))
    return out


def free_number(block):
    nums = [int(x) for x in re.findall(r"(?<![\w.])(\d+)(?![\w.])", "\n".join(block))] or [0]
    n = max(nums) + 1
    return n if not 1000 <= n <= 1999 else 2000


def step_edit(ix, r, seed):
    common = [p for p in ix.protos if p.startswith("common/")]
    path = r.choice(common) if common and r.random() < 0.1 else r.choice(ix.protos)
    text = ix.text(path)
    syn = syntax_of(text)
    lines = text.split("\n")
    msgs = top_messages(lines)
    sub = r.choice(("add_field", "delete_field", "retype", "rename", "enum_value", "comment"))
    order = [sub] + [k for k in ("delete_field", "retype", "rename", "enum_value", "comment", "add_field") if k != sub]
    r.shuffle(msgs)
    for sub in order:
        for s, e in msgs:
            fields = [i for i in range(s + 1, e) if TYPE_LINE.match(lines[i]) and lines[i].startswith("  ")
                      and not lines[i].startswith("   ")]
            if sub == "add_field":
                label = "optional " if syn == "proto2" else ""
                lines.insert(e, "  %sstring note_s%d = %d;" % (label, seed, free_number(lines[s:e])))
                expect = "no finding (a field added)"
            elif sub == "delete_field":
                c = [i for i in fields if "required " not in lines[i] and not (syn == "proto3" and "optional " in lines[i])]
                if len(fields) < 2 or not c:
                    continue
                del lines[c[-1]]
                expect = "FIELD_NO_DELETE"
            elif sub == "retype":
                c = [i for i in fields if re.match(r"^  (optional |required )?int(32|64) ", lines[i]) and "default" not in lines[i]]
                if not c:
                    continue
                i = r.choice(c)
                lines[i] = re.sub(r"int(32|64) ", "string ", lines[i], count=1)
                expect = "FIELD_SAME_TYPE"
            elif sub == "rename":
                if not fields:
                    continue
                i = r.choice(fields)
                m = TYPE_LINE.match(lines[i])
                lines[i] = lines[i][:m.start(4)] + m.group(4) + "_renamed" + lines[i][m.end(4):]
                expect = "FIELD_SAME_NAME (and FIELD_SAME_JSON_NAME)"
            elif sub == "enum_value":
                en = [i for i, l in enumerate(lines) if l.startswith("enum ")]
                if not en:
                    break
                i = r.choice(en)
                e2 = next(j for j in range(i, len(lines)) if lines[j] == "}")
                prefix = re.match(r"^  (\w+)_UNSPECIFIED = 0;", lines[i + 1])
                if not prefix:
                    break
                lines.insert(e2, "  %s_ADDED_S%d = %d;" % (prefix.group(1), seed, free_number(lines[i:e2])))
                expect = "no finding (an enum value added)"
            else:
                c = [i for i in range(len(lines)) if lines[i].lstrip().startswith("// ")]
                if not c:
                    break
                i = r.choice(c)
                lines[i] = lines[i] + " (revised)"
                expect = "no finding (a comment changed)"
            ix.writes[path] = "\n".join(lines)
            return {"kind": "edit", "sub": sub, "paths": [path], "expect": expect}
    raise SystemExit("no edit possible in %s" % path)


def service_packages(ix):
    return sorted({os.path.dirname(p) for p in ix.protos if p.count("/") == 3})


def step_add(ix, r, seed):
    d = r.choice(service_packages(ix))
    files = ix.package_files(d)
    names = ix.names(files)
    pkg = package_of(ix.text(files[0]))
    for noun in r.sample(NOUNS, len(NOUNS)):
        base = camel_words(noun) + "Item"
        path = "%s/%s_item.proto" % (d, noun)
        if path not in ix.entries and not any(n.startswith(base) for n in names):
            break
    deps = r.sample(files, min(len(files), 2))
    refs = []
    for p in deps:
        t = ix.text(p)
        if package_of(t) == pkg:
            refs += re.findall(r"^message (\w+)", t, re.M)[:3]
        else:
            deps.remove(p)
    w = MonoWriter(r, "proto3")
    mono_header(w, pkg[len(ORG) + 1:], deps, d)
    w.enum("", base + "State", upper_snake(base + "State"), 3)
    w.out.append("\n")
    mono_message(w, base, refs + [base + "State"], True)
    mono_message(w, base + "Spec", refs + [base], True)
    ix.writes[path] = "".join(w.out)
    return {"kind": "add", "paths": [path], "expect": "no finding (a file added)"}


def step_delete(ix, r, seed):
    c = [p for p in ix.protos if p not in ix.imported()]
    path = r.choice(c)
    ix.removes.append(path)
    return {"kind": "delete", "paths": [path], "expect": "FILE_NO_DELETE"}


def qualify_types(text, fn):
    """text with every type name in a type position replaced by fn(name)."""
    out = []
    for l in text.split("\n"):
        m = TYPE_LINE.match(l)
        if m:
            l = l[:m.start(3)] + fn(m.group(3)) + l[m.end(3):]
        elif "map<" in l:
            l = re.sub(r"(map<\w+, )([\w.]+)>", lambda mm: mm.group(1) + fn(mm.group(2)) + ">", l)
        elif l.lstrip().startswith("rpc "):
            l = re.sub(r"\((stream )?([\w.]+)\)", lambda mm: "(" + (mm.group(1) or "") + fn(mm.group(2)) + ")", l)
        elif l.startswith("extend "):
            l = re.sub(r"^extend ([\w.]+)", lambda mm: "extend " + fn(mm.group(1)), l)
        out.append(l)
    return "\n".join(out)


def step_move(ix, r, seed):
    pk = service_packages(ix)
    c = [p for p in ix.protos if p not in ix.imported() and p.count("/") == 3]
    for _ in range(20):
        path = r.choice(c)
        d = os.path.dirname(path)
        team = d.split("/")[0]
        targets = [x for x in pk if x.split("/")[0] == team and x != d]
        if not targets:
            continue
        td = r.choice(targets)
        text = ix.text(path)
        old_pkg = package_of(text)
        tfiles = ix.package_files(td)
        new_pkg = package_of(ix.text(tfiles[0]))
        own = set(TOP_DECL.findall(text))
        newpath = "%s/%s" % (td, os.path.basename(path))
        if newpath in ix.entries or own & ix.names(tfiles):
            continue
        theirs = ix.names(p for p in ix.package_files(d) if p != path) - own
        text = qualify_types(text, lambda t: ".%s.%s" % (old_pkg, t) if t.split(".")[0] in theirs else t)
        text = re.sub(r"^package [\w.]+;", "package %s;" % new_pkg, text, count=1, flags=re.M)
        text = text.replace('option java_package = "com.%s";' % old_pkg, 'option java_package = "com.%s";' % new_pkg)
        text = re.sub(r'option go_package = "[^"]*";', 'option go_package = "example.com/%s/gen/%s;%s";'
                      % (ORG, td, td.split("/")[1]), text)
        ix.removes.append(path)
        ix.writes[newpath] = text
        return {"kind": "move", "paths": [path, newpath], "from": old_pkg, "to": new_pkg,
                "expect": "FILE_NO_DELETE for the old path (the new path is an added file)"}
    return None


def step_shadow(ix, r, seed):
    pat = r"^  (repeated |optional |required )?(%s) |map<\w+, (%s)>" % ("|".join(TEAM_TYPES), "|".join(TEAM_TYPES))
    out = git(ix.repo, "grep", "--cached", "-l", "-E", pat, "--", "*/*/*/*.proto").decode().split()
    cands = sorted(p for p in out if p in ix.entries)
    r.shuffle(cands)
    for path in cands[:50]:
        text = ix.text(path)
        pkg = package_of(text)
        used = sorted(set(re.findall(r"^  (?:repeated |optional |required )?(%s) " % "|".join(TEAM_TYPES), text, re.M)))
        d = os.path.dirname(path)
        imps = [p for p in re.findall(r'^import "([^"]+)";', text, re.M) if os.path.dirname(p) == d and p in ix.entries]
        if not used or not imps:
            continue
        target = r.choice(imps)
        if package_of(ix.text(target)) != pkg:
            continue
        name = r.choice(used)
        if name in ix.names(ix.package_files(d)):
            continue
        t = ix.text(target).rstrip("\n") + "\n\n"
        label = "optional " if syntax_of(t) == "proto2" else ""
        t += ("// A %s of this package (shadows the team's for relative names).\nmessage %s {\n  %sstring id = 1;\n}\n"
              % (name, name, label))
        ix.writes[target] = t
        return {"kind": "shadow", "paths": [target], "name": name, "package": pkg, "referenced_from": path,
                "expect": "FIELD_SAME_TYPE in files of %s that import %s and name %s" % (pkg, target, name)}
    return None


def history_step(repo, seed, staged):
    r = random.Random(seed)
    ix = Index(repo)
    kind = r.choices(("edit", "add", "delete", "move", "shadow"), (35, 15, 15, 15, 20))[0]
    fn = {"edit": step_edit, "add": step_add, "delete": step_delete, "move": step_move, "shadow": step_shadow}[kind]
    res = fn(ix, r, seed) or step_edit(ix, r, seed)
    lines = []
    for path, text in sorted(ix.writes.items()):
        sha = git(repo, "hash-object", "-w", "--stdin", inp=text.encode()).decode().strip()
        lines.append("100644 %s\t%s" % (sha, path))
    for path in ix.removes:
        lines.append("0 %s\t%s" % ("0" * 40, path))
    git(repo, "update-index", "--index-info", inp=("\n".join(lines) + "\n").encode())
    try:
        with open(os.path.join(repo, ".git", "synth.json")) as f:
            checkout = json.load(f).get("checkout", True)
    except OSError:
        checkout = True
    if checkout:
        for path in ix.removes:
            if os.path.exists(os.path.join(repo, path)):
                os.remove(os.path.join(repo, path))
        if ix.writes:
            git(repo, "checkout-index", "-f", "-u", "--", *sorted(ix.writes))
    elif ix.writes:
        git(repo, "update-index", "--skip-worktree", "--", *sorted(ix.writes))
    desc = "%s %s (step %d)" % (res["kind"], " -> ".join(res["paths"]), seed)
    if not staged:
        n = int(git(repo, "rev-list", "--count", "HEAD").decode())
        when = "%d +0000" % (1700000000 + 3 * 86400 + 60 * n)
        git(repo, "commit", "-q", "--no-verify", "-m", desc, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    res["staged"] = staged
    res["seed"] = seed
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--scale", type=float)
    g.add_argument("--shape", choices=("fields", "messages", "files", "options", "lists", "imports"))
    g.add_argument("--monorepo", type=int, nargs="?", const=100000, metavar="N",
                   help="a git repository of N .proto files (default 100,000) in OUT")
    g.add_argument("--history-step", type=int, metavar="SEED",
                   help="one random change on top of the monorepo OUT, committed (or staged: --staged)")
    ap.add_argument("--mutate", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1, help="monorepo: the generator's seed")
    ap.add_argument("--no-checkout", action="store_true", help="monorepo: fill the index but not the working tree")
    ap.add_argument("--staged", action="store_true", help="history step: stage the change, do not commit it")
    a = ap.parse_args()
    if a.history_step is not None:
        print(json.dumps(history_step(a.out, a.history_step, a.staged), sort_keys=True))
        return
    if a.monorepo is not None:
        if os.path.exists(a.out):
            shutil.rmtree(a.out)
        print(json.dumps(gen_monorepo(a.out, a.monorepo, a.seed, not a.no_checkout), sort_keys=True))
        return
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
