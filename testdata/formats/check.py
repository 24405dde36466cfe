#!/usr/bin/env python3
"""Checks for the report formats, used by ../formats.test.sh.

  check.py buf CASE LABEL          expected.* of CASE against buf 1.75's buf.* there
  check.py parse FILE...           *.xml parses as XML, *.json and *.sarif load as JSON
  check.py schema SCHEMA FILE...   validates SARIF files against a JSON schema
  check.py texts SARIF RULES_JSON  rule texts of a SARIF file agree with `protocompat rules`
  check.py normalize SARIF         the SARIF file with the tool version and rule texts masked
  check.py fingerprints GITLAB     fingerprints of a GitLab report are unique

LABEL is what we print in place of buf's `<input>` for a finding with no place in NEW
(the NEW argument). Exits 1 with the differences on stdout.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET


def fail(msg):
    print(msg)
    sys.exit(1)


def same(what, ours, bufs):
    if ours != bufs:
        lines = [f"{what}: differs from buf 1.75"]
        for i in range(max(len(ours), len(bufs))):
            o = ours[i] if i < len(ours) else None
            b = bufs[i] if i < len(bufs) else None
            if o != b:
                lines.append(f"  ours: {o}\n  buf:  {b}")
        fail("\n".join(lines))


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def check_msvs(case, label):
    bufs = [re.sub(r"^<input>\(1,1\) : ", label + " : ", l) for l in read_lines(f"{case}/buf.msvs")]
    same("msvs", read_lines(f"{case}/expected.msvs"), bufs)


def check_github(case, label):
    ours = []
    for l in read_lines(f"{case}/expected.github"):
        m = re.match(r"^::(error|warning|notice) (.*?)title=([A-Z0-9_]+)::(.*)$", l)
        if not m:
            fail(f"github: not a workflow command with a title: {l}")
        ours.append(f"::{m[1]} {m[2].rstrip(',')}::{m[4]}")
    bufs = [l.replace(" file=<input>::", " ::") for l in read_lines(f"{case}/buf.github")]
    same("github", ours, bufs)


def junit_cases(path, label):
    root = ET.parse(path).getroot()
    out = []
    for suite in root.iter("testsuite"):
        name = suite.get("name").replace("<input>", label)
        for tc in suite.iter("testcase"):
            fl = tc.find("failure")
            msg = fl.get("message").replace("<input>:1:1:", label + ":")
            out.append((name, tc.get("name"), msg, fl.get("type")))
        if int(suite.get("tests")) != len(list(suite.iter("testcase"))):
            fail(f"junit: {path}: suite {name}: tests attribute")
    return out


def check_junit(case, label):
    same("junit", junit_cases(f"{case}/expected.junit.xml", label), junit_cases(f"{case}/buf.junit.xml", label))


def check_gitlab(case):
    with open(f"{case}/expected.gitlab.json", encoding="utf-8") as f:
        ours = json.load(f)
    with open(f"{case}/buf.gitlab.json", encoding="utf-8") as f:
        bufs = json.load(f)
    o, b = [], []
    for x in ours:
        loc = x["location"]
        o.append((x["description"], x["check_name"], loc["path"], loc["lines"]["begin"], loc["lines"]["end"]))
        if not re.fullmatch(r"[0-9a-f]{32}", x["fingerprint"]) or x["severity"] not in ("major", "minor", "info"):
            fail(f"gitlab: fingerprint or severity: {x}")
    for x in bufs:
        loc = x["location"]
        if "path" in loc:
            pos = loc["positions"]
            b.append((x["description"], x["check_name"], loc["path"], pos["begin"]["line"], pos["end"]["line"]))
        else:  # no place in NEW: ours names the OLD file, line 1
            mine = next((t for t in o if t[0] == x["description"]), None)
            if not mine or "/old/" not in "/" + mine[2] or mine[3:] != (1, 1):
                fail(f"gitlab: place-less finding {x['description']}: ours {mine}")
            b.append(mine)
    same("gitlab", o, b)


def check_sarif(case):
    with open(f"{case}/expected.sarif", encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    o = []
    for r in run["results"]:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail(f"sarif: ruleIndex of {r['ruleId']}")
        phys = r["locations"][0]["physicalLocation"]
        reg = phys.get("region")
        if reg is None:  # no place in NEW: the OLD file, as buf's place-less line
            if "/old/" not in "/" + phys["artifactLocation"]["uri"] or "relatedLocations" in r:
                fail(f"sarif: place-less result {r}")
            o.append((r["ruleId"], r["message"]["text"], None, 1, 1, 1, 1))
        else:
            o.append((r["ruleId"], r["message"]["text"], phys["artifactLocation"]["uri"], reg["startLine"],
                      reg["startColumn"], reg["endLine"], reg["endColumn"]))
    b = []
    for l in read_lines(f"{case}/buf.json"):
        x = json.loads(l)
        b.append((x["type"], x["message"], x.get("path"), x["start_line"], x["start_column"], x["end_line"],
                  x["end_column"]))
    same("sarif", o, b)


def parse(paths):
    for p in paths:
        try:
            if p.endswith(".xml"):
                ET.parse(p)
            else:
                with open(p, encoding="utf-8") as f:
                    json.load(f)
        except Exception as e:  # noqa: BLE001 - any parse error is the finding
            fail(f"{p}: does not parse: {e}")


def schema(schema_path, paths):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        sch = json.load(f)
    cls = jsonschema.validators.validator_for(sch)
    cls.check_schema(sch)
    v = cls(sch, format_checker=cls.FORMAT_CHECKER)
    for p in paths:
        with open(p, encoding="utf-8") as f:
            doc = json.load(f)
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        if errs:
            fail(f"{p}: not valid against {schema_path}:\n" +
                 "\n".join(f"  {list(e.path)}: {e.message}" for e in errs[:10]))


def texts(sarif_path, rules_path):
    purposes = {}
    for l in read_lines(rules_path):
        r = json.loads(l)
        purposes[r["id"]] = r["purpose"]
    with open(sarif_path, encoding="utf-8") as f:
        rules = json.load(f)["runs"][0]["tool"]["driver"]["rules"]
    for r in rules:
        if r["shortDescription"]["text"] != purposes.get(r["id"]):
            fail(f"{sarif_path}: {r['id']}: shortDescription is not the rule's purpose")
        full, help_ = r.get("fullDescription", {}).get("text", ""), r["help"]["text"]
        if not help_.startswith(full) or "Fix: " not in help_:
            fail(f"{sarif_path}: {r['id']}: help is not explanation + fix")


def normalize(sarif_path):
    with open(sarif_path, encoding="utf-8") as f:
        doc = json.load(f)
    driver = doc["runs"][0]["tool"]["driver"]
    driver["version"] = "VERSION"
    for r in driver["rules"]:
        for k in ("shortDescription", "fullDescription", "help"):
            if k in r:
                r[k]["text"] = "TEXT"
    print(json.dumps(doc, indent=2))


def fingerprints(path):
    with open(path, encoding="utf-8") as f:
        fps = [x["fingerprint"] for x in json.load(f)]
    if len(set(fps)) != len(fps):
        fail(f"{path}: repeated fingerprints")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "buf":
        case, label = args
        check_msvs(case, label)
        check_github(case, label)
        check_junit(case, label)
        check_gitlab(case)
        check_sarif(case)
    elif cmd == "parse":
        parse(args)
    elif cmd == "schema":
        schema(args[0], args[1:])
    elif cmd == "texts":
        texts(*args)
    elif cmd == "normalize":
        normalize(args[0])
    elif cmd == "fingerprints":
        fingerprints(args[0])
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
