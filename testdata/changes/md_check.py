#!/usr/bin/python3
"""Renders our Markdown with Debian's python3-markdown (tables extension, as GitHub
renders tables) and checks the structure of the HTML against our JSON output of the
same run, so a broken table row, a stray pipe or an escaped link shows up.

usage: md_check.py check MARKDOWN CHECK_JSON_LINES LINK_BASE
       md_check.py changes MARKDOWN CHANGES_JSON LINK_BASE
"""
import collections
import html.parser
import json
import sys

import markdown


class Doc(html.parser.HTMLParser):
    """Tables (lists of rows of cell texts), links (href, text), list items (text)."""

    def __init__(self):
        super().__init__()
        self.tables, self.links, self.items, self.headings = [], [], [], []
        self.cell = self.link = self.item = self.heading = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "a":
            self.link = [dict(attrs).get("href"), ""]
        elif tag == "li":
            self.item = ""
        elif tag in ("h3", "h4"):
            self.heading = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None
        elif tag == "a":
            self.links.append(tuple(self.link))
            self.link = None
        elif tag == "li":
            self.items.append(self.item.strip())
            self.item = None
        elif tag in ("h3", "h4"):
            self.headings.append(self.heading.strip())
            self.heading = None

    def handle_data(self, data):
        for name in ("cell", "item", "heading"):
            if getattr(self, name) is not None:
                setattr(self, name, getattr(self, name) + data)
        if self.link is not None:
            self.link[1] += data


def render(path):
    doc = Doc()
    doc.feed(markdown.markdown(open(path).read(), extensions=["tables"]))
    return doc


def fail(msg):
    print("FAIL:", msg)
    return 1


def check_report(md, js, base):
    findings = [json.loads(l) for l in open(js) if l.strip()]
    doc = render(md)
    bad = 0
    if len(doc.tables) != 1:
        return fail("want one table, got %d" % len(doc.tables))
    rows = doc.tables[0]
    if rows[0] != ["Rule", "Backward", "Forward", "Both", "Findings"]:
        bad += fail("header row %r" % rows[0])
    want = collections.OrderedDict()
    for f in findings:
        c = want.setdefault(f["type"], collections.Counter())
        c[f["direction"]] += 1
    got = {r[0]: r[1:] for r in rows[1:]}
    if len(rows) - 1 != len(want) or any(len(r) != 5 for r in rows):
        bad += fail("%d body rows of %r, want %d rows of 5 cells" % (len(rows) - 1, rows[1:], len(want)))
    for rule, c in want.items():
        cells = [str(c["backward"]), str(c["forward"]), str(c["both"]), str(sum(c.values()))]
        if got.get(rule) != cells:
            bad += fail("row %s: %r, want %r" % (rule, got.get(rule), cells))
    if len(doc.items) != len(findings):
        bad += fail("%d list items, want %d findings" % (len(doc.items), len(findings)))
    for f, item in zip(findings, doc.items):
        if f["type"] not in item or f["message"] not in item:
            bad += fail("item %r lacks the rule or message of %r" % (item, f))
    hrefs = [h for h, _ in doc.links]
    want_hrefs = [base + f["path"] + "#L%d" % f["start_line"] for f in findings if "path" in f]
    if hrefs != want_hrefs:
        bad += fail("links %r, want %r" % (hrefs, want_hrefs))
    texts = [t for _, t in doc.links]
    want_texts = ["%s:%d:%d" % (f["path"], f["start_line"], f["start_column"]) for f in findings if "path" in f]
    if texts != want_texts:
        bad += fail("link texts %r, want %r" % (texts, want_texts))
    if not bad:
        print("ok: markdown report renders %d table rows, %d findings, %d links" % (len(rows) - 1, len(doc.items), len(hrefs)))
    return 1 if bad else 0


def check_changes(md, js, base):
    data = json.load(open(js))
    doc = render(md)
    bad = 0
    pkgs = data["packages"]
    if len(doc.tables) != len(pkgs):
        return fail("%d tables, want one per package (%d)" % (len(doc.tables), len(pkgs)))
    if not doc.headings or data["bump"] not in doc.headings[0]:
        bad += fail("first heading %r lacks the bump %s" % (doc.headings[:1], data["bump"]))
    for p, rows in zip(pkgs, doc.tables):
        if rows[0] != ["Element", "Change", "Breaking", "Bump", "Where"]:
            bad += fail("header row %r" % rows[0])
        body = rows[1:]
        if len(body) != len(p["changes"]) or any(len(r) != 5 for r in rows):
            bad += fail("package %s: %d rows (want %d of 5 cells)" % (p["package"], len(body), len(p["changes"])))
            continue
        for ch, r in zip(p["changes"], body):
            pre = "" if "path" in ch else "old_"
            where = "%s:%d:%d" % (ch[pre + "path"], ch[pre + "line"], ch[pre + "column"]) if pre + "path" in ch else ""
            want = [ch["element"], ch["description"], None, ch["bump"], where]
            if r[0] != want[0] or r[1] != want[1] or r[3] != want[3] or r[4] != where:
                bad += fail("row %r, want %r" % (r, want))
            if r[2].startswith("breaking") != ch["breaking"]:
                bad += fail("row %r: breaking should be %s" % (r, ch["breaking"]))
    whole = ("FILE_ADDED", "PACKAGE_ADDED", "FILE_DELETED", "PACKAGE_DELETED")
    hrefs = [h for h, _ in doc.links]
    want_hrefs = [
        base + ch["path"] + ("" if ch["kind"] in whole else "#L%d" % ch["line"])
        for p in pkgs
        for ch in p["changes"]
        if "path" in ch
    ]
    if hrefs != want_hrefs:
        bad += fail("links %r, want %r" % (hrefs, want_hrefs))
    if not bad:
        print("ok: changes markdown renders %d tables, %d links" % (len(doc.tables), len(hrefs)))
    return 1 if bad else 0


if __name__ == "__main__":
    what, md, js, base = sys.argv[1:5]
    sys.exit(check_report(md, js, base) if what == "check" else check_changes(md, js, base))
