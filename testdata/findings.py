"""Findings as buf prints them with --error-format json (one object a line), for the
suites that compare protocompat's with buf's (breaking.test.sh, scenarios.test.sh):
a finding is the tuple of KEYS; other keys (ours: severity, direction, old_*) are
ignored."""
import collections
import json

KEYS = ("path", "start_line", "start_column", "end_line", "end_column", "type", "message")


def load(text, what):
    """The findings of a JSON-lines text; ValueError naming `what` on a bad line."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except ValueError as e:
            raise ValueError("%s line %d is not JSON (%s): %s" % (what, n, e, line[:200]))
        if not isinstance(o, dict):
            raise ValueError("%s line %d is not an object: %s" % (what, n, line[:200]))
        out.append(tuple(o.get(k) for k in KEYS))
    return out


def show(t):
    return json.dumps(dict((k, v) for k, v in zip(KEYS, t) if v is not None),
                      separators=(",", ":"))


def differences(expected, got):
    """Lines `- finding` (expected, not got) and `+ finding` (got, not expected),
    comparing multisets."""
    want_c, got_c = collections.Counter(expected), collections.Counter(got)
    return (["- " + show(t) for t in sorted((want_c - got_c).elements(), key=show)] +
            ["+ " + show(t) for t in sorted((got_c - want_c).elements(), key=show)])


def summarize(results, noun):
    """Prints the verdict of a suite and returns its exit status. results: (name, why,
    pending) per case, why None when it passed, pending the text of its PENDING file or
    None when it has none. A pending case that fails is a known gap; one that passes
    fails the suite (its PENDING file must go)."""
    passed, failed, pend, xpass = 0, [], [], []
    for name, why, pending in results:
        if why is None and pending is None:
            passed += 1
        elif why is None:
            xpass.append(name)
        elif pending is not None:
            pend.append((name, pending.strip()))
        else:
            failed.append((name, why))
    for name, why in failed:
        print("FAIL %s\n    %s" % (name, why.replace("\n", "\n    ")))
    for name, note in pend:
        print("PENDING %s%s" % (name, " (%s)" % note if note else ""))
    for name in xpass:
        print("FAIL %s: passes but is marked PENDING; remove its PENDING file" % name)
    print("%d passed, %d failed, %d pending (known gaps) of %d %s" %
          (passed, len(failed) + len(xpass), len(pend), len(results), noun))
    if failed or xpass:
        print("failing %s: %s" % (noun, " ".join([n for n, _ in failed] + xpass)))
    return 1 if failed or xpass else 0
