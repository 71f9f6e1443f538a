#!/usr/bin/env python3
"""check_text.py [options] [FILE]

Reads drvcheck's text output (FILE or stdin), checks it, and on success copies it to
stdout unchanged (so it can sit in a pipe before FileCheck).

Options:
  --expect N          exactly N findings (diagnostic lines carrying a [rule-id])
  --rule R            count only findings of rule R (repeatable)
  --expect-at RULE:LINE[:COL]  a finding of RULE at LINE (repeatable)
  --exact             the --expect-at list is the complete list of findings
  --caret             every diagnostic (findings and their notes) is followed by its
                      source line and a caret line with `^` under the column
  --no-source         no diagnostic is followed by source or caret lines
Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import collections
import sys

import drvout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?")
    ap.add_argument("--expect", type=int)
    ap.add_argument("--rule", action="append", default=[])
    ap.add_argument("--expect-at", action="append", default=[])
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("--caret", action="store_true")
    ap.add_argument("--no-source", action="store_true")
    a = ap.parse_args()

    if a.file:
        with open(a.file, encoding="utf-8", errors="replace") as fp:
            text = fp.read()
    else:
        text = sys.stdin.read()
    findings, stray = drvout.parse_text(text)
    errs = []
    if stray:
        errs.append("lines before the first diagnostic: %r" % stray[:5])
    counted = [f for f in findings if not a.rule or f.rule in a.rule]
    if a.expect is not None and len(counted) != a.expect:
        errs.append("expected %d finding(s)%s, found %d: %s" % (
            a.expect, " of " + ",".join(a.rule) if a.rule else "", len(counted), counted))
    if a.expect_at:
        got = collections.Counter()
        for f in findings:
            got[(f.rule, f.line, None)] += 1
            got[(f.rule, f.line, f.col)] += 1
        for e in a.expect_at:
            p = e.split(":")
            key = (p[0], int(p[1]), int(p[2]) if len(p) > 2 else None)
            if got[key] < 1:
                errs.append("no finding %s" % e)
        if a.exact and len(findings) != len(a.expect_at):
            errs.append("expected exactly %d findings, found %d: %s"
                        % (len(a.expect_at), len(findings), findings))
    for f in findings:
        for d in [f] + f.notes:
            if a.caret:
                errs.extend(drvout.check_caret(d))
            if a.no_source and d.extra:
                errs.append("%r: unexpected lines after it: %r" % (d, d.extra))
    if errs:
        sys.stdout.write(text)
        for e in errs:
            print("check_text: %s" % e, file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
