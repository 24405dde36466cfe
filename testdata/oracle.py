"""The direction oracle (issue 11 part 2): does data really break the way protocompat
says it does?

For one case (a directory with old/ and new/ descriptor sets given on the command line
and protocompat's findings as JSON lines), every message of OLD and NEW paired by full
name gets sample messages written by one side and read by the other, in binary and in
ProtoJSON, with Debian's python3-protobuf (4.21, the C++ runtime underneath):

  backward: OLD writes, NEW reads;   forward: NEW writes, OLD reads.

A direction breaks for an audience (wire: binary; json: ProtoJSON) when some sample is
rejected by the reader (a parse error, or a required field missing: Python's parsers
leave that check to IsInitialized(), which C++'s ParseFromString, JsonStringToMessage
and Java's build() make; the oracle calls it) or read back with another value for a
field the two sides share by number (lost to unknown fields, truncated, sign-changed,
last-one-wins, merged, or another default).

What the writers set: every field the writer has, except, for a NEW writer, fields that
OLD has no counterpart for by number or by name (additions are not breaking changes for
any checker, although a ProtoJSON reader rejects their unknown keys). Values are chosen
to exercise changes: type extremes (-1, 2^31-1, 2^63-1, 2^64-1, 1e300), two elements in
repeated fields and maps (a singular reader keeps one), repeated entries with a repeated
key (a map reader keeps one), every member of a oneof in turn while all other fields are
set (a field moved into a oneof meets the others), enum numbers no value names (open
enums), invalid UTF-8 in proto2 strings (which do not validate) and in bytes, and a
sparse sample with only required fields (defaults, required-ness).

It prints one JSON object: the directions that break per audience, an example per
direction, and the messages it compared. Other runs judge the rules whose claims are
about something else: --by-name (fields known by name), --new-values (NEW writes its
added enum values), --presence (values set to their defaults: see run_presence).
"""
import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor as FD

BACKWARD, FORWARD = 1, 2
VARIANTS = 4
MAX_DEPTH = 2


def enum_wrappers(fds):
    """A file per enum of the set holding message oracle_wrap.<enum>.W { E e = 1;
    repeated E r = 2; }, in the enum's own syntax, so that enums no message uses are
    compared too (the wrapper has the same full name on both sides)."""
    out = []

    def walk(fp, prefix, enums, msgs):
        for e in enums:
            full = prefix + e.name
            w = descriptor_pb2.FileDescriptorProto()
            w.name = "oracle_wrap/%s.proto" % full
            w.package = "oracle_wrap." + full.replace(".", "_")
            w.syntax = fp.syntax or "proto2"
            w.dependency.append(fp.name)
            m = w.message_type.add()
            m.name = "W"
            for number, label in ((1, descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL),
                                  (2, descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)):
                f = m.field.add()
                f.name = "e" if number == 1 else "r"
                f.number = number
                f.label = label
                f.type = descriptor_pb2.FieldDescriptorProto.TYPE_ENUM
                f.type_name = "." + full
            out.append(w)
        for m in msgs:
            walk(fp, prefix + m.name + ".", m.enum_type, m.nested_type)

    for fp in fds.file:
        if not fp.name.startswith("google/protobuf/"):
            walk(fp, (fp.package + ".") if fp.package else "", fp.enum_type, fp.message_type)
    return out


def load_pool(path):
    fds = descriptor_pb2.FileDescriptorSet()
    with open(path, "rb") as f:
        fds.ParseFromString(f.read())
    fds.file.extend(enum_wrappers(fds))
    pool = descriptor_pool.DescriptorPool()
    synthetic = set()
    proto2 = set()
    for fp in fds.file:
        pool.Add(fp)
        if fp.syntax in ("", "proto2"):
            proto2.add(fp.name)

        def walk(prefix, msgs):
            for m in msgs:
                full = prefix + m.name
                for fld in m.field:
                    if fld.proto3_optional:
                        synthetic.add(full + "." + m.oneof_decl[fld.oneof_index].name)
                walk(full + ".", m.nested_type)

        walk((fp.package + ".") if fp.package else "", fp.message_type)
    return pool, fds, synthetic, proto2


