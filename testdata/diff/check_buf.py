#!/usr/bin/env python3
"""Checks that every finding buf 1.75 reported for a case (CASE/buf.json) is fed by a
change record of CASE/expected.txt of a kind the rule reads, at the same position.
buf prints a place-less finding at 1:1 without a path, and a finding on a whole file
at 1:1 with the path; expected.txt writes those as "-" and "path:-".
Usage: check_buf.py CASE_DIR... ; exit status 1 on any finding not covered."""
import json, re, sys

RULE_KINDS = {
    "FILE_NO_DELETE": ["FILE_DELETED"],
    "PACKAGE_NO_DELETE": ["PACKAGE_DELETED"],
    "FILE_SAME_PACKAGE": ["FILE_PACKAGE"],
    "FILE_SAME_SYNTAX": ["FILE_SYNTAX"],
    "MESSAGE_NO_DELETE": ["MESSAGE_DELETED"],
    "ENUM_NO_DELETE": ["ENUM_DELETED"],
    "EXTENSION_NO_DELETE": ["EXTENSION_DELETED"],
    "SERVICE_NO_DELETE": ["SERVICE_DELETED"],
    "PACKAGE_MESSAGE_NO_DELETE": ["PACKAGE_MESSAGE_DELETED"],
    "PACKAGE_ENUM_NO_DELETE": ["PACKAGE_ENUM_DELETED"],
    "PACKAGE_EXTENSION_NO_DELETE": ["PACKAGE_EXTENSION_DELETED"],
    "PACKAGE_SERVICE_NO_DELETE": ["PACKAGE_SERVICE_DELETED"],
    "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR": ["MESSAGE_NO_STD_ACCESSOR"],
    "MESSAGE_SAME_JSON_FORMAT": ["MESSAGE_JSON_FORMAT"],
    "EXTENSION_MESSAGE_NO_DELETE": ["EXTENSION_RANGE_REMOVED"],
    "RESERVED_MESSAGE_NO_DELETE": ["RESERVED_RANGE_REMOVED", "RESERVED_NAME_REMOVED"],
    "RESERVED_ENUM_NO_DELETE": ["RESERVED_RANGE_REMOVED", "RESERVED_NAME_REMOVED"],
    "ONEOF_NO_DELETE": ["ONEOF_DELETED"],
    "FIELD_NO_DELETE": ["FIELD_DELETED"],
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED": ["FIELD_DELETED"],
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED": ["FIELD_DELETED"],
    "MESSAGE_SAME_REQUIRED_FIELDS": ["REQUIRED_FIELD_REMOVED", "REQUIRED_FIELD_ADDED"],
    "FIELD_SAME_NAME": ["FIELD_NAME"],
    "FIELD_SAME_JSON_NAME": ["FIELD_JSON_NAME"],
    "FIELD_SAME_TYPE": ["FIELD_TYPE"],
    "FIELD_WIRE_COMPATIBLE_TYPE": ["FIELD_TYPE"],
    "FIELD_WIRE_JSON_COMPATIBLE_TYPE": ["FIELD_TYPE"],
    "FIELD_SAME_CARDINALITY": ["FIELD_CARDINALITY"],
    "FIELD_WIRE_COMPATIBLE_CARDINALITY": ["FIELD_CARDINALITY"],
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY": ["FIELD_CARDINALITY"],
    "FIELD_SAME_ONEOF": ["FIELD_ONEOF"],
    "FIELD_SAME_DEFAULT": ["FIELD_DEFAULT"],
    "FIELD_SAME_CPP_STRING_TYPE": ["FIELD_CPP_STRING_TYPE"],
    "FIELD_SAME_JSTYPE": ["FIELD_JSTYPE"],
    "FIELD_SAME_UTF8_VALIDATION": ["FIELD_UTF8_VALIDATION"],
    "FIELD_SAME_JAVA_UTF8_VALIDATION": ["FIELD_JAVA_UTF8_VALIDATION"],
    "ENUM_SAME_TYPE": ["ENUM_TYPE"],
    "ENUM_SAME_JSON_FORMAT": ["ENUM_JSON_FORMAT"],
    "ENUM_VALUE_NO_DELETE": ["ENUM_VALUE_DELETED"],
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED": ["ENUM_VALUE_DELETED"],
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED": ["ENUM_VALUE_DELETED"],
    "ENUM_VALUE_SAME_NAME": ["ENUM_VALUE_NAME"],
    "RPC_NO_DELETE": ["RPC_DELETED"],
    "RPC_SAME_CLIENT_STREAMING": ["RPC_CLIENT_STREAMING"],
    "RPC_SAME_SERVER_STREAMING": ["RPC_SERVER_STREAMING"],
    "RPC_SAME_REQUEST_TYPE": ["RPC_REQUEST_TYPE"],
    "RPC_SAME_RESPONSE_TYPE": ["RPC_RESPONSE_TYPE"],
    "RPC_SAME_IDEMPOTENCY_LEVEL": ["RPC_IDEMPOTENCY_LEVEL"],
}

def records(path):
    out = []
    for line in open(path):
        kind, pos = line.split()[:2]
        if pos == "-":
            out.append((kind, None, (1, 1, 1, 1)))
        elif pos.endswith(":-"):
            out.append((kind, pos[:-2], (1, 1, 1, 1)))
        else:
            m = re.fullmatch(r"(.*):(\d+):(\d+)-(\d+):(\d+)", pos)
            out.append((kind, m.group(1), tuple(int(x) for x in m.groups()[1:])))
    return out

bad = 0
for case in sys.argv[1:]:
    case = case.rstrip("/")
    if not __import__("os").path.exists(case + "/buf.json"):
        continue
    recs = records(case + "/expected.txt")
    for line in open(case + "/buf.json"):
        f = json.loads(line)
        rule = f["type"]
        path = f.get("path")
        if path is not None:
            path = path.split("/", 1)[1]  # buf prints new/FILE
        pos = (f["start_line"], f["start_column"], f["end_line"], f["end_column"])
        kinds = RULE_KINDS.get(rule.removeprefix("FILE_SAME_") and rule, [])
        if rule.startswith("FILE_SAME_") and rule not in RULE_KINDS:
            kinds = ["FILE_OPTION"]
        if not any(k in kinds and p == path and s == pos for k, p, s in recs):
            print(f"{case}: not covered: {rule} {path}:{pos} {f['message']}")
            bad += 1
sys.exit(1 if bad else 0)
