#!/usr/bin/env python3
"""check_sarif.py SARIF_FILE [options]

Checks the structure of a drvcheck SARIF 2.1.0 log (see drvout.check_sarif): version,
$schema, one run, driver name, tool.driver.rules = the enabled rules with descriptions
and default levels, and for every result: ruleId, level, message.text, exactly one
physical location with a relative artifact URI and startLine/startColumn >= 1,
relatedLocations of the same shape, non-empty partialFingerprints.

Options:
  --enable R / --disable R   the rule set the run had (to check tool.driver.rules: the
                             binary's default rules, plus --enable, minus --disable)
  --no-rules-check           do not compare tool.driver.rules with the enabled set
  --drvcheck PATH            the binary whose --list-rules gives the default rule set
                             (default $DRVCHECK, set by lit.cfg.py; else RULES.md's table)
  --cwd DIR                  each result URI must name an existing file relative to DIR
  --expect-uri URI           every result's location URI must equal URI
  --expect RULE:LINE[:COL]   a result with this rule at this line (repeatable; a multiset)
  --exact                    the --expect list is the complete list of results
  --level RULE=LEVEL         every result of RULE has this level (repeatable)
  --min-results N            at least N results
  --require-related          at least one result has relatedLocations
Exits 0 when all checks pass, 1 otherwise (listing every failure).
"""
import argparse
import collections
import os
import sys

import drvout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sarif")
    ap.add_argument("--enable", action="append", default=[])
    ap.add_argument("--disable", action="append", default=[])
    ap.add_argument("--no-rules-check", action="store_true")
    ap.add_argument("--drvcheck")
    ap.add_argument("--cwd")
    ap.add_argument("--expect-uri")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("--level", action="append", default=[])
    ap.add_argument("--min-results", type=int, default=0)
    ap.add_argument("--require-related", action="store_true")
    a = ap.parse_args()

    if a.drvcheck:
        os.environ["DRVCHECK"] = a.drvcheck
    try:
        doc = drvout.load_json(a.sarif)
    except (OSError, ValueError) as e:
        print("check_sarif: %s: cannot load JSON: %s" % (a.sarif, e), file=sys.stderr)
        return 1
    enabled = None if a.no_rules_check else drvout.enabled_rules(a.enable, a.disable)
    errs = drvout.check_sarif(doc, enabled)
    if errs:
        for e in errs:
            print("check_sarif: %s: %s" % (a.sarif, e), file=sys.stderr)
        return 1

    results = drvout.sarif_results(doc)
    if len(results) < a.min_results:
        errs.append("%d results, expected at least %d" % (len(results), a.min_results))
    if a.require_related and not any(r["related"] for r in results):
        errs.append("no result has relatedLocations")
    for r in results:
        if a.expect_uri is not None and r["uri"] != a.expect_uri:
            errs.append("%s result at line %d: URI %r, expected %r"
                        % (r["rule"], r["line"], r["uri"], a.expect_uri))
        if a.cwd is not None:
            for uri in [r["uri"]] + [x[0] for x in r["related"]]:
                if not os.path.isfile(os.path.join(a.cwd, uri)):
                    errs.append("URI %r does not name a file relative to %s" % (uri, a.cwd))
    for item in a.level:
        rule, _, level = item.partition("=")
        for r in results:
            if r["rule"] == rule and r["level"] != level:
                errs.append("%s result at line %d has level %r, expected %r"
                            % (rule, r["line"], r["level"], level))
    if a.expect:
        got = collections.Counter()
        for r in results:
            got[(r["rule"], r["line"], None)] += 1
            got[(r["rule"], r["line"], r["col"])] += 1
        want = collections.Counter()
        for e in a.expect:
            parts = e.split(":")
            key = (parts[0], int(parts[1]), int(parts[2]) if len(parts) > 2 else None)
            want[key] += 1
        for key, n in sorted(want.items(), key=str):
            if got[key] < n:
                errs.append("expected %d result(s) %s:%s%s, found %d"
                            % (n, key[0], key[1], "" if key[2] is None else ":%d" % key[2], got[key]))
        if a.exact and len(results) != len(a.expect):
            errs.append("expected exactly %d results, found %d: %s" % (
                len(a.expect), len(results),
                ", ".join("%s:%d:%d" % (r["rule"], r["line"], r["col"]) for r in results)))
    if errs:
        for e in errs:
            print("check_sarif: %s: %s" % (a.sarif, e), file=sys.stderr)
        return 1
    print("check_sarif: %s: OK, %d result(s)" % (a.sarif, len(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