class Side:
    def __init__(self, path):
        self.pool, self.fds, self.synthetic, self.proto2 = load_pool(path)
        self.factory = message_factory.MessageFactory(self.pool)
        self.reader = None  # for a NEW writer: OLD, whose counterparts it writes only

    def counterpart(self, desc):
        """OLD's message of desc's full name, when this side writes for OLD."""
        if self.reader is None:
            return None
        try:
            return self.reader.pool.FindMessageTypeByName(desc.full_name)
        except KeyError:
            return None

    def keeps(self, fd):
        """Whether this writer sets fd: always for OLD; for NEW only a field OLD's message
        of the same name has a counterpart for (by number or name), or any field of a
        message OLD does not have."""
        if fd.label == FD.LABEL_REQUIRED or self.reader is None:
            return True
        other = self.counterpart(fd.containing_type)
        return other is None or fd.number in other.fields_by_number or fd.name in other.fields_by_name

    def cls(self, desc):
        return self.factory.GetPrototype(desc)

    def messages(self):
        out = {}

        def walk(desc):
            if not desc.GetOptions().map_entry:
                out[desc.full_name] = desc
            for n in desc.nested_types:
                walk(n)

        for fp in self.fds.file:
            fd = self.pool.FindFileByName(fp.name)
            for m in fd.message_types_by_name.values():
                walk(m)
        return out

    def real_oneof(self, fd):
        o = fd.containing_oneof
        if o is None or o.full_name in self.synthetic:
            return None
        return o


def is_map(fd):
    return fd.label == FD.LABEL_REPEATED and fd.type == FD.TYPE_MESSAGE and fd.message_type.GetOptions().map_entry


INTS = {
    FD.TYPE_INT32: [-1, 2**31 - 1, -(2**31), 7],
    FD.TYPE_SINT32: [-1, 2**31 - 1, -(2**31), 7],
    FD.TYPE_SFIXED32: [-1, 2**31 - 1, -(2**31), 7],
    FD.TYPE_INT64: [-1, 2**63 - 1, -(2**63), 2**40],
    FD.TYPE_SINT64: [-1, 2**63 - 1, -(2**63), 2**40],
    FD.TYPE_SFIXED64: [-1, 2**63 - 1, -(2**63), 2**40],
    FD.TYPE_UINT32: [2**32 - 1, 2**31, 7, 1],
    FD.TYPE_FIXED32: [2**32 - 1, 2**31, 7, 1],
    FD.TYPE_UINT64: [2**64 - 1, 2**63, 7, 1],
    FD.TYPE_FIXED64: [2**64 - 1, 2**63, 7, 1],
}
FLOATS = {FD.TYPE_FLOAT: [0.1, 3.0e38, -2.5, 1.0], FD.TYPE_DOUBLE: [0.1, 1e300, -2.5, 1.0]}


def enum_values(side, fd):
    nums = [v.number for v in fd.enum_type.values]
    if side.reader is not None and not NEW_VALUES:
        # A NEW writer uses the numbers OLD knows: added values are additions.
        try:
            known = {v.number for v in side.reader.pool.FindEnumTypeByName(fd.enum_type.full_name).values}
            nums = [n for n in nums if n in known] or nums
        except KeyError:
            pass
    closed = fd.file.name in side.proto2  # proto2 enums are closed; editions are not run
    if not closed:
        # Numbers no value names, one negative: an open enum holds any int32.
        nums += [n for n in (max(nums) + 7, -1) if n not in nums]
    return nums


def scalar_value(side, fd, i):
    i += fd.number  # fields of one type get different values
    t = fd.type
    if t in INTS:
        return INTS[t][i % len(INTS[t])]
    if t in FLOATS:
        return FLOATS[t][i % len(FLOATS[t])]
    if t == FD.TYPE_BOOL:
        return i % 2 == 0
    if t == FD.TYPE_STRING:
        return ["h\u00e9llo", "x", "\u2603 snow", "z"][i % 4]
    if t == FD.TYPE_BYTES:
        return [b"\xff\x00\xfe", b"hello", b"\x80", b"abc"][i % 4]
    if t == FD.TYPE_ENUM:
        nums = enum_values(side, fd)
        return nums[i % len(nums)]
    raise ValueError(t)


