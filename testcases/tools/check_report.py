#!/usr/bin/env python3
"""check_report.py FORMAT REPORT --text TEXT [--cwd DIR] [--enable R]... [--disable R]...

Checks a drvcheck report in FORMAT (json, github, codequality) against its documented
shape and against the text report TEXT of the same run:
  * json: docs/json-format.md, version 1 — tool, findings[] with rule, severity, file,
    line, column, message, function (string or null), 16-hex-digit fingerprint and
    notes[] (file, line, column, message); summary.total / by_severity / by_rule (every
    enabled rule present) / files consistent with the findings; fingerprints unique;
  * codequality: a JSON array of issues with type "issue", description, check_name,
    unique fingerprint, severity mapped from the text severity (note info, warning
    major, error critical, compiler-error blocker), location.path relative to DIR and
    location.lines.begin;
  * github: one `::error|warning|notice file=...,line=..,col=..,title=drvcheck RULE::MSG`
    per finding (notice for note), MSG ending with [RULE] and carrying one %0A-separated
    `note:` line per related location;
and in every case the multiset of (rule, file, line[, column]) equals the text
report's, and the notes match. Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import collections
import json
import os
import re
import sys
import urllib.parse

import drvout

SEVERITIES = ("error", "warning", "note")
CQ_SEVERITY = {"note": "info", "warning": "major", "error": "critical"}
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),title=([^,]*)::(.*)$")


def gh_unescape(s):
    return urllib.parse.unquote(s)


def check_json(doc, text_findings, cwd, enabled, errs):
    if doc.get("version") != 1:
        errs.append("version is %r, expected 1" % doc.get("version"))
    if doc.get("tool", {}).get("name") != "drvcheck" or not doc.get("tool", {}).get("version"):
        errs.append("tool.name/version missing")
    keys, fps = [], set()
    for i, f in enumerate(doc.get("findings", [])):
        where = "findings[%d]" % i
        for k, t in (("rule", str), ("severity", str), ("file", str), ("line", int), ("column", int),
                     ("message", str), ("fingerprint", str), ("notes", list)):
            if not isinstance(f.get(k), t):
                errs.append("%s: %s is %r" % (where, k, f.get(k)))
        if f.get("severity") not in SEVERITIES:
            errs.append("%s: severity %r" % (where, f.get("severity")))
        if not (f.get("function") is None or isinstance(f.get("function"), str)):
            errs.append("%s: function is %r" % (where, f.get("function")))
        if not re.match(r"^[0-9a-f]{16}$", f.get("fingerprint", "")):
            errs.append("%s: fingerprint %r" % (where, f.get("fingerprint")))
        if f.get("fingerprint") in fps:
            errs.append("%s: fingerprint %s repeated" % (where, f.get("fingerprint")))
        fps.add(f.get("fingerprint"))
        notes = [(drvout.norm_path(n["file"], cwd), n["line"], n["column"]) for n in f.get("notes", [])]
        keys.append((f.get("rule"), drvout.norm_path(f.get("file", ""), cwd), f.get("line"), f.get("column"),
                     f.get("severity"), tuple(notes)))
    s = doc.get("summary", {})
    found = doc.get("findings", [])
    if s.get("total") != len(found):
        errs.append("summary.total %r != %d findings" % (s.get("total"), len(found)))
    for sev in SEVERITIES:
        n = sum(1 for f in found if f.get("severity") == sev)
        if s.get("by_severity", {}).get(sev) != n:
            errs.append("summary.by_severity.%s %r != %d" % (sev, s.get("by_severity", {}).get(sev), n))
    by_rule = s.get("by_rule", {})
    for r in enabled:
        if r not in by_rule:
            errs.append("summary.by_rule lacks enabled rule %s" % r)
    for r, n in collections.Counter(f.get("rule") for f in found).items():
        if by_rule.get(r) != n:
            errs.append("summary.by_rule[%s] %r != %d" % (r, by_rule.get(r), n))
    if s.get("files") != len(set(f.get("file") for f in found)):
        errs.append("summary.files %r" % s.get("files"))
    return keys


def check_codequality(doc, cwd, errs):
    keys, fps = [], set()
    if not isinstance(doc, list):
        errs.append("not a JSON array")
        return keys
    for i, f in enumerate(doc):
        where = "[%d]" % i
        loc = f.get("location", {})
        path, line = loc.get("path"), loc.get("lines", {}).get("begin")
        if f.get("type") != "issue" or not f.get("description") or not f.get("check_name"):
            errs.append("%s: type/description/check_name missing" % where)
        if not isinstance(path, str) or path.startswith("/") or not isinstance(line, int):
            errs.append("%s: location %r" % (where, loc))
            continue
        if f.get("fingerprint") in fps or not f.get("fingerprint"):
            errs.append("%s: fingerprint %r missing or repeated" % (where, f.get("fingerprint")))
        fps.add(f.get("fingerprint"))
        keys.append((f.get("check_name"), drvout.norm_path(path, cwd), line, f.get("severity")))
    return keys


def check_github(text, cwd, errs):
    keys = []
    for line in text.splitlines():
        m = GITHUB_LINE.match(line)
        if not m:
            errs.append("not a workflow command: %r" % line[:200])
            continue
        cmd, path, ln, col, title, msg = m.groups()
        rule = gh_unescape(title).replace("drvcheck ", "", 1)
        parts = gh_unescape(msg).split("\n")
        if not parts[0].endswith("[%s]" % rule):
            errs.append("message does not end with [%s]: %r" % (rule, parts[0][-80:]))
        notes = []
        for p in parts[1:]:
            n = re.match(r"^note: (.*):(\d+):(\d+): ", p)
            if not n:
                errs.append("bad note line %r" % p)
            else:
                notes.append((drvout.norm_path(n.group(1), cwd), int(n.group(2)), int(n.group(3))))
        sev = {"notice": "note"}.get(cmd, cmd)
        keys.append((rule, drvout.norm_path(gh_unescape(path), cwd), int(ln), int(col), sev, tuple(notes)))
    return keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["json", "github", "codequality"])
    ap.add_argument("report")
    ap.add_argument("--text", required=True)
    ap.add_argument("--cwd", default=os.getcwd())
    ap.add_argument("--enable", action="append", default=[])
    ap.add_argument("--disable", action="append", default=[])
    ap.add_argument("--min-findings", type=int, default=1)
    a = ap.parse_args()
    errs = []
    text = open(a.report, encoding="utf-8").read()
    findings, _ = drvout.parse_text(open(a.text, encoding="utf-8").read())
    if a.format == "codequality":
        want = [(f.rule, drvout.norm_path(f.path, a.cwd), f.line,
                 "blocker" if f.rule == "compiler-error" else CQ_SEVERITY[f.severity]) for f in findings]
    else:
        want = [(f.rule, drvout.norm_path(f.path, a.cwd), f.line, f.col, f.severity,
                 tuple((drvout.norm_path(n.path, a.cwd), n.line, n.col) for n in f.notes)) for f in findings]
    if a.format == "json":
        got = check_json(json.loads(text), findings, a.cwd, drvout.enabled_rules(a.enable, a.disable), errs)
    elif a.format == "codequality":
        got = check_codequality(json.loads(text), a.cwd, errs)
    else:
        got = check_github(text, a.cwd, errs)
    if collections.Counter(got) != collections.Counter(want):
        errs.append("findings differ from the text report:\n  only here: %s\n  only in text: %s"
                    % (sorted(collections.Counter(got) - collections.Counter(want)),
                       sorted(collections.Counter(want) - collections.Counter(got))))
    if len(got) < a.min_findings:
        errs.append("%d finding(s), expected at least %d" % (len(got), a.min_findings))
    for e in errs[:20]:
        print("check_report: %s: %s" % (a.report, e))
    if errs:
        return 1
    print("check_report: %s: OK, %d finding(s)" % (a.format, len(got)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
