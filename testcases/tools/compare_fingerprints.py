#!/usr/bin/env python3
"""compare_fingerprints.py A.sarif B.sarif --shift N

B is the SARIF of the same input as A with N blank lines inserted at its top. Checks
both logs are well formed, have the same number of results, and that results paired in
order (sorted by line, column, rule) have the same ruleId, the same startColumn,
startLine differing by exactly N, and identical partialFingerprints. With --distinct,
also that no two results of one rule in A share their fingerprints. Exits 0 or 1.
"""
import argparse
import sys

import drvout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--shift", type=int, required=True)
    ap.add_argument("--min-results", type=int, default=1)
    ap.add_argument("--distinct", action="store_true",
                    help="also require different results of A to have different fingerprints")
    a = ap.parse_args()

    errs = []
    docs = []
    for path in (a.a, a.b):
        doc = drvout.load_json(path)
        for e in drvout.check_sarif(doc):
            errs.append("%s: %s" % (path, e))
        docs.append(doc)
    if errs:
        print("\n".join(errs), file=sys.stderr)
        return 1
    ra, rb = [sorted(drvout.sarif_results(d), key=lambda r: (r["line"], r["col"], r["rule"]))
              for d in docs]
    if len(ra) < a.min_results:
        errs.append("%s has %d results, need at least %d" % (a.a, len(ra), a.min_results))
    if len(ra) != len(rb):
        errs.append("%d results in %s but %d in %s" % (len(ra), a.a, len(rb), a.b))
    for x, y in zip(ra, rb):
        tag = "%s %s:%d:%d" % (x["rule"], x["uri"], x["line"], x["col"])
        if x["rule"] != y["rule"]:
            errs.append("%s paired with rule %s" % (tag, y["rule"]))
        if y["line"] - x["line"] != a.shift:
            errs.append("%s: startLine %d -> %d, expected a shift of %d"
                        % (tag, x["line"], y["line"], a.shift))
        if x["col"] != y["col"]:
            errs.append("%s: startColumn %d -> %d" % (tag, x["col"], y["col"]))
        if x["fingerprints"] != y["fingerprints"]:
            errs.append("%s: partialFingerprints changed: %r -> %r"
                        % (tag, x["fingerprints"], y["fingerprints"]))
    fps = [(r["rule"], tuple(sorted(r["fingerprints"].items()))) for r in ra]
    if a.distinct and len(set(fps)) != len(fps):
        errs.append("two results of one rule in %s share their partialFingerprints" % a.a)
    if errs:
        print("\n".join("compare_fingerprints: " + e for e in errs), file=sys.stderr)
        return 1
    print("compare_fingerprints: OK, %d result(s)" % len(ra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