def fill(side, msg, i, depth, keep):
    """Sets the fields of msg for variant i (keep(fd) says which fields to set). Past
    MAX_DEPTH only required fields are set, so that nested messages stay valid; well-known
    types are left at their defaults (their JSON forms limit their values)."""
    desc = msg.DESCRIPTOR
    if desc.full_name.startswith("google.protobuf."):
        return
    for fd in desc.fields:
        if not keep(fd) or not side.keeps(fd):
            continue
        if depth > MAX_DEPTH and fd.label != FD.LABEL_REQUIRED:
            continue
        o = side.real_oneof(fd)
        if o is not None and o.fields[i % len(o.fields)] is not fd:
            continue
        set_field(side, msg, fd, i, depth)


def set_field(side, msg, fd, i, depth):
    if is_map(fd):
        kf, vf = fd.message_type.fields_by_name["key"], fd.message_type.fields_by_name["value"]
        m = getattr(msg, fd.name)
        keys = [scalar_value(side, kf, i), scalar_value(side, kf, i + 1)]
        for k, key in enumerate(keys):
            if vf.type == FD.TYPE_MESSAGE:
                fill(side, m[key], i + k, depth + 1, lambda f: True)
                m[key].SetInParent()
            else:
                m[key] = scalar_value(side, vf, i + k)
        return
    if fd.label == FD.LABEL_REPEATED:
        r = getattr(msg, fd.name)
        if fd.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
            first = r.add()
            fill(side, first, i, depth + 1, lambda f: True)
            second = r.add()
            fill(side, second, i + 1, depth + 1, lambda f: True)
            # The same first field with other values: a map reader keeps only one.
            third = r.add()
            third.CopyFrom(second)
            fields = sorted(third.DESCRIPTOR.fields, key=lambda f: f.number)
            if fields and fields[0].label != FD.LABEL_REPEATED and fields[0].type not in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
                setattr(third, fields[0].name, getattr(first, fields[0].name))
        else:
            r.extend([scalar_value(side, fd, i), scalar_value(side, fd, i + 1)])
        return
    if fd.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
        sub = getattr(msg, fd.name)
        if depth < MAX_DEPTH + 4:
            fill(side, sub, i, depth + 1, lambda f: True)
        sub.SetInParent()
        return
    setattr(msg, fd.name, scalar_value(side, fd, i))


def required_only(fd):
    return fd.label == FD.LABEL_REQUIRED


def samples(writer, reader_desc, desc, is_old):
    """(label, message, binary-only bytes or None) written by `writer` for desc."""
    cls = writer.cls(desc)

    def keep(fd):
        return writer.keeps(fd)

    keep_or_required = keep

    out = []
    for i in range(VARIANTS):
        m = cls()
        fill(writer, m, i, 0, keep_or_required)
        out.append(("variant %d" % i, m, None))
    m = cls()
    fill(writer, m, 0, 0, required_only)
    out.append(("only required fields", m, None))
    # Invalid UTF-8 where the writer does not validate: proto2 strings.
    if desc.file.name in writer.proto2:
        for fd in desc.fields:
            if fd.type == FD.TYPE_STRING and fd.label != FD.LABEL_REPEATED and keep(fd) and writer.real_oneof(fd) is None:
                m = cls()
                fill(writer, m, 0, 0, keep_or_required)
                m.ClearField(fd.name)
                raw = m.SerializePartialToString() + tag(fd.number, 2) + varint(2) + b"\xff\xfe"
                back = cls()
                back.MergeFromString(raw)
                out.append(("invalid UTF-8 in %s" % fd.name, back, raw))
    return out


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def tag(number, wire_type):
    return varint(number << 3 | wire_type)


# ---- comparing what the reader got with what the writer wrote ----


def has(msg, fd):
    if fd.label == FD.LABEL_REPEATED:
        return len(getattr(msg, fd.name)) > 0
    try:
        return msg.HasField(fd.name)
    except ValueError:
        return getattr(msg, fd.name) != fd.default_value


def norm(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, str):
        return v.encode("utf-8")
    return v


