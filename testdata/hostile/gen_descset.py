#!/usr/bin/env python3
"""Writes a hostile FileDescriptorSet, encoded by hand, to stdout.
usage: gen_descset.py KIND [N]
Kinds: selfdep, cycle, dangling, hugelen, dupfile, badnums, missingdep, deepnest N
(N nested DescriptorProto levels), badutf8 (invalid UTF-8 in a name)."""
import sys


def varint(n):
    out = b''
    while True:
        b = n & 0x7f
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def fld(num, payload):
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def s(num, txt):
    return fld(num, txt.encode() if isinstance(txt, str) else txt)


def vfield(num, v):
    return varint(num << 3) + varint(v)


def file_set(*files):
    return b''.join(fld(1, f) for f in files)


def main():
    kind = sys.argv[1]
    proto3 = s(12, 'proto3')
    if kind == 'selfdep':
        out = file_set(s(1, 'a.proto') + s(3, 'a.proto') + proto3)
    elif kind == 'cycle':
        out = file_set(s(1, 'a.proto') + s(3, 'b.proto'), s(1, 'b.proto') + s(3, 'a.proto'))
    elif kind == 'dangling':
        field = s(1, 'x') + vfield(3, 1) + vfield(4, 1) + vfield(5, 11) + s(6, '.nope.Missing')
        out = file_set(s(1, 'a.proto') + fld(4, s(1, 'M') + fld(2, field)) + proto3)
    elif kind == 'hugelen':
        out = varint(1 << 3 | 2) + varint(2**62) + b'abc'
    elif kind == 'dupfile':
        f = s(1, 'a.proto') + proto3
        out = file_set(f, f)
    elif kind == 'badnums':
        field = s(1, 'x') + vfield(3, 2**32 - 1) + vfield(4, 1) + vfield(5, 5)
        rng = vfield(1, 2**31 + 5) + vfield(2, 2**32 - 1)
        out = file_set(s(1, 'a.proto') + fld(4, s(1, 'M') + fld(2, field) + fld(9, rng)) + proto3)
    elif kind == 'missingdep':
        out = file_set(s(1, 'a.proto') + s(3, 'not/there.proto') + proto3)
    elif kind == 'deepnest':
        msg = s(1, 'M')
        for _ in range(int(sys.argv[2])):
            msg = s(1, 'M') + fld(3, msg)
        out = file_set(s(1, 'deep.proto') + fld(4, msg) + proto3)
    elif kind == 'badutf8':
        out = file_set(s(1, 'a.proto') + fld(4, s(1, b'M\xff\xfe')) + proto3)
    else:
        sys.exit('unknown kind ' + kind)
    sys.stdout.buffer.write(out)


main()
