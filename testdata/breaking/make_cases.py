#!/usr/bin/env python3
"""Writes the breaking-change cases of testdata/breaking/ and records buf 1.75's verdict.

Each case is RULE_ID/NAME/ with old/ and new/ module roots (a buf.yaml each, the same
one), README (what the case shows), cmd (the buf command) and expected.json (buf's
`--error-format json` output, one object per line, as buf printed it). Cases where buf
has a known defect also get protocompat-expected.json, written here by hand with what
we report instead, and the README says why.

usage: make_cases.py [--buf BUF] [--only SUBSTRING] [--no-record]
Re-running rewrites the listed cases (old/, new/, README) and, unless --no-record, runs
buf in each case directory to rewrite cmd and expected.json. Never edit expected.json
by hand: it is buf's output."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BUF_DEFAULT = "/work/tools/node_modules/.bin/buf"

CASES = []


def case(rule, name, old, new, readme, use=None, version="v2", ours=None, pending=None,
         config=None, plus=None):
    """old/new: text of x.proto, or {path: text}. use: list for `breaking: use:`
    (default [rule]); use=[] writes no breaking section (buf's default). ours: list of
    finding dicts we report instead of buf's (a buf defect). pending: reason why
    protocompat cannot pass yet (an expected failure). plus: a case of one of our own
    rules (category PROTOCOMPAT, which buf does not know): a protocompat.yaml beside
    buf.yaml uses the same rules and PROTOCOMPAT too, and protocompat-expected.json is
    buf's recorded findings followed by plus, our rule's findings worked out by hand
    (our_finding: each position is checked against buf when recording)."""
    CASES.append(dict(rule=rule, name=name, old=old, new=new, readme=readme,
                      use=[rule] if use is None else use, version=version, ours=ours,
                      pending=pending, config=config, plus=plus))


P3 = 'syntax = "proto3";\npackage p;\n'
P2 = 'syntax = "proto2";\npackage p;\n'
E23 = 'edition = "2023";\npackage p;\n'
E24 = 'edition = "2024";\npackage p;\n'


def fo(opt, val):
    return P3 + "option %s = %s;\nmessage M {}\n" % (opt, val)


# ---------------------------------------------------------------- files and packages
case("FILE_NO_DELETE", "fires",
     {"a.proto": P3 + "message A {}\n", "b.proto": P3 + "message B {}\n"},
     {"a.proto": P3 + "message A {}\n"},
     "b.proto is deleted: reported without a path or position.")
case("FILE_NO_DELETE", "nearmiss",
     {"a.proto": P3 + "message A {}\n", "b.proto": P3 + "message B {}\n"},
     {"a.proto": P3 + "message A {}\nmessage B {}\n", "b.proto": P3},
     "b.proto is emptied (its message moves to a.proto) but the file stays.")
case("FILE_SAME_PACKAGE", "fires",
     P3 + "message M {}\n",
     'syntax = "proto3";\npackage q;\nmessage M {}\n',
     "package p becomes q.")
case("FILE_SAME_PACKAGE", "added",
     'syntax = "proto3";\nmessage M {}\n',
     P3 + "message M {}\n",
     "a file without a package gets one: the empty package counts as a package.")
case("FILE_SAME_PACKAGE", "nearmiss",
     P3 + "message M {}\n",
     '// comment\nsyntax = "proto3";\n\npackage   p ;\nmessage M { int32 a = 1; }\n',
     "the package statement moves and is spelled with other spacing; the name is the same.")
case("FILE_SAME_SYNTAX", "fires",
     P2 + "message M { optional int32 a = 1; }\n",
     P3 + "message M { optional int32 a = 1; }\n",
     "proto2 becomes proto3.")
case("FILE_SAME_SYNTAX", "editions",
     P3 + "message M { int32 a = 1; }\n",
     E23 + "message M { int32 a = 1 [features.field_presence = IMPLICIT]; }\n",
     "proto3 becomes edition 2023 (same field semantics): still a syntax change for buf.")
case("FILE_SAME_SYNTAX", "nearmiss",
     'package p;\nmessage M { optional int32 a = 1; }\n',
     P2 + "message M { optional int32 a = 1; }\n",
     "no syntax statement (proto2 by default) becomes an explicit syntax = \"proto2\".")
case("FILE_SAME_SYNTAX", "edition_2023_to_2024",
     E23 + "message M { int32 a = 1; }\n",
     E24 + "message M { int32 a = 1; }\n",
     "buf defect: edition 2023 -> 2024 is not compared by buf 1.75 (buf reports nothing).\n"
     "Edition 2024 changes defaults that generated code depends on (for example\n"
     "enforce_naming_style, default_symbol_visibility, C++ string_type VIEW), so we report\n"
     "FILE_SAME_SYNTAX at the edition statement, as buf does for other syntax changes.",
     ours=[{"path": "new/x.proto", "start_line": 1, "start_column": 1, "end_line": 1,
            "end_column": 18, "type": "FILE_SAME_SYNTAX",
            "message": "File syntax changed from \"edition 2023\" to \"edition 2024\"."}])
case("PACKAGE_NO_DELETE", "fires",
     {"a.proto": P3 + "message A {}\n",
      "b.proto": 'syntax = "proto3";\npackage q;\nmessage B {}\n'},
     {"a.proto": P3 + "message A {}\n"},
     "package q (its only file b.proto) is deleted: no path or position.")
case("PACKAGE_NO_DELETE", "nearmiss",
     {"a.proto": P3 + "message A {}\n",
      "b.proto": 'syntax = "proto3";\npackage q;\nmessage B {}\n'},
     {"a.proto": P3 + "message A {}\n",
      "c.proto": 'syntax = "proto3";\npackage q;\nmessage B {}\n'},
     "package q moves from b.proto to c.proto: the package survives.")

# ---------------------------------------------------------------- file options
STRING_OPTS = [
    ("FILE_SAME_GO_PACKAGE", "go_package", '"a/b"', '"a/c"', '"a/" "b"'),
    ("FILE_SAME_JAVA_PACKAGE", "java_package", '"com.a"', '"com.b"', '"com." "a"'),
    ("FILE_SAME_JAVA_OUTER_CLASSNAME", "java_outer_classname", '"A"', '"B"', '"\\x41"'),
    ("FILE_SAME_OBJC_CLASS_PREFIX", "objc_class_prefix", '"AB"', '"CD"', "'AB'"),
    ("FILE_SAME_CSHARP_NAMESPACE", "csharp_namespace", '"A.B"', '"A.C"', '"A" ".B"'),
    ("FILE_SAME_SWIFT_PREFIX", "swift_prefix", '"AB"', '"CD"', "'A' 'B'"),
    ("FILE_SAME_PHP_CLASS_PREFIX", "php_class_prefix", '"AB"', '"CD"', '"\\101B"'),
    ("FILE_SAME_PHP_NAMESPACE", "php_namespace", '"A\\\\B"', '"A\\\\C"', "'A\\\\B'"),
    ("FILE_SAME_PHP_METADATA_NAMESPACE", "php_metadata_namespace", '"A\\\\B"', '"A\\\\C"',
     '"A" "\\\\B"'),
    ("FILE_SAME_RUBY_PACKAGE", "ruby_package", '"A::B"', '"A::C"', '"A::" "B"'),
]
for rule, opt, a, b, same in STRING_OPTS:
    case(rule, "fires", fo(opt, a), fo(opt, b), "option %s changes from %s to %s." % (opt, a, b))
    case(rule, "added", P3 + "message M {}\n", fo(opt, a),
         "option %s is added (unset -> %s)." % (opt, a))
    case(rule, "nearmiss", fo(opt, a),
         P3 + "\n// moved\nmessage M {}\noption %s = %s;\n" % (opt, same),
         "option %s keeps its value, written as %s on another line." % (opt, same))

BOOL_OPTS = [
    ("FILE_SAME_JAVA_MULTIPLE_FILES", "java_multiple_files", "false"),
    ("FILE_SAME_CC_ENABLE_ARENAS", "cc_enable_arenas", "true"),
    ("FILE_SAME_CC_GENERIC_SERVICES", "cc_generic_services", "false"),
    ("FILE_SAME_JAVA_GENERIC_SERVICES", "java_generic_services", "false"),
    ("FILE_SAME_PY_GENERIC_SERVICES", "py_generic_services", "false"),
]
for rule, opt, dflt in BOOL_OPTS:
    other = "true" if dflt == "false" else "false"
    case(rule, "fires", P3 + "message M {}\n", fo(opt, other),
         "option %s is set to %s (its default is %s)." % (opt, other, dflt))
    case(rule, "removed", fo(opt, other), P3 + "message M {}\n",
         "option %s = %s is removed (back to the default %s)." % (opt, other, dflt))
    case(rule, "nearmiss", P3 + "message M {}\n", fo(opt, dflt),
         "option %s is written with its default value %s: no change." % (opt, dflt))
case("FILE_SAME_OPTIMIZE_FOR", "fires", fo("optimize_for", "SPEED"), fo("optimize_for", "LITE_RUNTIME"),
     "optimize_for SPEED -> LITE_RUNTIME.")
case("FILE_SAME_OPTIMIZE_FOR", "added", P3 + "message M {}\n", fo("optimize_for", "CODE_SIZE"),
     "optimize_for is added as CODE_SIZE (default SPEED).")
case("FILE_SAME_OPTIMIZE_FOR", "nearmiss", P3 + "message M {}\n", fo("optimize_for", "SPEED"),
     "optimize_for = SPEED is written explicitly: the default, no change.")

# ---------------------------------------------------------------- declarations deleted
case("MESSAGE_NO_DELETE", "fires",
     P3 + "message A {\n  message N {}\n  int32 f = 1;\n}\nmessage B {}\n",
     P3 + "message A {\n  int32 f = 1;\n}\n",
     "top-level B (reported at 1:1 of the file) and nested A.N (reported at A) are deleted.")
case("MESSAGE_NO_DELETE", "nearmiss",
     P3 + "message A { int32 f = 1; }\nmessage B {}\n",
     P3 + "message B {}\nmessage A {}\nmessage C {}\n",
     "messages are reordered, one is added, A loses its field: no message deleted.")
case("MESSAGE_NO_DELETE", "moved_file",
     {"a.proto": P3 + "message A {}\nmessage B {}\n", "b.proto": P3},
     {"a.proto": P3 + "message A {}\n", "b.proto": P3 + "message B {}\n"},
     "B moves from a.proto to b.proto of the same package: deleted from a.proto (FILE rule).")
case("ENUM_NO_DELETE", "fires",
     P3 + "enum E { E_0 = 0; }\nmessage M {\n  enum N { N_0 = 0; }\n}\n",
     P3 + "message M {\n}\n",
     "top-level E and nested M.N are deleted.")
case("ENUM_NO_DELETE", "nearmiss",
     P3 + "enum E { E_0 = 0; E_1 = 1; }\nenum F { F_0 = 0; }\n",
     P3 + "enum F { F_0 = 0; }\nenum G { G_0 = 0; }\nenum E { E_0 = 0; }\n",
     "enums reordered, one added, E loses a value: no enum deleted.")
case("SERVICE_NO_DELETE", "fires",
     P3 + "message R {}\nservice S { rpc A(R) returns (R); }\nservice T {}\n",
     P3 + "message R {}\nservice S { rpc A(R) returns (R); }\n",
     "service T is deleted: reported at 1:1 of the file.")
case("SERVICE_NO_DELETE", "nearmiss",
     P3 + "message R {}\nservice S { rpc A(R) returns (R); }\n",
     P3 + "message R {}\nservice S {}\n",
     "service S loses its RPC but survives.")
EXT_OLD = P2 + "message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 e = 100;\n  optional int32 f = 101;\n}\n"
case("EXTENSION_NO_DELETE", "fires", EXT_OLD,
     P2 + "message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 f = 101;\n}\n",
     "extension p.e (M, 100) is deleted.")
case("EXTENSION_NO_DELETE", "nested",
     P2 + "message M {\n  extensions 100 to 200;\n}\nmessage H {\n  extend M {\n    optional int32 e = 100;\n  }\n}\n",
     P2 + "message M {\n  extensions 100 to 200;\n}\nmessage H {\n}\n",
     "extension H.e declared inside message H is deleted: reported at H.")
case("EXTENSION_NO_DELETE", "nearmiss", EXT_OLD,
     P2 + "message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 f = 101;\n}\nextend M {\n  optional int32 e = 100;\n}\n",
     "the extensions are split over two extend blocks: none deleted.")
case("RPC_NO_DELETE", "fires",
     P3 + "message R {}\nservice S {\n  rpc A(R) returns (R);\n  rpc B(R) returns (R);\n}\n",
     P3 + "message R {}\nservice S {\n  rpc A(R) returns (R);\n}\n",
     "RPC S.B is deleted: reported at the service.")
case("RPC_NO_DELETE", "nearmiss",
     P3 + "message R {}\nservice S {\n  rpc A(R) returns (R);\n  rpc B(R) returns (R);\n}\n",
     P3 + "message R {}\nmessage Q {}\nservice S {\n  rpc B(R) returns (R);\n  rpc A(Q) returns (stream Q);\n}\n",
     "RPCs reordered, A changes types and streaming: none deleted.")

# package-level deletions
for kind, rule, decl1, decl2 in [
        ("message", "PACKAGE_MESSAGE_NO_DELETE", "message A {}\n", "message B {}\n"),
        ("enum", "PACKAGE_ENUM_NO_DELETE", "enum A { A_0 = 0; }\n", "enum B { B_0 = 0; }\n"),
        ("service", "PACKAGE_SERVICE_NO_DELETE", "service A {}\n", "service B {}\n")]:
    case(rule, "fires",
         {"a.proto": P3 + decl1 + decl2},
         {"a.proto": P3 + decl1},
         "%s B is deleted from package p, which keeps %s A." % (kind, kind))
    case(rule, "nearmiss",
         {"a.proto": P3 + decl1 + decl2, "b.proto": P3},
         {"a.proto": P3 + decl1, "b.proto": P3 + decl2},
         "%s B moves to another file of package p: still in the package." % kind)
    case(rule, "other_file_deleted",
         {"a.proto": P3 + decl1, "b.proto": P3 + decl2},
         {"a.proto": P3 + decl1},
         "b.proto, holding %s B, is deleted; package p survives in a.proto: no path." % kind)
case("PACKAGE_MESSAGE_NO_DELETE", "nested",
     P3 + "message A {\n  message N {}\n}\n",
     P3 + "message A {\n}\n",
     "nested message A.N is deleted from the package: reported at A.")
case("PACKAGE_MESSAGE_NO_DELETE", "last_in_package",
     P3 + "message A {}\nenum E { E_0 = 0; }\n",
     P3 + "enum E { E_0 = 0; }\n",
     "buf defect: the last message of package p is deleted and buf 1.75 reports nothing\n"
     "under PACKAGE (it only compares kinds the new package still has). Code using p.A no\n"
     "longer compiles, so we report it as for any other message deleted from the package.",
     ours=[{"path": "new/x.proto", "start_line": 1, "start_column": 1, "end_line": 1,
            "end_column": 1, "type": "PACKAGE_MESSAGE_NO_DELETE",
            "message": "Previously present message \"A\" was deleted from package \"p\"."}])
case("PACKAGE_ENUM_NO_DELETE", "last_in_package",
     P3 + "message A {}\nenum E { E_0 = 0; }\n",
     P3 + "message A {}\n",
     "buf defect: the last enum of package p is deleted and buf 1.75 reports nothing under\n"
     "PACKAGE. Code using p.E no longer compiles, so we report it.",
     ours=[{"path": "new/x.proto", "start_line": 1, "start_column": 1, "end_line": 1,
            "end_column": 1, "type": "PACKAGE_ENUM_NO_DELETE",
            "message": "Previously present enum \"E\" was deleted from package \"p\"."}])
case("PACKAGE_SERVICE_NO_DELETE", "last_in_package",
     P3 + "message A {}\nservice S {}\n",
     P3 + "message A {}\n",
     "the last service of package p is deleted (buf's verdict recorded as it is).")
PEXT = P2 + "message M {\n  extensions 100 to 200;\n}\n"
case("PACKAGE_EXTENSION_NO_DELETE", "fires",
     PEXT + "extend M {\n  optional int32 e = 100;\n  optional int32 f = 101;\n}\n",
     PEXT + "extend M {\n  optional int32 f = 101;\n}\n",
     "extension p.e is deleted; p.f remains in the package.")
case("PACKAGE_EXTENSION_NO_DELETE", "nearmiss",
     {"a.proto": PEXT + "extend M {\n  optional int32 e = 100;\n  optional int32 f = 101;\n}\n",
      "b.proto": P2 + 'import "a.proto";\n'},
     {"a.proto": PEXT + "extend M {\n  optional int32 f = 101;\n}\n",
      "b.proto": P2 + 'import "a.proto";\nextend M {\n  optional int32 e = 100;\n}\n'},
     "extension p.e moves to another file of package p.")
case("PACKAGE_EXTENSION_NO_DELETE", "last_in_package",
     PEXT + "extend M {\n  optional int32 e = 100;\n}\n",
     PEXT,
     "buf defect: the last extension of package p is deleted and buf 1.75 reports nothing\n"
     "under PACKAGE. Code using p.e no longer compiles, so we report it.",
     ours=[{"path": "new/x.proto", "start_line": 1, "start_column": 1, "end_line": 1,
            "end_column": 1, "type": "PACKAGE_EXTENSION_NO_DELETE",
            "message": "Previously present extension \"e\" was deleted from package \"p\"."}])

# ---------------------------------------------------------------- messages
case("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", "fires",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "message M {\n  option no_standard_descriptor_accessor = true;\n  int32 a = 1;\n}\n",
     "no_standard_descriptor_accessor is set to true.")
case("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", "nearmiss",
     P3 + "message M {\n  option no_standard_descriptor_accessor = true;\n}\n",
     P3 + "message M {\n  option no_standard_descriptor_accessor = false;\n}\n",
     "true -> false adds the accessor back: allowed.")
case("MESSAGE_SAME_JSON_FORMAT", "fires",
     E23 + "message M {\n  int32 a = 1;\n}\n",
     E23 + "message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  int32 a = 1;\n}\n",
     "json_format ALLOW (default) -> LEGACY_BEST_EFFORT on the message.")
case("MESSAGE_SAME_JSON_FORMAT", "file_feature",
     E23 + "message M {\n  int32 a = 1;\n}\n",
     E23 + "option features.json_format = LEGACY_BEST_EFFORT;\nmessage M {\n  int32 a = 1;\n}\n",
     "json_format changes through the file-level feature: reported at the message.")
case("MESSAGE_SAME_JSON_FORMAT", "nearmiss",
     E23 + "option features.json_format = LEGACY_BEST_EFFORT;\nmessage M {\n  int32 a = 1;\n}\n",
     E23 + "message M {\n  int32 a = 1;\n}\n",
     "LEGACY_BEST_EFFORT -> ALLOW: allowed.")
case("MESSAGE_SAME_REQUIRED_FIELDS", "fires",
     P2 + "message M {\n  required int32 a = 1;\n  optional int32 b = 2;\n}\n",
     P2 + "message M {\n  optional int32 a = 1;\n  required int32 b = 2;\n  required int32 c = 3;\n}\n",
     "field 1 stops being required; field 2 becomes required; required field 3 is added.")
case("MESSAGE_SAME_REQUIRED_FIELDS", "nearmiss",
     P2 + "message M {\n  required int32 a = 1;\n}\n",
     P2 + "message M {\n  required int64 renamed = 1;\n  optional int32 b = 2;\n}\n",
     "the required field is renamed and retyped, an optional field is added: same required set.")
case("MESSAGE_SAME_REQUIRED_FIELDS", "legacy_required",
     E23 + "message M {\n  int32 a = 1;\n}\n",
     E23 + "message M {\n  int32 a = 1;\n  int32 b = 2 [features.field_presence = LEGACY_REQUIRED];\n}\n",
     "buf defect: a field made required through editions' LEGACY_REQUIRED is invisible to\n"
     "buf 1.75's MESSAGE_SAME_REQUIRED_FIELDS. New readers reject old data without field 2\n"
     "exactly as with proto2 `required`, so we report it as buf does for `required`.",
     ours=[{"path": "new/x.proto", "start_line": 5, "start_column": 3, "end_line": 5,
            "end_column": 59, "type": "MESSAGE_SAME_REQUIRED_FIELDS",
            "message": "Message \"M\" had required field \"2\" added. Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage."}])
case("ONEOF_NO_DELETE", "fires",
     P3 + "message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     "oneof o is deleted (its field stays outside).")
case("ONEOF_NO_DELETE", "nearmiss",
     P3 + "message M {\n  optional int32 a = 1;\n}\n",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     "proto3 optional -> plain: only the synthetic oneof _a disappears, never reported.")
case("RESERVED_MESSAGE_NO_DELETE", "fires",
     P3 + "message M {\n  reserved 2, 5 to 10;\n  reserved \"x\", \"y\";\n}\n",
     P3 + "message M {\n  reserved 2, 5 to 8;\n  reserved \"y\";\n}\n",
     "reserved range 5 to 10 shrinks, reserved name x is dropped.")
case("RESERVED_MESSAGE_NO_DELETE", "nearmiss",
     P3 + "message M {\n  reserved 2, 5 to 10;\n  reserved \"x\";\n}\n",
     P3 + "message M {\n  reserved 5 to 7, 8 to 10, 2, 20;\n  reserved \"x\", \"z\";\n}\n",
     "ranges split and reordered, more reserved: every old number and name still reserved.")
case("EXTENSION_MESSAGE_NO_DELETE", "fires",
     P2 + "message M {\n  extensions 100 to 200;\n}\nmessage S {\n  extensions 4 to max;\n}\n",
     P2 + "message M {\n  extensions 100 to 150;\n}\nmessage S {\n  extensions 4 to 100, 1000;\n}\n",
     "extension ranges shrink (100 to 200 -> 100 to 150; 4 to max -> 4 to 100, 1000).\n"
     "buf cannot compile message sets (message_set_wire_format), so none is tested.")
case("EXTENSION_MESSAGE_NO_DELETE", "nearmiss",
     P2 + "message M {\n  extensions 100 to 200;\n}\n",
     P2 + "message M {\n  extensions 100 to 150, 151 to 200, 300;\n}\n",
     "the range is split in two and one is added: every number still covered.")

# ---------------------------------------------------------------- fields
case("FIELD_NO_DELETE", "fires",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message M {\n  int32 a = 1;\n  reserved 2;\n}\n",
     "field 2 is deleted (even with its number reserved).")
case("FIELD_NO_DELETE", "nearmiss",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message M {\n  string renamed = 2;\n  int32 a = 1;\n}\n",
     "fields reordered, field 2 renamed and retyped: no number disappears.")
for rule, other in [("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "NAME"),
                    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "NUMBER")]:
    res_num = "  reserved 2;\n"
    res_name = "  reserved \"b\";\n"
    good = res_num if other == "NAME" else res_name
    bad = res_name if other == "NAME" else res_num
    case(rule, "fires",
         P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
         P3 + "message M {\n  int32 a = 1;\n" + bad + "}\n",
         "field b = 2 is deleted with only its %s reserved." % other.lower())
    case(rule, "nearmiss",
         P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
         P3 + "message M {\n  int32 a = 1;\n" + good + "}\n",
         "field b = 2 is deleted with the right thing reserved.")
case("FIELD_SAME_NAME", "fires",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "message M {\n  int32 b = 1;\n}\n",
     "field 1 is renamed a -> b.")
case("FIELD_SAME_NAME", "extension",
     P2 + "message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 e = 100;\n}\n",
     P2 + "message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 f = 100;\n}\n",
     "extension (M, 100) is renamed e -> f.")
case("FIELD_SAME_NAME", "nearmiss",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "message M {\n  reserved 1;\n  int32 a = 2;\n}\n",
     "field a gets a new number; fields pair by number, so no field is renamed.")
case("FIELD_SAME_JSON_NAME", "fires",
     P3 + "message M {\n  int32 foo_bar = 1;\n  int32 b = 2 [json_name = \"x\"];\n}\n",
     P3 + "message M {\n  int32 foo_bar = 1 [json_name = \"fb\"];\n  int32 b = 2;\n}\n",
     "a json_name is added to field 1 and removed from field 2.")
case("FIELD_SAME_JSON_NAME", "nearmiss",
     P3 + "message M {\n  int32 foo_bar = 1;\n}\n",
     P3 + "message M {\n  int32 foo_bar = 1 [json_name = \"fooBar\"];\n}\n",
     "json_name is written with the default (lowerCamelCase) value.")
case("FIELD_SAME_TYPE", "fires",
     P3 + "message A {}\nmessage B {}\nenum E { E_0 = 0; }\nmessage M {\n  int32 a = 1;\n  A b = 2;\n  E c = 3;\n  string d = 4;\n}\n",
     P3 + "message A {}\nmessage B {}\nenum E { E_0 = 0; }\nmessage M {\n  int64 a = 1;\n  B b = 2;\n  int32 c = 3;\n  bytes d = 4;\n}\n",
     "scalar, message, enum and string->bytes type changes.")
NONASCII = ("  /* \u00e9\U0001F600 */ optional {t} b = 2;\n"
            "\t/* \u00e9\t\U0001F600\u4e2d */\toptional {t} c = 3;\n"
            "  optional {t} d = 4; // \u00e9\U0001F600\n"
            "  /* \u4e2d\u6587 */ optional string e = 5 [default = \"{s}\"];\n")
case("FIELD_SAME_TYPE", "non_ascii_columns",
     P2 + "message M {\n" + NONASCII.format(t="int32", s="x") + "}\n",
     P2 + "message M {\n" + NONASCII.format(t="int64", s="\u00e9\U0001F600") + "}\n",
     "non-ASCII text before the changed types (in comments) and in a default: buf's columns\n"
     "count display width (\u00e9 one, \u4e2d and \U0001F600 two) and tabs to the next\n"
     "multiple of 4, where protoc's source info counts bytes and tabs to 8.",
     use=["FIELD_SAME_TYPE", "FIELD_SAME_DEFAULT"])
case("FIELD_SAME_TYPE", "nearmiss",
     P3 + "message A {}\nmessage M {\n  A a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message A {}\nmessage M {\n  .p.A a = 1;\n  int32 b = 2 [packed = false];\n}\n",
     "the type name is written fully qualified: the same type.")
case("FIELD_WIRE_COMPATIBLE_TYPE", "fires",
     P3 + "message M {\n  int32 a = 1;\n  bytes b = 2;\n  fixed32 c = 3;\n  float d = 4;\n}\n",
     P3 + "message M {\n  sint32 a = 1;\n  string b = 2;\n  int32 c = 3;\n  double d = 4;\n}\n",
     "int32->sint32, bytes->string, fixed32->int32, float->double: wire types differ.")
case("FIELD_WIRE_COMPATIBLE_TYPE", "nearmiss",
     P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n  fixed32 c = 3;\n  sint32 d = 4;\n  uint64 e = 5;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n  bytes b = 2;\n  sfixed32 c = 3;\n  sint64 d = 4;\n  bool e = 5;\n}\n",
     "int32->int64, string->bytes, fixed32->sfixed32, sint32->sint64, uint64->bool: wire-compatible.")
ENUM_Q = 'syntax = "proto3";\npackage q;\nenum E { E_0 = 0; E_1 = 1; E_2 = 2; }\n'
case("FIELD_WIRE_COMPATIBLE_TYPE", "enum_superset",
     {"x.proto": P3 + "enum E { E_0 = 0; E_1 = 1; }\nmessage M {\n  E e = 1;\n}\n", "q.proto": ENUM_Q},
     {"x.proto": P3 + 'import "q.proto";\nmessage M {\n  q.E e = 1;\n}\n', "q.proto": ENUM_Q},
     "the field's enum moves to q.E, same short name, values a superset: wire-compatible.",
     use=["FIELD_WIRE_COMPATIBLE_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"])
case("FIELD_WIRE_COMPATIBLE_TYPE", "enum_not_superset",
     {"x.proto": P3 + "enum E { E_0 = 0; E_1 = 1; E_3 = 3; }\nmessage M {\n  E e = 1;\n}\n", "q.proto": ENUM_Q},
     {"x.proto": P3 + 'import "q.proto";\nmessage M {\n  q.E e = 1;\n}\n', "q.proto": ENUM_Q},
     "the field's enum moves to q.E, which lacks E_3 = 3: not a superset.",
     use=["FIELD_WIRE_COMPATIBLE_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"])
case("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "fires",
     P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n  sint32 c = 3;\n  uint64 d = 4;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n  bytes b = 2;\n  sint64 c = 3;\n  bool d = 4;\n}\n",
     "wire-compatible changes that break JSON: int32->int64, string->bytes, sint32->sint64, uint64->bool.")
case("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "nearmiss",
     P3 + "message M {\n  int32 a = 1;\n  int64 b = 2;\n  fixed32 c = 3;\n  fixed64 d = 4;\n}\n",
     P3 + "message M {\n  uint32 a = 1;\n  uint64 b = 2;\n  sfixed32 c = 3;\n  sfixed64 d = 4;\n}\n",
     "int32->uint32, int64->uint64, fixed32->sfixed32, fixed64->sfixed64: wire and JSON compatible.")
case("FIELD_SAME_CARDINALITY", "fires",
     P3 + "message M {\n  int32 a = 1;\n  optional int32 b = 2;\n  repeated int32 c = 3;\n}\n",
     P3 + "message M {\n  repeated int32 a = 1;\n  int32 b = 2;\n  map<int32, int32> c = 3;\n}\n",
     "implicit->repeated, explicit->implicit, repeated->map.")
case("FIELD_SAME_CARDINALITY", "nearmiss",
     P3 + "message M {\n  optional int32 a = 1;\n  repeated int32 b = 2;\n}\n",
     E23 + "message M {\n  int32 a = 1;\n  repeated int32 b = 2 [features.repeated_field_encoding = EXPANDED];\n}\n",
     "proto3 optional -> edition 2023 default (explicit presence): same cardinality.")
case("FIELD_WIRE_COMPATIBLE_CARDINALITY", "fires",
     P2 + "message M {\n  optional string a = 1;\n  required int32 b = 2;\n  repeated int32 c = 3;\n}\n",
     P2 + "message M {\n  repeated string a = 1;\n  optional int32 b = 2;\n  optional int32 c = 3;\n}\n",
     "optional->repeated, required->optional, repeated->optional.")
case("FIELD_WIRE_COMPATIBLE_CARDINALITY", "nearmiss",
     P3 + "message E {\n  int32 key = 1;\n  int32 value = 2;\n}\nmessage M {\n  optional int32 a = 1;\n  repeated E b = 2;\n}\n",
     P3 + "message E {\n  int32 key = 1;\n  int32 value = 2;\n}\nmessage M {\n  int32 a = 1;\n  map<int32, int32> b = 2;\n}\n",
     "explicit->implicit and repeated->map: same wire cardinality group.")
case("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "fires",
     P3 + "message E {\n  int32 key = 1;\n  int32 value = 2;\n}\nmessage M {\n  int32 a = 1;\n  repeated E b = 2;\n}\n",
     P3 + "message E {\n  int32 key = 1;\n  int32 value = 2;\n}\nmessage M {\n  repeated int32 a = 1;\n  map<int32, int32> b = 2;\n}\n",
     "implicit->repeated, repeated->map: JSON shapes differ.")
case("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "nearmiss",
     P3 + "message M {\n  optional int32 a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message M {\n  int32 a = 1;\n  optional int32 b = 2;\n}\n",
     "explicit <-> implicit presence: same JSON shape.")
case("FIELD_SAME_ONEOF", "fires",
     P3 + "message M {\n  int32 a = 1;\n  oneof o {\n    int32 b = 2;\n  }\n  oneof p {\n    int32 c = 3;\n  }\n}\n",
     P3 + "message M {\n  oneof o {\n    int32 a = 1;\n  }\n  int32 b = 2;\n  oneof q {\n    int32 c = 3;\n  }\n}\n",
     "field 1 moves into a oneof, field 2 out of one, field 3 to another oneof.")
case("FIELD_SAME_ONEOF", "nearmiss",
     P3 + "message M {\n  oneof o {\n    int32 a = 1;\n    int32 b = 2;\n  }\n}\n",
     P3 + "message M {\n  oneof o {\n    int32 b = 2;\n    int32 a = 1;\n    int32 c = 3;\n  }\n}\n",
     "fields reordered inside the same oneof, one added.")
case("FIELD_SAME_DEFAULT", "fires",
     P2 + "enum E { E_0 = 0; E_1 = 1; }\nmessage M {\n  optional int32 a = 1 [default = 5];\n  optional string b = 2 [default = \"x\"];\n  optional E c = 3;\n  optional float d = 4 [default = 1.5];\n}\n",
     P2 + "enum E { E_0 = 0; E_1 = 1; }\nmessage M {\n  optional int32 a = 1 [default = 6];\n  optional string b = 2;\n  optional E c = 3 [default = E_1];\n  optional float d = 4 [default = 2.5];\n}\n",
     "defaults change: 5->6, \"x\"->unset, unset enum (first value)->E_1, 1.5->2.5.")
case("FIELD_SAME_DEFAULT", "bytes",
     P2 + "message M {\n  optional bytes a = 1 [default = \"\\001x\"];\n  optional bytes b = 2 [default = \"abc\"];\n"
     "  optional bytes c = 3;\n  optional bytes d = 4 [default = \"\\377\\000\\\"\\\\\"];\n"
     "  optional bytes e = 5 [default = \"\\x41\\u00e9\\a\\b\\f\\v\\?\\'\\n\\r\\t\"];\n"
     "  optional bytes f = 6 [default = \"q\"];\n}\n",
     P2 + "message M {\n  optional bytes a = 1 [default = \"\\002y\"];\n  optional bytes b = 2 [default = \"abd\"];\n"
     "  optional bytes c = 3 [default = \"z\"];\n  optional bytes d = 4 [default = \"\\376\"];\n"
     "  optional bytes e = 5 [default = 'x' \"y\"];\n  optional bytes f = 6;\n}\n",
     "bytes defaults change: buf prints them as byte lists ([0x1,0x78], [] when empty, hex\n"
     "upper case), not quoted like string defaults; octal, hex, \\u and one-letter escapes.")
case("FIELD_SAME_DEFAULT", "nearmiss",
     P2 + "enum E { E_0 = 0; E_1 = 1; }\nmessage M {\n  optional int32 a = 1 [default = 5];\n  optional int32 b = 2;\n  optional E c = 3;\n  optional double d = 4 [default = 1e1];\n}\n",
     P2 + "enum E { E_0 = 0; E_1 = 1; }\nmessage M {\n  optional int32 a = 1 [default = 0x5];\n  optional int32 b = 2 [default = 0];\n  optional E c = 3 [default = E_0];\n  optional double d = 4 [default = 10.0];\n}\n",
     "the same defaults spelled differently: 5 vs 0x5, unset vs 0, unset enum vs its first value, 1e1 vs 10.0.")
case("FIELD_SAME_JSTYPE", "fires",
     P3 + "message M {\n  int64 a = 1;\n  uint64 b = 2 [jstype = JS_NUMBER];\n}\n",
     P3 + "message M {\n  int64 a = 1 [jstype = JS_STRING];\n  uint64 b = 2;\n}\n",
     "jstype added (JS_STRING) and removed (JS_NUMBER -> unset).")
case("FIELD_SAME_JSTYPE", "nearmiss",
     P3 + "message M {\n  int64 a = 1;\n}\n",
     P3 + "message M {\n  int64 a = 1 [jstype = JS_NORMAL];\n}\n",
     "jstype = JS_NORMAL is the default: no change.")
case("FIELD_SAME_CPP_STRING_TYPE", "fires",
     P2 + "message M {\n  optional string a = 1;\n  optional bytes b = 2 [ctype = CORD];\n}\n",
     P2 + "message M {\n  optional string a = 1 [ctype = CORD];\n  optional bytes b = 2;\n}\n",
     "ctype STRING (unset) -> CORD and CORD -> unset.")
case("FIELD_SAME_CPP_STRING_TYPE", "nearmiss",
     P2 + "message M {\n  optional string a = 1;\n  optional string b = 2 [ctype = STRING_PIECE];\n}\n",
     P2 + "message M {\n  optional string a = 1 [ctype = STRING];\n  optional string b = 2;\n}\n",
     "unset -> explicit STRING; STRING_PIECE -> STRING (buf allows it).")
case("FIELD_SAME_UTF8_VALIDATION", "fires",
     E23 + "message M {\n  string a = 1;\n}\n",
     E23 + "message M {\n  string a = 1 [features.utf8_validation = NONE];\n}\n",
     "utf8_validation VERIFY (default) -> NONE.")
case("FIELD_SAME_UTF8_VALIDATION", "nearmiss",
     P3 + "message M {\n  string a = 1;\n}\n",
     E23 + "message M {\n  string a = 1 [features.field_presence = IMPLICIT];\n}\n",
     "proto3 string (verified) -> edition 2023 (VERIFY by default): same validation.")
case("FIELD_SAME_UTF8_VALIDATION", "map_field",
     E23 + "message M {\n  map<string, string> m = 1;\n}\n",
     E23 + "message M {\n  map<string, string> m = 1 [features.utf8_validation = NONE];\n}\n",
     "utf8_validation VERIFY -> NONE on a map field: protoc hands the map field's features on\n"
     "to the synthesized entry's key and value fields, so both change (buf's default rules:\n"
     "FIELD_SAME_UTF8_VALIDATION and FIELD_SAME_JAVA_UTF8_VALIDATION, each on key and value).",
     use=[])
case("FIELD_SAME_JAVA_UTF8_VALIDATION", "fires",
     P2 + "message M {\n  optional string a = 1;\n}\n",
     P2 + "option java_string_check_utf8 = true;\nmessage M {\n  optional string a = 1;\n}\n",
     "java_string_check_utf8 = true is added to the file.")
case("FIELD_SAME_JAVA_UTF8_VALIDATION", "nearmiss",
     P2 + "message M {\n  optional string a = 1;\n}\n",
     P2 + "option java_string_check_utf8 = false;\nmessage M {\n  optional string a = 1;\n}\n",
     "java_string_check_utf8 = false is the default: no change.")

# ---------------------------------------------------------------- field rules on extensions
# buf says "Extension" instead of "Field" in every field rule that can fire on one.
XM = P2 + "message M {\n  extensions 100 to 200;\n}\nenum E {\n  E0 = 0;\n  E1 = 1;\n}\nenum F {\n  F0 = 0;\n}\n"
XE = E23 + "import \"google/protobuf/cpp_features.proto\";\nmessage M {\n  extensions 100 to 200;\n}\nmessage S {\n  int32 a = 1;\n}\n"


def xcase(rule, old_body, new_body, readme, base=XM, use=None, head=""):
    case(rule, "extension",
         base + head + "extend M {\n" + old_body + "}\n",
         base + "extend M {\n" + new_body + "}\n",
         readme, use=use)


for rule in ("FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY",
             "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"):
    xcase(rule, "  optional int32 a = 100;\n  repeated int32 b = 101;\n",
          "  repeated int32 a = 100;\n  optional int32 b = 101;\n",
          "extension a becomes repeated and extension b optional: \"Extension\" in the message.")
xcase("FIELD_SAME_TYPE", "  optional int32 a = 100;\n  optional E b = 101;\n",
      "  optional int64 a = 100;\n  optional F b = 101;\n",
      "extension a changes int32 -> int64, b enum E -> F: \"Extension\" in the message.")
xcase("FIELD_WIRE_COMPATIBLE_TYPE",
      "  optional int32 a = 100;\n  optional bytes b = 101;\n  optional E c = 102;\n  optional string d = 103;\n",
      "  optional sint32 a = 100;\n  optional string b = 101;\n  optional F c = 102;\n  optional bytes d = 103;\n",
      "extension a int32 -> sint32, b bytes -> string (the UTF-8 note), c enum E -> F (no\n"
      "link), d string -> bytes (compatible): \"Extension\" in each message.")
xcase("FIELD_WIRE_JSON_COMPATIBLE_TYPE",
      "  optional int32 a = 100;\n  optional E c = 102;\n  optional int32 d = 103;\n",
      "  optional int64 a = 100;\n  optional F c = 102;\n  optional uint32 d = 103;\n",
      "extension a int32 -> int64, c enum E -> F (no links), d int32 -> uint32 (compatible).")
xcase("FIELD_SAME_CPP_STRING_TYPE", "  optional string a = 100 [ctype = CORD];\n",
      "  optional string a = 100;\n", "extension a loses ctype = CORD.")
xcase("FIELD_SAME_JSTYPE", "  optional int64 a = 100 [jstype = JS_STRING];\n",
      "  optional int64 a = 100 [jstype = JS_NUMBER];\n", "extension a: jstype JS_STRING -> JS_NUMBER.")
xcase("FIELD_SAME_DEFAULT",
      "  optional int32 a = 100 [default = 5];\n  optional string b = 101 [default = \"a\"];\n"
      "  optional E c = 102 [default = E1];\n",
      "  optional int32 a = 100 [default = 6];\n  optional string b = 101 [default = \"b\"];\n"
      "  optional E c = 102 [default = E0];\n",
      "the defaults of three extensions change (integer, string, enum).")
xcase("FIELD_SAME_JAVA_UTF8_VALIDATION", "  optional string a = 100;\n", "  optional string a = 100;\n",
      "option java_string_check_utf8 = true is removed from the file: the Java UTF-8 check of\n"
      "string extension a goes from VERIFY to NONE.",
      head="option java_string_check_utf8 = true;\n")
xcase("FIELD_SAME_UTF8_VALIDATION", "  string a = 100;\n  string b = 101 [features.(pb.cpp).string_type = CORD];\n",
      "  string a = 100 [features.utf8_validation = NONE];\n  string b = 101;\n",
      "edition 2023: string extension a gets utf8_validation = NONE (VERIFY -> NONE), and b\n"
      "loses its C++ string type CORD; under FILE both rules and the Java check report.",
      base=XE, use=["FILE"])
case("_editions", "extension_delimited",
     XE + "extend M {\n  S a = 100;\n  repeated int32 b = 101;\n}\n",
     XE + "extend M {\n  S a = 100 [features.message_encoding = DELIMITED];\n  int32 b = 101;\n}\n",
     "edition 2023: extension a becomes DELIMITED (a type change for buf) and b singular.",
     use=["FILE", "WIRE_JSON", "WIRE"])

# ---------------------------------------------------------------- enums
case("ENUM_SAME_TYPE", "fires",
     E23 + "enum E {\n  E_0 = 0;\n}\n",
     E23 + "enum E {\n  option features.enum_type = CLOSED;\n  E_0 = 0;\n}\n",
     "enum E becomes closed.")
case("ENUM_SAME_TYPE", "syntax",
     P2 + "enum E {\n  E_0 = 0;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n}\n",
     "proto2 (closed) -> proto3 (open).")
case("ENUM_SAME_TYPE", "nearmiss",
     P2 + "enum E {\n  E_0 = 0;\n}\n",
     E23 + "enum E {\n  option features.enum_type = CLOSED;\n  E_0 = 0;\n}\n",
     "proto2 -> edition 2023 with enum_type = CLOSED: still closed.")
case("ENUM_SAME_JSON_FORMAT", "fires",
     E23 + "enum E {\n  E_0 = 0;\n}\n",
     E23 + "enum E {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  E_0 = 0;\n}\n",
     "json_format ALLOW -> LEGACY_BEST_EFFORT on the enum.")
case("ENUM_SAME_JSON_FORMAT", "nearmiss",
     E23 + "enum E {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  E_0 = 0;\n}\n",
     E23 + "enum E {\n  E_0 = 0;\n}\n",
     "LEGACY_BEST_EFFORT -> ALLOW: allowed.")
case("ENUM_VALUE_NO_DELETE", "fires",
     P3 + "enum E {\n  E_0 = 0;\n  E_1 = 1;\n  E_2 = 2;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  reserved 1;\n}\n",
     "values 1 and 2 are deleted (1 with its number reserved).")
case("ENUM_VALUE_NO_DELETE", "nearmiss",
     P3 + "enum E {\n  option allow_alias = true;\n  E_0 = 0;\n  E_1 = 1;\n  E_ONE = 1;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  E_ONE = 1;\n}\n",
     "alias E_1 of number 1 is dropped; number 1 still has a value.")
for rule, other in [("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "NAME"),
                    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "NUMBER")]:
    res_num = "  reserved 1;\n"
    res_name = "  reserved \"E_1\";\n"
    good = res_num if other == "NAME" else res_name
    bad = res_name if other == "NAME" else res_num
    case(rule, "fires",
         P3 + "enum E {\n  E_0 = 0;\n  E_1 = 1;\n}\n",
         P3 + "enum E {\n  E_0 = 0;\n" + bad + "}\n",
         "value E_1 = 1 is deleted with only its %s reserved." % other.lower())
    case(rule, "nearmiss",
         P3 + "enum E {\n  E_0 = 0;\n  E_1 = 1;\n}\n",
         P3 + "enum E {\n  E_0 = 0;\n" + good + "}\n",
         "value E_1 = 1 is deleted with the right thing reserved.")
case("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "aliases",
     P3 + "enum E {\n  option allow_alias = true;\n  E_0 = 0;\n  E_1 = 1;\n  E_ONE = 1;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  reserved \"E_1\";\n}\n",
     "number 1 (names E_1, E_ONE) is deleted with only one of its names reserved.")
case("ENUM_VALUE_SAME_NAME", "fires",
     P3 + "enum E {\n  E_0 = 0;\n  E_1 = 1;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  E_ONE = 1;\n}\n",
     "value 1 is renamed E_1 -> E_ONE.")
case("ENUM_VALUE_SAME_NAME", "alias_dropped",
     P3 + "enum E {\n  option allow_alias = true;\n  E_0 = 0;\n  E_1 = 1;\n  E_ONE = 1;\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  E_ONE = 1;\n}\n",
     "alias E_1 of number 1 is dropped: a name of the number disappears.")
case("ENUM_VALUE_SAME_NAME", "nearmiss",
     P3 + "enum E {\n  E_0 = 0;\n  E_1 = 1;\n}\n",
     P3 + "enum E {\n  option allow_alias = true;\n  E_0 = 0;\n  E_1 = 1;\n  E_ONE = 1;\n}\n",
     "alias E_ONE is added to number 1; E_1 is still there.")
case("RESERVED_ENUM_NO_DELETE", "fires",
     P3 + "enum E {\n  E_0 = 0;\n  reserved 2, 5 to max;\n  reserved \"X\";\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  reserved 5 to 100;\n}\n",
     "reserved 2 and name X dropped, 5 to max shrinks to 5 to 100.")
case("RESERVED_ENUM_NO_DELETE", "nearmiss",
     P3 + "enum E {\n  E_0 = 0;\n  reserved 2 to 5;\n  reserved \"X\";\n}\n",
     P3 + "enum E {\n  E_0 = 0;\n  reserved 4 to 5, 2 to 3, 9;\n  reserved \"X\", \"Y\";\n}\n",
     "the range is split and reordered, more reserved: everything old still reserved.")

# ---------------------------------------------------------------- services
SVC = P3 + "message A {}\nmessage B {}\nservice S {\n  rpc M(%s) returns (%s)%s\n}\n"
case("RPC_SAME_REQUEST_TYPE", "fires", SVC % ("A", "A", ";"), SVC % ("B", "A", ";"),
     "request type A -> B.")
case("RPC_SAME_REQUEST_TYPE", "nearmiss", SVC % ("A", "A", ";"), SVC % (".p.A", "B", ";"),
     "request type written fully qualified (response changes, another rule).")
case("RPC_SAME_RESPONSE_TYPE", "fires", SVC % ("A", "A", ";"), SVC % ("A", "B", ";"),
     "response type A -> B.")
case("RPC_SAME_RESPONSE_TYPE", "nearmiss", SVC % ("A", "A", ";"), SVC % ("B", "p.A", ";"),
     "response type written partly qualified (request changes, another rule).")
case("RPC_SAME_CLIENT_STREAMING", "fires", SVC % ("A", "A", ";"), SVC % ("stream A", "A", ";"),
     "the request becomes a stream.")
case("RPC_SAME_CLIENT_STREAMING", "nearmiss", SVC % ("A", "A", ";"), SVC % ("A", "stream A", ";"),
     "only the response becomes a stream.")
case("RPC_SAME_SERVER_STREAMING", "fires", SVC % ("A", "stream A", ";"), SVC % ("A", "A", ";"),
     "the response stops being a stream.")
case("RPC_SAME_SERVER_STREAMING", "nearmiss", SVC % ("A", "stream A", ";"), SVC % ("stream A", "stream A", ";"),
     "only the request becomes a stream.")
IDEM = " {\n    option idempotency_level = %s;\n  }"
case("RPC_SAME_IDEMPOTENCY_LEVEL", "fires", SVC % ("A", "A", IDEM % "NO_SIDE_EFFECTS"),
     SVC % ("A", "A", IDEM % "IDEMPOTENT"), "NO_SIDE_EFFECTS -> IDEMPOTENT.")
case("RPC_SAME_IDEMPOTENCY_LEVEL", "removed", SVC % ("A", "A", IDEM % "IDEMPOTENT"),
     SVC % ("A", "A", ";"), "IDEMPOTENT -> unset: reported at 1:1 of the file.")
case("RPC_SAME_IDEMPOTENCY_LEVEL", "nearmiss", SVC % ("A", "A", ";"),
     SVC % ("A", "A", IDEM % "IDEMPOTENCY_UNKNOWN"), "unset -> explicit IDEMPOTENCY_UNKNOWN (the default).")

# ---------------------------------------------------------------- configuration, versions, aliases
case("_config", "default_use",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\nmessage N {}\n",
     P3 + "message M {\n  int64 a = 1;\n}\n",
     "no breaking section in buf.yaml: buf's default, the FILE category.", use=[])
case("_config", "except",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n}\n",
     "use FILE except FIELD_NO_DELETE: only the type change is reported.",
     config="version: v2\nbreaking:\n  use: [FILE]\n  except: [FIELD_NO_DELETE]\n")
case("_config", "all_categories",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n  string c = 3;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n  bytes c = 3;\n}\n",
     "FILE, PACKAGE, WIRE_JSON and WIRE together: one change, several rules.",
     use=["FILE", "PACKAGE", "WIRE_JSON", "WIRE"])
case("_config", "wire_only",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n  string c = 3;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n  reserved 2;\n  bytes c = 3;\n}\n",
     "category WIRE: int32->int64, string->bytes and a reserved deletion are all fine.",
     use=["WIRE"])
case("FIELD_SAME_LABEL", "v1_fires",
     P3 + "message M {\n  int32 a = 1;\n  optional int32 b = 2;\n}\n",
     P3 + "message M {\n  repeated int32 a = 1;\n  int32 b = 2;\n}\n",
     "v1 alias FIELD_SAME_LABEL (deprecated; stands for the three cardinality rules).",
     version="v1")
case("FIELD_SAME_CTYPE", "v1_fires",
     P2 + "message M {\n  optional string a = 1;\n}\n",
     P2 + "message M {\n  optional string a = 1 [ctype = CORD];\n}\n",
     "v1 alias FIELD_SAME_CTYPE (deprecated) of FIELD_SAME_CPP_STRING_TYPE.", version="v1")
case("FILE_SAME_JAVA_STRING_CHECK_UTF8", "v1_fires",
     P2 + "message M {\n  optional string a = 1;\n}\n",
     P2 + "option java_string_check_utf8 = true;\nmessage M {\n  optional string a = 1;\n}\n",
     "v1 alias FILE_SAME_JAVA_STRING_CHECK_UTF8 (deprecated) of FIELD_SAME_JAVA_UTF8_VALIDATION.",
     version="v1")
case("MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", "v1_noop",
     P2 + "message M {\n  optional int32 a = 1;\n  extensions 4 to max;\n}\n",
     P2 + "message M {\n  option message_set_wire_format = false;\n  extensions 4 to max;\n}\n",
     "v1 rule MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT (deprecated) is accepted and never fires in\n"
     "buf 1.75 (buf cannot compile a message set at all, so the option can only be false).\n"
     "FIELD_NO_DELETE is used as well: buf 1.75 fails with \"resultRules was empty\" when the\n"
     "only rules selected are no-ops.",
     use=["MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", "FIELD_NO_DELETE"], version="v1")
# MESSAGE_SAME_WIRE_FORMAT is ours: buf 1.75 fails on any message set ("is a MessageSet,
# which is a legacy proto1 feature that is no longer supported", exit 1, no findings).
MSET = P2 + "message M {\n  option message_set_wire_format = true;\n  extensions 4 to 100;\n}\n"
MNOSET = P2 + "message M {\n  extensions 4 to 100;\n}\n"
MSET_README = ("\nbuf 1.75 cannot compile message sets: it fails with \"proto: message \"p.M\" is a\n"
               "MessageSet, which is a legacy proto1 feature that is no longer supported\" (exit 1,\n"
               "nothing on stdout), so expected.json is empty. protoc 3.21 and 36 compile it. We\n"
               "report the change under our rule MESSAGE_SAME_WIRE_FORMAT (docs/rules.md).")


def mset_finding(line, col, end_line, end_col, old, new):
    return {"path": "new/x.proto", "start_line": line, "start_column": col, "end_line": end_line,
            "end_column": end_col, "type": "MESSAGE_SAME_WIRE_FORMAT",
            "message": "Message \"M\" changed option \"message_set_wire_format\" from \"%s\" to \"%s\"."
            % (old, new)}


case("MESSAGE_SAME_WIRE_FORMAT", "removed", MSET, MNOSET,
     "message_set_wire_format = true is removed: reported at the message (3:1 to 5:2), the\n"
     "option being gone from NEW. The explicit extension range keeps EXTENSION_MESSAGE_NO_DELETE\n"
     "quiet (with `4 to max` the maximum itself changes)." + MSET_README,
     use=["FILE", "WIRE"], ours=[mset_finding(3, 1, 5, 2, "true", "false")])
case("MESSAGE_SAME_WIRE_FORMAT", "added", MNOSET, MSET,
     "message_set_wire_format = true is added: reported at the option statement (4:3 to\n"
     "4:41)." + MSET_README,
     use=["WIRE_JSON"], ours=[mset_finding(4, 3, 4, 41, "false", "true")])
case("MESSAGE_SAME_WIRE_FORMAT", "v1_alias_noop", MSET, MNOSET,
     "buf.yaml v1 with use: [MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT, FIELD_NO_DELETE]: buf's\n"
     "deprecated ID stays a no-op alias and selects nothing of ours, so the removal is not\n"
     "reported." + MSET_README,
     use=["MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", "FIELD_NO_DELETE"], version="v1", ours=[])
case("MESSAGE_SAME_WIRE_FORMAT", "nearmiss",
     MNOSET, P2 + "message M {\n  option message_set_wire_format = false;\n  extensions 4 to 100;\n}\n",
     "message_set_wire_format = false is written where it was unset: the encoding is the same.\n"
     "buf compiles this (the option is false) and reports nothing.",
     use=["FILE", "WIRE_JSON", "WIRE"])

case("FILE_SAME_PHP_GENERIC_SERVICES", "v1_noop",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "option php_generic_services = true;\nmessage M {\n  int32 a = 1;\n}\n",
     "v1 rule FILE_SAME_PHP_GENERIC_SERVICES (deprecated): the option itself no longer exists\n"
     "in descriptor.proto (field 42 is reserved), so setting it is a compile error (buf: type\n"
     "COMPILE, exit 1). protocompat must exit 3 and name the same place.",
     use=["FILE_SAME_PHP_GENERIC_SERVICES", "FIELD_NO_DELETE"], version="v1")
case("FILE_SAME_PHP_GENERIC_SERVICES", "v1_nearmiss",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "option go_package = \"a/b\";\nmessage M {\n  int64 a = 1;\n}\n",
     "v1 rule FILE_SAME_PHP_GENERIC_SERVICES is accepted and reports nothing.",
     use=["FILE_SAME_PHP_GENERIC_SERVICES", "FIELD_NO_DELETE"], version="v1")
case("_config", "v1_default",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n",
     P3 + "message M {\n  int64 a = 1;\n}\n",
     "buf.yaml v1 without a breaking section: the v1 default (FILE).", use=[], version="v1")
case("_config", "v1beta1_wire",
     {"x.proto": P3 + "message M {\n  int32 a = 1;\n  optional int32 b = 2;\n}\n",
      "y.proto": P3 + "message N {}\n"},
     {"x.proto": P3 + "message M {\n  int64 a = 1;\n  repeated int32 b = 2;\n}\n",
      "y.proto": 'syntax = "proto3";\npackage q;\nmessage N {}\n'},
     "v1beta1 WIRE contains FIELD_SAME_TYPE and FIELD_SAME_CARDINALITY but not FILE_SAME_PACKAGE.",
     use=["WIRE"], version="v1beta1")
case("_config", "v1beta1_file",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     'syntax = "proto3";\npackage q;\nmessage M {\n  int32 a = 1;\n}\n',
     "v1beta1 FILE contains FILE_SAME_PACKAGE.", use=["FILE"], version="v1beta1")

case("_config", "ignore",
     {"a/x.proto": 'syntax = "proto3";\npackage a;\nmessage M {\n  int32 f = 1;\n}\n',
      "b/y.proto": 'syntax = "proto3";\npackage b;\nmessage M {\n  int32 f = 1;\n}\n'},
     {"a/x.proto": 'syntax = "proto3";\npackage a;\nmessage M {\n  int64 f = 1;\n}\n',
      "b/y.proto": 'syntax = "proto3";\npackage b;\nmessage M {\n  int64 f = 1;\n}\n'},
     "ignore: [b] silences every rule for the files under b/; a/ is still checked.",
     config="version: v2\nbreaking:\n  use: [FILE]\n  ignore:\n    - b\n")
case("_config", "ignore_only",
     {"a/x.proto": 'syntax = "proto3";\npackage a;\nmessage M {\n  int32 f = 1;\n  int32 g = 2;\n}\n',
      "b/y.proto": 'syntax = "proto3";\npackage b;\nmessage M {\n  int32 f = 1;\n  int32 g = 2;\n}\n'},
     {"a/x.proto": 'syntax = "proto3";\npackage a;\nmessage M {\n  int64 f = 1;\n}\n',
      "b/y.proto": 'syntax = "proto3";\npackage b;\nmessage M {\n  int64 f = 1;\n}\n'},
     "ignore_only silences FIELD_NO_DELETE for a/x.proto only; its type change and all of\n"
     "b/y.proto are still reported.",
     config="version: v2\nbreaking:\n  use: [FILE]\n  ignore_only:\n    FIELD_NO_DELETE:\n      - a/x.proto\n")
case("_config", "ignore_unstable_packages",
     {"s.proto": 'syntax = "proto3";\npackage acme.v1;\nmessage M {\n  int32 f = 1;\n}\n',
      "u.proto": 'syntax = "proto3";\npackage acme.v1beta1;\nmessage M {\n  int32 f = 1;\n}\n',
      "w.proto": 'syntax = "proto3";\npackage acme.v2test;\nmessage M {\n  int32 f = 1;\n}\n'},
     {"s.proto": 'syntax = "proto3";\npackage acme.v1;\nmessage M {\n  int64 f = 1;\n}\n',
      "u.proto": 'syntax = "proto3";\npackage acme.v1beta1;\nmessage M {\n  int64 f = 1;\n}\n',
      "w.proto": 'syntax = "proto3";\npackage acme.v2test;\nmessage M {\n  int64 f = 1;\n}\n'},
     "ignore_unstable_packages: changes in acme.v1beta1 and acme.v2test are not reported;\n"
     "acme.v1 is.",
     config="version: v2\nbreaking:\n  use: [FILE]\n  ignore_unstable_packages: true\n")
case("_config", "subdirectories",
     {"acme/user/v1/user.proto": 'syntax = "proto3";\npackage acme.user.v1;\nmessage User {\n  string name = 1;\n  string email = 2;\n}\n',
      "acme/api/v1/api.proto": 'syntax = "proto3";\npackage acme.api.v1;\nimport "acme/user/v1/user.proto";\nservice Api {\n  rpc Get(acme.user.v1.User) returns (acme.user.v1.User);\n}\n'},
     {"acme/user/v1/user.proto": 'syntax = "proto3";\npackage acme.user.v1;\nmessage User {\n  string name = 1;\n}\n',
      "acme/api/v1/api.proto": 'syntax = "proto3";\npackage acme.api.v1;\nimport "acme/user/v1/user.proto";\nservice Api {\n  rpc Get(acme.user.v1.User) returns (stream acme.user.v1.User);\n}\n'},
     "files in subdirectories that import each other: paths are new/acme/...",
     use=["FILE"])

case("_config", "order_at_one_place",
     {"x.proto": P2 + "option go_package = \"a/b\";\noption java_package = \"c\";\n"
      "message M {\n  optional int32 a = 1;\n  optional int32 b = 2;\n  required int32 c = 3;\n"
      "  optional int32 d = 4;\n  message N { optional int32 z = 1; }\n"
      "  enum E { E0 = 0; E1 = 1; }\n  oneof o { int32 q = 5; }\n}\n"
      "message Gone { optional int32 x = 1; }\nenum Z { Z0 = 0; Z1 = 1; Z2 = 2; }\n",
      "a/b.proto": 'syntax = "proto3";\npackage r;\nmessage B {}\n',
      "a_b.proto": 'syntax = "proto3";\npackage s;\nmessage C {}\n',
      "ab.proto": 'syntax = "proto3";\npackage t;\nmessage C {}\n',
      "aa.proto": 'syntax = "proto3";\npackage u;\nmessage D { int32 x = 1; }\n'},
     {"x.proto": 'syntax = "proto3";\npackage q;\nmessage M {\n  repeated string a = 1;\n'
      '  reserved 3;\n  int64 d = 4 [json_name = "dd"];\n}\nenum Z { Z0 = 0; }\n',
      "aa.proto": 'syntax = "proto3";\npackage u;\nmessage D { }\n'},
     "many findings at few places under four categories, to pin buf's order: path (placeless\n"
     "first), start line and column, type, message, and only then end line and column\n"
     "(FILE_SAME_SYNTAX at 1:1-1:19 sorts between FILE_SAME_JAVA_PACKAGE and\n"
     "MESSAGE_NO_DELETE, both at 1:1-1:1). The runner compares the order too.",
     use=["FILE", "PACKAGE", "WIRE_JSON", "WIRE"])

# ---------------------------------------------------------------- inputs that do not compile
case("_errors", "syntax_new",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "message M {\n  int32 a = 1\n}\n",
     "NEW does not parse (missing ';'): buf reports a COMPILE error (exit 100); we exit 3.",
     use=["FILE"])
case("_errors", "syntax_old",
     P3 + "message M {\n  int32 a = ;\n}\n",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     "OLD does not parse: buf reports a COMPILE error; we exit 3.",
     use=["FILE"])
case("_errors", "unresolved_type",
     P3 + "message M {\n  int32 a = 1;\n}\n",
     P3 + "message M {\n  Missing a = 1;\n}\n",
     "NEW names an unknown type (a link error): buf reports COMPILE; we exit 3.",
     use=["FILE"])

# ---------------------------------------------------------------- edition 2024 visibility
case("_editions", "export_local",
     E24 + "export message M {\n  int32 a = 1;\n}\n",
     E24 + "local message M {\n  int32 a = 1;\n}\n",
     "buf defect: edition 2024 symbol visibility is not checked by buf 1.75. Making an\n"
     "exported message `local` breaks every other file (and package) that imports it:\n"
     "their generated code no longer compiles. We intend to report it under a rule of our\n"
     "own (MESSAGE_SAME_VISIBILITY, FILE and PACKAGE categories); the diff engine has no\n"
     "change kind for visibility yet, so the case is pending.",
     use=["FILE"],
     ours=[{"path": "new/x.proto", "start_line": 3, "start_column": 1, "end_line": 5,
            "end_column": 2, "type": "MESSAGE_SAME_VISIBILITY",
            "message": "Message \"M\" changed visibility from \"export\" to \"local\"."}],
     pending="no visibility change kind in src/diff.h and no rule for it")


# ---------------------------------------------------------------- ours (PROTOCOMPAT)
# Rules buf does not have (rules/protocompat.yaml). buf runs the `use` rules and its
# findings are recorded as always; `plus` is what our rule adds, worked out by hand
# (positions: 1-based columns, end exclusive, as buf prints them). Each position names
# what it is taken from, and recording checks it against buf: like=RULE, the place
# buf's RULE reports on the same case (run with `use: [RULE]`); src=PATH, the span of
# that SourceCodeInfo path of NEW's x.proto in `buf build`'s image.
def our_finding(rule, line, col, end_line, end_col, message, path="new/x.proto", like=None, src=None):
    assert (like is None) != (src is None), "a plus position needs like= or src="
    o = {"path": path, "start_line": line, "start_column": col, "end_line": end_line,
         "end_column": end_col, "type": rule, "message": message,
         "_from": ("like", like) if like else ("src", src)}
    if path is None:
        del o["path"]
    return o


ONEOF_OLD = P3 + "message M {\n  oneof choice {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n"
ONEOF_NEW = P3 + ("message M {\n  reserved 2;\n  reserved \"b\";\n  oneof choice {\n"
                  "    int32 a = 1;\n  }\n}\n")
ONEOF_MEMBER_GONE = our_finding(
    "ONEOF_NO_MEMBER_DELETE", 3, 1, 9, 2,
    "Previously present field \"2\" with name \"b\" was deleted from a oneof of message \"M\".",
    like="FIELD_NO_DELETE")
case("ONEOF_NO_MEMBER_DELETE", "fires", ONEOF_OLD, ONEOF_NEW,
     "b leaves the oneof `choice`, which lives on with a; its number and name are reserved,\n"
     "so buf's WIRE rules are satisfied (buf reports nothing). Ours reports the deletion\n"
     "at NEW's message M (3:1 to 9:2), where buf reports FIELD_NO_DELETE under FILE.",
     use=["WIRE"], plus=[ONEOF_MEMBER_GONE])
case("ONEOF_NO_MEMBER_DELETE", "file", ONEOF_OLD, ONEOF_NEW,
     "The same change under FILE: buf's FIELD_NO_DELETE and ours, both at NEW's message M.",
     use=["FILE"], plus=[ONEOF_MEMBER_GONE])
case("ONEOF_NO_MEMBER_DELETE", "nearmiss",
     P3 + "message M {\n  int32 x = 3;\n  oneof choice {\n    int32 a = 1;\n  }\n}\n",
     P3 + "message M {\n  reserved 1;\n  reserved \"a\";\n  int32 x = 3;\n}\n",
     "The oneof goes with its only member: no NEW reader can see it unset (buf's\n"
     "ONEOF_NO_DELETE, FILE, is about that); a plain field of M is kept.",
     use=["WIRE"], plus=[])

SWAP_OLD = P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n"
SWAP_NEW = P3 + "message M {\n  int32 b = 1;\n  int32 a = 2;\n}\n"
SWAPPED = our_finding("FIELD_NO_NUMBER_SWAP", 4, 13, 4, 14,
                      "Fields \"a\" and \"b\" on message \"M\" swapped numbers 1 and 2.",
                      src=[4, 0, 2, 0, 3])  # message 0, field 0, its number
case("FIELD_NO_NUMBER_SWAP", "fires", SWAP_OLD, SWAP_NEW,
     "a and b trade numbers 1 and 2 (same type): buf's WIRE rules see nothing (the types\n"
     "at each number agree); ours reports once, at NEW's number of the lower field\n"
     "(`1` of `int32 b = 1;`, 4:13 to 4:14).",
     use=["WIRE"], plus=[SWAPPED])
case("FIELD_NO_NUMBER_SWAP", "wire_json", SWAP_OLD, SWAP_NEW,
     "The same swap under WIRE_JSON: buf reports the two renames (FIELD_SAME_NAME and\n"
     "FIELD_SAME_JSON_NAME at each number); ours adds the one finding that says what happened.",
     use=["WIRE_JSON"], plus=[SWAPPED])
case("FIELD_NO_NUMBER_SWAP", "nearmiss",
     P3 + "message M {\n  int32 a = 1;\n  int32 b = 2;\n  int32 c = 3;\n}\n",
     P3 + "message M {\n  int32 b = 1;\n  int32 c = 2;\n  int32 a = 3;\n}\n",
     "A rotation of three fields (a 1 -> 3, b 2 -> 1, c 3 -> 2) is no swap: no two fields\n"
     "trade numbers (buf's FIELD_SAME_NAME reports each rename under FILE).",
     use=["WIRE"], plus=[])

SVC = "message M {}\nservice %s {\n  rpc %s(M) returns (M);\n}\n"
SVC_GONE = "Service \"S\" of package \"p\" is gone: its methods' gRPC paths \"/p.S/...\" no longer exist."
case("SERVICE_SAME_GRPC_PATH", "fires", P3 + SVC % ("S", "Get"), P3 + SVC % ("T", "Get"),
     "Service S is renamed T: under WIRE buf reports nothing, but every call's path\n"
     "/p.S/Get is gone. Reported where buf reports SERVICE_NO_DELETE (the file, 1:1).",
     use=["WIRE"],
     plus=[our_finding("SERVICE_SAME_GRPC_PATH", 1, 1, 1, 1, SVC_GONE, like="SERVICE_NO_DELETE")])
case("SERVICE_SAME_GRPC_PATH", "nearmiss",
     {"x.proto": P3 + SVC % ("S", "Get")},
     {"x.proto": P3 + "message M {}\n", "y.proto": P3 + 'import "x.proto";\n' + "service S {\n  rpc Get(M) returns (M);\n}\n"},
     "Service S moves to another file of package p: the path /p.S/Get is the same\n"
     "(buf's SERVICE_NO_DELETE, FILE, still reports the file it left).",
     use=["WIRE"], plus=[])
case("RPC_SAME_GRPC_PATH", "fires", P3 + SVC % ("S", "Get"), P3 + SVC % ("S", "Fetch"),
     "RPC Get is renamed Fetch: OLD clients call /p.S/Get and get UNIMPLEMENTED. Reported\n"
     "where buf reports RPC_NO_DELETE (NEW's service, 4:1 to 6:2).",
     use=["WIRE"],
     plus=[our_finding("RPC_SAME_GRPC_PATH", 4, 1, 6, 2,
                       "RPC \"Get\" on service \"S\" is gone: OLD clients calling \"/p.S/Get\" get UNIMPLEMENTED.",
                       like="RPC_NO_DELETE")])
case("RPC_SAME_GRPC_PATH", "nearmiss",
     P3 + "message M {}\nmessage N {}\nservice S {\n  rpc Get(M) returns (M);\n}\n",
     P3 + "message M {}\nmessage N {}\nservice S {\n  rpc Get(M) returns (N);\n}\n",
     "The RPC keeps its name and path; only its response type changes (buf's\n"
     "RPC_SAME_RESPONSE_TYPE, also in WIRE, reports that).",
     use=["WIRE"], plus=[])
MSG_GONE = "Message \"p.Old\" is gone: Any values of type URL \".../p.Old\" no longer resolve."
case("MESSAGE_SAME_TYPE_URL", "fires",
     P3 + "message Old {\n  int32 a = 1;\n}\n", P3 + "message New {\n  int32 a = 1;\n}\n",
     "Message p.Old is renamed p.New: the bytes are the same, so buf's WIRE_JSON rules say\n"
     "nothing, but an Any naming type.googleapis.com/p.Old no longer resolves. Reported\n"
     "where buf reports MESSAGE_NO_DELETE (the file, 1:1).",
     use=["WIRE_JSON"],
     plus=[our_finding("MESSAGE_SAME_TYPE_URL", 1, 1, 1, 1, MSG_GONE, like="MESSAGE_NO_DELETE")])
case("MESSAGE_SAME_TYPE_URL", "nearmiss",
     {"x.proto": P3 + "message Old {\n  int32 a = 1;\n}\n"},
     {"x.proto": P3, "y.proto": P3 + "message Old {\n  int32 a = 1;\n}\n"},
     "Message p.Old moves to another file of package p: its full name, and so its type\n"
     "URL, is the same.",
     use=["WIRE_JSON"], plus=[])
case("MESSAGE_SAME_TYPE_URL", "file_deleted",
     {"x.proto": P3 + "message Keep {}\n", "y.proto": P3 + "message Old {\n  int32 a = 1;\n}\n"},
     {"x.proto": P3 + "message Keep {}\n"},
     "y.proto is deleted with its message p.Old; package p lives on in x.proto. buf reports\n"
     "nothing under WIRE_JSON; ours reports without a place (no NEW file holds the\n"
     "message's old spot), as buf's PACKAGE_MESSAGE_NO_DELETE does in\n"
     "PACKAGE_MESSAGE_NO_DELETE/other_file_deleted.",
     use=["WIRE_JSON"],
     plus=[our_finding("MESSAGE_SAME_TYPE_URL", 1, 1, 1, 1, MSG_GONE, path=None,
                       like="PACKAGE_MESSAGE_NO_DELETE")])
case("SERVICE_SAME_GRPC_PATH", "file_deleted",
     {"x.proto": P3 + "message M {}\n", "y.proto": P3 + 'import "x.proto";\n' + "service S {\n  rpc Get(M) returns (M);\n}\n"},
     {"x.proto": P3 + "message M {}\n"},
     "y.proto is deleted with service p.S; package p lives on in x.proto. Reported\n"
     "without a place, as buf's PACKAGE_SERVICE_NO_DELETE does.",
     use=["WIRE"],
     plus=[our_finding("SERVICE_SAME_GRPC_PATH", 1, 1, 1, 1, SVC_GONE, path=None,
                       like="PACKAGE_SERVICE_NO_DELETE")])
CE_OLD = "enum E {\n  A = 0;\n}\nmessage M {\n  optional E e = 1;\n}\n"
CE_NEW = "enum E {\n  A = 0;\n  B = 1;\n}\nmessage M {\n  optional E e = 1;\n}\n"
case("ENUM_CLOSED_NO_VALUE_ADD", "fires", P2 + CE_OLD, P2 + CE_NEW,
     "B is added to the proto2 (closed) enum E: OLD readers put B into unknown fields and\n"
     "see e unset. buf allows every addition; ours reports at the new value (`B = 1;`,\n"
     "5:3 to 5:9, as protoc spans a value with its semicolon).",
     use=["WIRE"],
     plus=[our_finding("ENUM_CLOSED_NO_VALUE_ADD", 5, 3, 5, 9, "Enum value \"B\" (1) was added to closed enum \"E\".",
                       src=[5, 0, 2, 1])])  # enum 0, value 1
case("ENUM_CLOSED_NO_VALUE_ADD", "nearmiss", P3 + CE_OLD.replace("optional E", "E"),
     P3 + CE_NEW.replace("optional E", "E"),
     "The same addition to a proto3 (open) enum: OLD readers keep the number as it is.",
     use=["WIRE"], plus=[])

PR_IMPLICIT = "message M {\n  int32 a = 1;\n}\n"
PR_EXPLICIT = "message M {\n  optional int32 a = 1;\n}\n"
PR_TO_EXPLICIT = ("Field \"1\" with name \"a\" on message \"M\" changed from implicit to explicit presence: a value set to "
                  "its default is now written (ProtoJSON prints it), and OLD readers drop it.")
PR_TO_IMPLICIT = ("Field \"1\" with name \"a\" on message \"M\" changed from explicit to implicit presence: a value set to "
                  "its default is no longer written (ProtoJSON omits it), and NEW readers drop it.")
case("FIELD_SAME_PRESENCE", "optional_added", P3 + PR_IMPLICIT, P3 + PR_EXPLICIT,
     "proto3 `optional` added to a: NEW writers send and print a = 0 when set (protobuf's\n"
     "ProtoJSON guide: a field with presence is printed when set, a default without presence\n"
     "is omitted; python3-protobuf prints {\"a\": 0} and {}), OLD readers keep only the value.\n"
     "buf allows it under WIRE_JSON (explicit and implicit presence are one cardinality\n"
     "group); ours reports it at NEW's field (4:3 to 4:24).",
     use=["WIRE_JSON"], plus=[ours("FIELD_SAME_PRESENCE", 4, 3, 4, 24, PR_TO_EXPLICIT)])
case("FIELD_SAME_PRESENCE", "optional_removed", P3 + PR_EXPLICIT, P3 + PR_IMPLICIT,
     "proto3 `optional` removed from a: NEW writers no longer send or print a value set to\n"
     "its default, NEW readers drop the ones OLD writers set. Ours at NEW's field (4:3 to\n"
     "4:15); buf allows it under WIRE_JSON.",
     use=["WIRE_JSON"], plus=[ours("FIELD_SAME_PRESENCE", 4, 3, 4, 15, PR_TO_IMPLICIT)])
case("FIELD_SAME_PRESENCE", "editions_to_explicit",
     E23 + "message M {\n  int32 a = 1 [features.field_presence = IMPLICIT];\n}\n", E23 + PR_IMPLICIT,
     "Edition 2023: features.field_presence IMPLICIT dropped, so a takes the edition's\n"
     "default, EXPLICIT. Ours at NEW's field (4:3 to 4:15); buf allows it under WIRE_JSON.",
     use=["WIRE_JSON"], plus=[ours("FIELD_SAME_PRESENCE", 4, 3, 4, 15, PR_TO_EXPLICIT)])
case("FIELD_SAME_PRESENCE", "nearmiss",
     P3 + "message M {\n  optional int32 a = 1;\n  N n = 2;\n}\nmessage N {}\n",
     P3 + "message M {\n  repeated int32 a = 1;\n  optional N n = 2;\n}\nmessage N {}\n",
     "a goes from optional to repeated (a cardinality change, not one of presence: buf's\n"
     "WIRE_JSON rule reports it) and n, a message field, gains `optional` (a message field\n"
     "has explicit presence either way): ours reports neither.",
     use=["WIRE_JSON"], plus=[])

def buf_yaml(c):
    if c["config"]:
        return c["config"]
    s = "version: %s\n" % c["version"]
    if c["use"]:
        s += "breaking:\n  use:\n" + "".join("    - %s\n" % u for u in c["use"])
    return s


def write_tree(root, files):
    if isinstance(files, str):
        files = {"x.proto": files}
    os.makedirs(root)
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


def place(o):
    return (o.get("path"), o["start_line"], o["start_column"], o["end_line"], o["end_column"])


def plus_position_error(buf, d, o):
    """Checks a `plus` finding's position against what it names (our_finding): the
    place buf reports for the rule `like` on this case, or the span `buf build` gives the
    SourceCodeInfo path `src` in NEW's x.proto. Returns an error text, or None."""
    kind, what = o["_from"]
    if kind == "src":
        r = subprocess.run([buf, "build", "new", "-o", "-#format=json"], cwd=d, capture_output=True, text=True)
        image = json.loads(r.stdout)
        f = next(f for f in image["file"] if f["name"] == "x.proto")
        for loc in f["sourceCodeInfo"]["location"]:
            if loc.get("path") == what:
                sp = loc["span"]  # [line, col, end_col] when the end is on the same line
                if len(sp) == 3:
                    sp = [sp[0], sp[1], sp[0], sp[2]]
                want = ("new/x.proto", sp[0] + 1, sp[1] + 1, sp[2] + 1, sp[3] + 1)
                return None if place(o) == want else "%s is at %s, not %s" % (what, want, place(o))
        return "no source location %s in new/x.proto" % what
    with tempfile.TemporaryDirectory() as t:
        for sub in ("old", "new"):
            shutil.copytree(os.path.join(d, sub), os.path.join(t, sub))
            with open(os.path.join(t, sub, "buf.yaml"), "w") as f:
                f.write("version: v2\nbreaking:\n  use:\n    - %s\n" % what)
        r = subprocess.run([buf, "breaking", "new", "--against", "old", "--error-format", "json"],
                           cwd=t, capture_output=True, text=True)
    places = [place(json.loads(l)) for l in r.stdout.splitlines() if l.strip()]
    return None if place(o) in places else "buf's %s is at %s, not %s" % (what, places, place(o))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--buf", default=BUF_DEFAULT)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    seen = set()
    failed = False
    for c in CASES:
        key = (c["rule"], c["name"])
        assert key not in seen, key
        seen.add(key)
        d = os.path.join(HERE, c["rule"], c["name"])
        if args.only not in d:
            continue
        for sub in ("old", "new"):
            if os.path.isdir(os.path.join(d, sub)):
                shutil.rmtree(os.path.join(d, sub))
        os.makedirs(d, exist_ok=True)
        for sub in ("old", "new"):
            write_tree(os.path.join(d, sub), c[sub])
            with open(os.path.join(d, sub, "buf.yaml"), "w") as f:
                f.write(buf_yaml(c))
            if c["plus"] is not None:
                with open(os.path.join(d, sub, "protocompat.yaml"), "w") as f:
                    f.write(buf_yaml(dict(c, use=c["use"] + ["PROTOCOMPAT"])))
        readme = c["readme"].rstrip("\n") + "\n"
        if c["plus"] is not None:
            readme += ("\nOur rule: protocompat.yaml (read before buf.yaml) adds PROTOCOMPAT to buf's\n"
                       "rules; protocompat-expected.json is buf's expected.json followed by our\n"
                       "rule's findings, worked out by hand; each position is checked against\n"
                       "buf's report of a like rule or buf's source info (make_cases.py, `plus=`).\n")
        if c["ours"] is not None:
            readme += ("\nexpected.json is buf 1.75's output; protocompat-expected.json is what\n"
                       "protocompat reports instead (the runner compares against it).\n")
        with open(os.path.join(d, "README"), "w") as f:
            f.write(readme)
        pe = os.path.join(d, "protocompat-expected.json")
        if c["ours"] is not None:
            with open(pe, "w") as f:
                for o in c["ours"]:
                    f.write(json.dumps(o, separators=(",", ":")) + "\n")
        elif os.path.exists(pe) and c["plus"] is None:
            os.remove(pe)
        pend = os.path.join(d, "PENDING")
        if c["pending"]:
            with open(pend, "w") as f:
                f.write(c["pending"] + "\n")
        elif os.path.exists(pend):
            os.remove(pend)
        if args.no_record:
            continue
        cmd = "buf breaking new --against old --error-format json"
        r = subprocess.run([args.buf, "breaking", "new", "--against", "old",
                            "--error-format", "json"], cwd=d, capture_output=True, text=True)
        with open(os.path.join(d, "cmd"), "w") as f:
            f.write("# buf 1.75, run in this directory; exit status %d\n%s\n" % (r.returncode, cmd))
        with open(os.path.join(d, "expected.json"), "w") as f:
            f.write(r.stdout)
        if r.returncode not in (0, 100) or r.stderr.strip():
            print("%s/%s: buf exit %d: %s" % (c["rule"], c["name"], r.returncode,
                                             r.stderr.strip()), file=sys.stderr)
        for o in c["plus"] or []:
            err = plus_position_error(args.buf, d, o)
            if err:
                print("%s/%s: %s: %s" % (c["rule"], c["name"], o["type"], err), file=sys.stderr)
                failed = True
        if c["plus"] is not None:
            # in buf's order (path, start, type, message, end), as the runner wants
            found = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
            found += [{k: v for k, v in o.items() if k != "_from"} for o in c["plus"]]
            found.sort(key=lambda o: (o.get("path", ""), o.get("start_line", 0), o.get("start_column", 0),
                                      o["type"], o["message"], o.get("end_line", 0), o.get("end_column", 0)))
            with open(pe, "w") as f:
                for o in found:
                    f.write(json.dumps(o, separators=(",", ":")) + "\n")
        n = len([l for l in r.stdout.splitlines() if l.strip()])
        print("%-55s %2d finding(s)" % (c["rule"] + "/" + c["name"], n))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