def eq_scalar(a, b, fa, fb):
    a, b = norm(a), norm(b)
    if hasattr(a, "DESCRIPTOR") and hasattr(b, "DESCRIPTOR"):
        return eq_msg(a, b)
    # A message read as bytes is its encoding (the guide's message <-> bytes); read as a
    # string it is not text.
    if hasattr(a, "DESCRIPTOR") and isinstance(b, bytes):
        return fb is not None and fb.type == FD.TYPE_BYTES and a.SerializeToString() == b
    if isinstance(a, bytes) and hasattr(b, "DESCRIPTOR"):
        return fa is not None and fa.type == FD.TYPE_BYTES and b.SerializeToString() == a
    if isinstance(a, bytes) or isinstance(b, bytes):
        return a == b
    if hasattr(a, "DESCRIPTOR") or hasattr(b, "DESCRIPTOR"):
        return False
    if isinstance(a, float) or isinstance(b, float):
        if a == b:
            return True
        if a != a and b != b:
            return True
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    return a == b


def entries(msg, fd):
    """A map, or a repeated message read as a list of (key, value) entries."""
    v = getattr(msg, fd.name)
    if is_map(fd):
        return [(norm(k), v[k]) for k in v]
    return [(norm(getattr(e, e.DESCRIPTOR.fields_by_number[1].name)), getattr(e, e.DESCRIPTOR.fields_by_number[2].name))
            for e in v if 1 in e.DESCRIPTOR.fields_by_number and 2 in e.DESCRIPTOR.fields_by_number]


def eq_field(w, fw, r, fr):
    if is_map(fw) or is_map(fr):
        if not (is_map(fw) or fw.label == FD.LABEL_REPEATED) or not (is_map(fr) or fr.label == FD.LABEL_REPEATED):
            # map <-> singular message: the singular side holds at most one entry.
            if is_map(fw):
                ents = entries(w, fw)
                return len(ents) == 0 and not has(r, fr)
            return not has(w, fw) and len(getattr(r, fr.name)) == 0
        if (fw.type == FD.TYPE_MESSAGE) != (fr.type == FD.TYPE_MESSAGE):
            return not has(w, fw) and not has(r, fr)
        a, b = entries(w, fw), entries(r, fr)
        if len(a) != len(b):
            return False
        bd = dict((k, v) for k, v in b)
        return all(k in bd and eq_scalar(v, bd[k], None, None) for k, v in a)
    wrep, rrep = fw.label == FD.LABEL_REPEATED, fr.label == FD.LABEL_REPEATED
    if wrep or rrep:
        wl = list(getattr(w, fw.name)) if wrep else ([getattr(w, fw.name)] if has(w, fw) else [])
        rl = list(getattr(r, fr.name)) if rrep else ([getattr(r, fr.name)] if has(r, fr) else [])
        return len(wl) == len(rl) and all(eq_scalar(a, b, fw, fr) for a, b in zip(wl, rl))
    wm = fw.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP)
    rm = fr.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP)
    if wm and rm and has(w, fw) != has(r, fr):
        return False  # a message field's presence is its value
    if wm and rm and not has(w, fw):
        return True
    return eq_scalar(getattr(w, fw.name), getattr(r, fr.name), fw, fr)


# Field identity: by number (the wire's and the catalog's: a renamed field is the same
# field), or by name with --by-name (for FIELD_NO_NUMBER_SWAP, whose claim is that the
# value a writer's code set as `a` reaches the reader's `a`).
BY_NAME = False
# With --new-values a NEW writer also writes the enum values OLD lacks (for
# ENUM_CLOSED_NO_VALUE_ADD, whose claim is about additions; otherwise an addition is
# not a breaking change for any checker, so NEW writes only numbers OLD knows).
NEW_VALUES = False


def counterpart(rd, fw):
    return rd.fields_by_name.get(fw.name) if BY_NAME else rd.fields_by_number.get(fw.number)


def lost_oneof(w, r):
    """A real oneof of the writer set to a member the reader does not have, while the
    reader has a oneof of that name: the reader sees the oneof unset (its name), else None."""
    rd = r.DESCRIPTOR
    for o in w.DESCRIPTOR.oneofs:
        if len(o.fields) == 1 and o.name.startswith("_"):
            continue  # proto3 optional's synthetic oneof (protoc names it "_" + the field)
        case = w.WhichOneof(o.name)
        if case is None or o.name not in rd.oneofs_by_name:
            continue
        if counterpart(rd, w.DESCRIPTOR.fields_by_name[case]) is None and r.WhichOneof(o.name) is None:
            return o.name
    return None


