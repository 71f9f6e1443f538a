#!/usr/bin/env python3
"""check_report_safety.py FORMAT REPORT [--min-findings N] [--contains TEXT]...

Checks that a drvcheck report in FORMAT (text, json, sarif, github, codequality, html)
carries nothing from the analysed tree raw:
  * every format: valid UTF-8; no control character but newline and tab (no ANSI escape
    sequence), no C1 control, no bidirectional override;
  * json, sarif, codequality: valid JSON whose strings hold none of those either;
  * github: one workflow command per line, `::error|warning|notice
    file=F,line=N,col=N,title=T::MESSAGE`, with F and T free of raw ':' and ',';
  * html: only the tags and attributes the report itself uses (no script, img, iframe,
    event handler, src, or link outside the page), a Content-Security-Policy, and
    markup from the tree shown as text;
and that it has at least N findings (so the check is not vacuous). --contains TEXT:
the report (for html: its text as a browser shows it) contains TEXT ("\\n", "\\x1b" and
the like are unescaped first). Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import html.parser
import json
import re
import sys

BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "h1", "h2", "h3",
             "h4", "h5", "h6", "p", "table", "tr", "th", "td", "a", "code", "span", "article", "div",
             "pre", "mark", "ul", "li", "details", "summary", "section", "strong"}
HTML_ATTRS = {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href"}


def json_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from json_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from json_strings(v)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errs, self.text, self.csp, self.findings = [], [], False, 0

    def handle_starttag(self, tag, attrs):
        if tag not in HTML_TAGS:
            self.errs.append("unexpected tag <%s %r>" % (tag, attrs))
        for k, v in attrs:
            if k not in HTML_ATTRS or k.startswith("on"):
                self.errs.append("unexpected attribute %s=%r on <%s>" % (k, v, tag))
            if k == "href" and not (v or "").startswith("#"):
                self.errs.append("link outside the page: %r" % v)
            if k == "http-equiv" and v == "Content-Security-Policy":
                self.csp = True
            if k == "class" and tag == "article" and "finding" in (v or "").split():
                self.findings += 1

    def handle_data(self, data):
        self.text.append(data)


def check_html(text, errs):
    page = Page()
    page.feed(text)
    page.close()
    errs.extend(page.errs)
    if not page.csp:
        errs.append("no Content-Security-Policy meta tag")
    return page.findings, "".join(page.text)


def check_github(text, errs):
    n = 0
    for line in text.split("\n"):
        if not line:
            continue
        m = GITHUB_LINE.match(line)
        if not m:
            errs.append("not a workflow command: %r" % line[:200])
        elif "\r" in line:
            errs.append("raw CR in %r" % line[:200])
        else:
            n += 1
    return n


def count(fmt, text, doc, errs):
    """Number of findings in the report (and its visible text for --contains)."""
    if fmt == "html":
        return check_html(text, errs)
    if fmt == "github":
        return check_github(text, errs), text
    if fmt == "text":
        return len(re.findall(r"\[[a-z][a-z0-9-]*\]$", text, re.M)), text
    if fmt == "json":
        return len(doc["findings"]), text
    if fmt == "sarif":
        return len(doc["runs"][0]["results"]), text
    return len(doc), text  # codequality


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["text", "json", "sarif", "github", "codequality", "html"])
    ap.add_argument("report")
    ap.add_argument("--min-findings", type=int, default=1)
    ap.add_argument("--contains", action="append", default=[])
    a = ap.parse_args()
    errs = []
    raw = open(a.report, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("check_report_safety: %s: not UTF-8: %s" % (a.report, e))
        return 1
    for m in BAD_CHARS.finditer(text):
        errs.append("raw control character U+%04X at offset %d: %r"
                    % (ord(m.group()), m.start(), text[max(0, m.start() - 40):m.start() + 20]))
    doc = None
    if a.format in ("json", "sarif", "codequality"):
        try:
            doc = json.loads(text)
        except ValueError as e:
            print("check_report_safety: %s: not JSON: %s" % (a.report, e))
            return 1
        for s in json_strings(doc):
            if BAD_CHARS.search(s) or ("\n" in s and a.format != "sarif"):  # SARIF help has lines
                errs.append("string with a control character: %r" % s[:200])
    n, visible = count(a.format, text, doc, errs)
    if n < a.min_findings:
        errs.append("%d finding(s), expected at least %d" % (n, a.min_findings))
    for want in a.contains:
        want = want.encode("utf-8").decode("unicode_escape")
        if want not in visible:
            errs.append("does not contain %r" % want)
    for e in errs[:20]:
        print("check_report_safety: %s: %s" % (a.report, e))
    if errs:
        return 1
    print("check_report_safety: %s: OK, %d finding(s)" % (a.format, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
