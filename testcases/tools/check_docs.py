#!/usr/bin/env python3
"""check_docs.py DOCS_DIR SARIF [--drvcheck PATH]

Every rule drvcheck lists (`drvcheck --list-rules`) has a page DOCS_DIR/rules/<id>.md
that starts with `# <id>`, states its default severity and whether it is on by default,
and has the sections every page has (What it checks, Why, Example, Limits,
Suppression) with at least one C example; and the SARIF log (of a run with every rule
enabled) carries each page as the rule's help.markdown, and its text as help.text.
Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import os
import sys

import drvout

SECTIONS = ("## What it checks", "## Why", "## Example", "## Limits", "## Suppression")


def check_page(path, rule, sev, on):
    errs = []
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        return ["%s: %s" % (rule, e)], None
    lines = text.splitlines()
    if not lines or lines[0] != "# " + rule:
        errs.append("%s: first line is %r, expected '# %s'" % (rule, lines[0] if lines else "", rule))
    head = " ".join(lines[1:6])
    if "**Severity:** " + sev not in head:
        errs.append("%s: no '**Severity:** %s' near the top" % (rule, sev))
    if "**On by default:** " + ("yes" if on else "no") not in head:
        errs.append("%s: no '**On by default:** %s' near the top" % (rule, "yes" if on else "no"))
    for s in SECTIONS:
        if s not in lines:
            errs.append("%s: no '%s' section" % (rule, s))
    if "```c" not in text:
        errs.append("%s: no C example" % rule)
    if "NOLINT(%s)" % rule not in text:
        errs.append("%s: the suppression section does not show NOLINT(%s)" % (rule, rule))
    return errs, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("sarif")
    ap.add_argument("--drvcheck")
    a = ap.parse_args()
    rules = drvout.tool_rules(a.drvcheck)
    doc = drvout.load_json(a.sarif)
    sarif_rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    errs = []
    for rule, (sev, on) in sorted(rules.items()):
        e, text = check_page(os.path.join(a.docs, "rules", rule + ".md"), rule, sev, on)
        errs.extend(e)
        help_ = sarif_rules.get(rule, {}).get("help", {})
        if text is not None and help_.get("markdown") != text:
            errs.append("%s: SARIF help.markdown is not the page" % rule)
        if text is not None and help_.get("text") != text:
            errs.append("%s: SARIF help.text is not the page" % rule)
    for e in errs:
        print("check_docs: %s" % e)
    print("check_docs: %d rule page(s) checked, %d problem(s)" % (len(rules), len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