def eq_msg(w, r):
    return differs(w, r) is None


def differs(w, r):
    """The first field (by number) whose value the reader got otherwise, or None."""
    rd = r.DESCRIPTOR
    for fw in w.DESCRIPTOR.fields:
        fr = counterpart(rd, fw)
        if fr is not None and not eq_field(w, fw, r, fr):
            return fw.name
    return lost_oneof(w, r)


# ---- one direction ----


def read_binary(cls, data):
    m = cls()
    m.MergeFromString(data)
    if not m.IsInitialized():
        raise ValueError("required fields missing: %s" % ", ".join(m.FindInitializationErrors()))
    return m


def read_json(cls, text, lenient=False):
    m = json_format.Parse(text, cls(), ignore_unknown_fields=lenient)
    if not m.IsInitialized():
        raise ValueError("required fields missing: %s" % ", ".join(m.FindInitializationErrors()))
    return m


def self_consistent(wcls, m, data, texts):
    """Whether the writer reads its own sample back: what the runtime cannot round-trip
    (a limitation of it, not of the change) is no sample."""
    try:
        if differs(m, read_binary(wcls, data)):
            return False
        return all(not differs(m, read_json(wcls, t)) for t in texts)
    except Exception:  # noqa: BLE001
        return False


def json_texts(m):
    out = []
    for proto_names in (False, True):
        try:
            out.append(json_format.MessageToJson(m, preserving_proto_field_name=proto_names))
        except Exception:  # noqa: BLE001 - the writer cannot write it: no sample
            pass
    return out


def run_direction(writer, reader, is_old_writer, pairs, found, bit):
    for name, (wd, rd) in pairs.items():
        rcls = reader.cls(rd)
        wcls = writer.cls(wd)
        for label, m, raw in samples(writer, rd, wd, is_old_writer):
            data = raw if raw is not None else m.SerializePartialToString()
            texts = json_texts(m) if raw is None else []
            if not self_consistent(wcls, m, data, texts):
                continue
            what = "%s (%s)" % (name, label)
            try:
                got = read_binary(rcls, data)
                bad = differs(m, got)
                if bad:
                    found["wire"].setdefault(bit, "%s: field %s read otherwise" % (what, bad))
            except Exception as e:  # noqa: BLE001 - any rejection is the answer
                found["wire"].setdefault(bit, "%s: rejected (%s)" % (what, str(e).splitlines()[0][:120]))
            if raw is not None:
                continue  # ProtoJSON text cannot carry invalid UTF-8
            for text in texts:
                try:
                    # OLD reads NEW's JSON ignoring unknown keys: an addition's key is
                    # not a break (see the top), and every shared field's value must
                    # still arrive, so a renamed key still breaks.
                    got = read_json(rcls, text, lenient=not is_old_writer)
                    bad = differs(m, got)
                    if bad:
                        found["json"].setdefault(bit, "%s: field %s read otherwise" % (what, bad))
                except Exception as e:  # noqa: BLE001
                    found["json"].setdefault(bit, "%s: rejected (%s)" % (what, str(e).splitlines()[0][:120]))


# ---- --presence: what a presence change does to values set to their default ----
# For FIELD_SAME_PRESENCE (docs/rules.md): the writer sets every singular field (in a
# real oneof, its first member only) to its zero value (a message to an empty one),
# which a field with explicit presence records as set and one with implicit presence
# cannot. A direction breaks for the wire when the writer, reading back what the
# reader wrote again from the writer's bytes, finds a field it had set unset (the
# reader dropped the presence); for ProtoJSON when the reader's MessageToJson of what
# it parsed from the writer's MessageToJson lacks a key the writer wrote (a default
# the writer prints and the reader does not); and both when the reader rejects the
# sample. Fields are paired by number; the keys compared are those of fields both
# sides have.
PRESENCE = False


def zero_value(fd):
    if fd.type == FD.TYPE_ENUM:
        numbers = [v.number for v in fd.enum_type.values]
        return 0 if 0 in numbers else numbers[0]
    if fd.type in (FD.TYPE_STRING,):
        return ""
    if fd.type == FD.TYPE_BYTES:
        return b""
    if fd.type == FD.TYPE_BOOL:
        return False
    if fd.type in (FD.TYPE_FLOAT, FD.TYPE_DOUBLE):
        return 0.0
    return 0


