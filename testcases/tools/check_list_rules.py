#!/usr/bin/env python3
"""check_list_rules.py [FILE]

Checks the output of `drvcheck --list-rules` (FILE or stdin) against RULES.md's table:
every rule id appears, on its own line (the first line naming it), with its default
severity on that line; secure-not-recommended's line says it is off (`off`,
`disabled` or `no`); no other rule's line says off/disabled. Echoes the input.
"""
import re
import sys

import drvout

OFF = re.compile(r"\b(off|disabled|no)\b", re.I)
OFF_STRICT = re.compile(r"\b(off|disabled)\b", re.I)


def main(argv):
    text = open(argv[1]).read() if len(argv) > 1 else sys.stdin.read()
    sys.stdout.write(text)
    lines = text.splitlines()
    errs = []
    for rule, (severity, on) in sorted(drvout.RULES.items()):
        pat = re.compile(r"(?<![A-Za-z0-9-])%s(?![A-Za-z0-9-])" % re.escape(rule))
        hits = [l for l in lines if pat.search(l)]
        if not hits:
            errs.append("rule %s is not listed" % rule)
            continue
        line = hits[0]
        rest = pat.sub("", line, count=1)
        if not re.search(r"\b%s\b" % severity, rest, re.I):
            errs.append("rule %s: severity %r not on its line: %r" % (rule, severity, line))
        if on and OFF_STRICT.search(rest):
            errs.append("rule %s should be on by default: %r" % (rule, line))
        if not on and not OFF.search(rest):
            errs.append("rule %s should show as off by default: %r" % (rule, line))
    if errs:
        for e in errs:
            print("check_list_rules: " + e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