def zero_sample(side, desc):
    m = side.cls(desc)()
    oneofs = set()
    for fd in desc.fields:
        if fd.label == FD.LABEL_REPEATED:
            continue
        o = side.real_oneof(fd)
        if o is not None:
            if o.name in oneofs:
                continue  # one member per oneof: the first one
            oneofs.add(o.name)
        if fd.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
            getattr(m, fd.name).SetInParent()  # an empty message, present
        else:
            setattr(m, fd.name, zero_value(fd))
    return m


def set_numbers(m, shared):
    return {fd.number for fd, _ in m.ListFields() if fd.number in shared}


def run_presence(writer, reader, pairs, found, bit):
    for name, (wd, rd) in pairs.items():
        shared = {fd.number for fd in wd.fields if fd.number in rd.fields_by_number}
        keys = {fd.json_name for fd in wd.fields if fd.number in shared}
        wcls, rcls = writer.cls(wd), reader.cls(rd)
        m = zero_sample(writer, wd)
        # a reader that rejects the writer's defaults (a type change beside the presence
        # change) breaks that direction too
        try:
            back = wcls.FromString(rcls.FromString(m.SerializeToString()).SerializeToString())
            lost = sorted(set_numbers(m, shared) - set_numbers(back, shared))
            if lost:
                found["wire"].setdefault(bit, "%s: field %d set to its default comes back unset" % (name, lost[0]))
        except Exception as e:  # noqa: BLE001
            found["wire"].setdefault(bit, "%s: rejected (%s)" % (name, str(e).splitlines()[0][:120]))
        text = json_format.MessageToJson(m)
        try:
            out = json_format.MessageToJson(json_format.Parse(text, rcls(), ignore_unknown_fields=True))
        except Exception as e:  # noqa: BLE001
            found["json"].setdefault(bit, "%s: rejected (%s)" % (name, str(e).splitlines()[0][:120]))
            continue
        gone = sorted((set(json.loads(text)) - set(json.loads(out))) & keys)
        if gone:
            found["json"].setdefault(bit, "%s: the writer prints %s (a default), the reader does not" % (name, gone[0]))


def extensions(side):
    out = {}
    for fp in side.fds.file:
        def walk(prefix, exts, msgs):
            for e in exts:
                out[(e.extendee, e.number)] = (e.name, e.type, e.type_name, e.label, e.json_name)
            for m in msgs:
                walk(prefix + m.name + ".", m.extension, m.nested_type)
        walk("", fp.extension, fp.message_type)
    return out


def main():
    global BY_NAME, NEW_VALUES, PRESENCE
    args = sys.argv[1:]
    while args and args[0] in ("--by-name", "--new-values", "--presence"):
        BY_NAME = BY_NAME or args[0] == "--by-name"
        NEW_VALUES = NEW_VALUES or args[0] == "--new-values"
        PRESENCE = PRESENCE or args[0] == "--presence"
        args = args[1:]
    old, new = Side(args[0]), Side(args[1])
    new.reader = old
    om, nm = old.messages(), new.messages()
    pairs_b = {}
    pairs_f = {}
    for name in sorted(set(om) & set(nm)):
        if name.startswith("google.protobuf."):
            continue
        pairs_b[name] = (om[name], nm[name])
        pairs_f[name] = (nm[name], om[name])
    found = {"wire": {}, "json": {}}
    if PRESENCE:
        run_presence(old, new, pairs_b, found, BACKWARD)
        run_presence(new, old, pairs_f, found, FORWARD)
    else:
        run_direction(old, new, True, pairs_b, found, BACKWARD)
        run_direction(new, old, False, pairs_f, found, FORWARD)
    names = {0: "none", 1: "backward", 2: "forward", 3: "both"}
    out = {"messages": sorted(pairs_b), "extensions_changed": extensions(old) != extensions(new)}
    for aud in ("wire", "json"):
        bits = 0
        for b in found[aud]:
            bits |= b
        out[aud] = names[bits]
        out[aud + "_examples"] = {names[b]: found[aud][b] for b in sorted(found[aud])}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
