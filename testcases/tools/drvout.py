"""Shared helpers of the test tools: parse drvcheck's text output, check SARIF structure.

Standard library only. Imported by the scripts beside it (they run with this directory
as sys.path[0]).
"""
import json
import os
import re
import subprocess
import urllib.parse

# Every rule of RULES.md, with its default severity and default state.
RULES = {
    "secure-balance": ("warning", True),
    "secure-null-check": ("warning", True),
    "secure-probe-mode": ("error", True),
    "irql-too-high": ("error", True),
    "unsecure-outside-attach": ("warning", True),
    "attach-balance": ("warning", True),
    "user-access-outside-try": ("warning", True),
    "postop-buffer-unsafe": ("warning", True),
    "mdl-address-null-check": ("warning", True),
    "page-protection-invalid": ("error", True),
    "secure-not-recommended": ("note", False),
}
# Pseudo-rule of parse errors in an input.
COMPILER_ERROR = "compiler-error"
LEVELS = ("error", "warning", "note")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DIAG_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): "
    r"(?P<msg>.*?)(?: \[(?P<rule>[A-Za-z0-9][A-Za-z0-9_.-]*)\])?$")


class Diag(object):
    """One diagnostic line of the text format, with the lines that followed it."""

    def __init__(self, m, index):
        self.path = m.group("path")
        self.line = int(m.group("line"))
        self.col = int(m.group("col"))
        self.severity = m.group("sev")
        self.message = m.group("msg")
        self.rule = m.group("rule")
        self.index = index          # line index in the output
        self.extra = []             # following non-diagnostic lines (source, caret)
        self.notes = []             # related-location notes (Diag objects)

    def key(self, cwd=None):
        return (self.rule, norm_path(self.path, cwd), self.line, self.col)

    def __repr__(self):
        return "%s:%d:%d: %s [%s]" % (self.path, self.line, self.col, self.severity, self.rule)


def norm_path(path, cwd=None):
    """Absolute, normalised form of a path printed relative to cwd (or absolute)."""
    if path.startswith("file:"):
        path = urllib.parse.unquote(urllib.parse.urlparse(path).path)
    if not os.path.isabs(path):
        path = os.path.join(cwd or os.getcwd(), path)
    return os.path.normpath(path)


def parse_text(text):
    """Split text output into findings.

    A diagnostic line carrying `[rule-id]` starts a finding; a `note:` line is a related
    location of the finding before it when it carries no rule id, or carries the same
    rule id as a finding whose own severity is not `note` (both conventions are
    accepted); other lines (source line, caret line) belong to the diagnostic line before
    them. Returns (findings, stray) where stray lists lines that fit nowhere (before the
    first diagnostic).
    """
    findings, stray = [], []
    current, last = None, None
    for i, raw in enumerate(text.splitlines()):
        line = _ANSI.sub("", raw)
        m = DIAG_RE.match(line)
        related = bool(m) and m.group("sev") == "note" and current is not None and (
            not m.group("rule") or
            (m.group("rule") == current.rule and current.severity != "note"))
        if related:
            last = Diag(m, i)
            current.notes.append(last)
        elif m and m.group("rule"):
            current = Diag(m, i)
            findings.append(current)
            last = current
        elif last is not None:
            last.extra.append(line)
        elif line.strip():
            stray.append(line)
    return findings, stray


def check_caret(d):
    """Errors in the source/caret lines after diagnostic d (empty list if fine).

    The line after the diagnostic is the source line, optionally behind a clang-style
    gutter `  12 | `; the next has `^` at the diagnostic's column (same gutter width).
    """
    errs = []
    if len(d.extra) < 2:
        return ["%r: expected a source line and a caret line after it, got %r" % (d, d.extra)]
    src, caret = d.extra[0], d.extra[1]
    gutter = 0
    g = re.match(r"^( *\d+ \| )", src)
    if g:
        gutter = len(g.group(1))
        if not re.match(r"^ *\| ", caret) or len(caret) < gutter:
            errs.append("%r: caret line %r lacks the gutter of %r" % (d, caret, src))
    body = caret[gutter:]
    if "^" not in body:
        errs.append("%r: no caret in %r" % (d, caret))
        return errs
    pos = body.index("^")
    # Tabs in the source are expanded by some printers; compare columns on the raw text
    # only when there is no tab before the column.
    src_body = src[gutter:]
    if "\t" not in src_body[:d.col]:
        if pos != d.col - 1:
            errs.append("%r: caret at column %d, expected %d:\n%s\n%s" % (d, pos + 1, d.col, src, caret))
    if body[:pos].strip(" \t"):
        errs.append("%r: junk before the caret: %r" % (d, caret))
    return errs


# ---------------------------------------------------------------------------------------
# SARIF

def load_json(path):
    with open(path, "rb") as fp:
        return json.loads(fp.read().decode("utf-8"))


def _is_pos_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _check_location(loc, where, errs):
    if not isinstance(loc, dict):
        errs.append("%s: not an object" % where)
        return None
    pl = loc.get("physicalLocation")
    if not isinstance(pl, dict):
        errs.append("%s: no physicalLocation" % where)
        return None
    art = pl.get("artifactLocation")
    uri = art.get("uri") if isinstance(art, dict) else None
    if not isinstance(uri, str) or not uri:
        errs.append("%s: no artifactLocation.uri" % where)
        uri = None
    elif uri.startswith("/") or uri.startswith("file:") or re.match(r"^[A-Za-z]:[\\/]", uri) \
            or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", uri):
        errs.append("%s: artifact URI %r is not relative" % (where, uri))
    elif "\\" in uri:
        errs.append("%s: artifact URI %r uses backslashes" % (where, uri))
    region = pl.get("region")
    if not isinstance(region, dict):
        errs.append("%s: no region" % where)
        return None
    line, col = region.get("startLine"), region.get("startColumn")
    if not _is_pos_int(line):
        errs.append("%s: region.startLine %r is not an int >= 1" % (where, line))
    if not _is_pos_int(col):
        errs.append("%s: region.startColumn %r is not an int >= 1" % (where, col))
    return (urllib.parse.unquote(uri) if uri else None, line, col)


def _text(obj):
    return obj.get("text") if isinstance(obj, dict) else None


def check_sarif(doc, enabled=None):
    """Structural errors of a drvcheck SARIF log (empty list if fine).

    enabled: the set of rule ids that must be listed in tool.driver.rules (and no other
    rule of RULES.md may be); None skips that comparison.
    """
    errs = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    if doc.get("version") != "2.1.0":
        errs.append("version is %r, expected '2.1.0'" % doc.get("version"))
    if not isinstance(doc.get("$schema"), str) or not doc.get("$schema"):
        errs.append("$schema missing")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        return errs + ["expected exactly one run, got %r" % (len(runs) if isinstance(runs, list) else runs)]
    run = runs[0]
    driver = (run.get("tool") or {}).get("driver") if isinstance(run.get("tool"), dict) else None
    if not isinstance(driver, dict):
        return errs + ["runs[0].tool.driver missing"]
    if driver.get("name") != "drvcheck":
        errs.append("tool.driver.name is %r, expected 'drvcheck'" % driver.get("name"))
    rules = driver.get("rules")
    rule_ids = []
    if not isinstance(rules, list):
        errs.append("tool.driver.rules is not a list")
        rules = []
    for i, r in enumerate(rules):
        where = "tool.driver.rules[%d]" % i
        if not isinstance(r, dict) or not isinstance(r.get("id"), str):
            errs.append("%s: no id" % where)
            continue
        rule_ids.append(r["id"])
        where += " (%s)" % r["id"]
        if not _text(r.get("shortDescription")):
            errs.append("%s: no shortDescription.text" % where)
        if not (_text(r.get("fullDescription")) or _text(r.get("help"))):
            errs.append("%s: neither fullDescription.text nor help.text" % where)
        level = (r.get("defaultConfiguration") or {}).get("level") \
            if isinstance(r.get("defaultConfiguration"), dict) else None
        if level not in LEVELS:
            errs.append("%s: defaultConfiguration.level is %r" % (where, level))
        elif r["id"] in RULES and RULES[r["id"]][0] != level:
            errs.append("%s: defaultConfiguration.level is %r, RULES.md says %r"
                        % (where, level, RULES[r["id"]][0]))
    if len(set(rule_ids)) != len(rule_ids):
        errs.append("tool.driver.rules lists an id twice: %r" % rule_ids)
    if enabled is not None:
        missing = sorted(set(enabled) - set(rule_ids))
        extra = sorted(x for x in set(rule_ids) - set(enabled)
                       if x in RULES or x in tool_rules())
        if missing:
            errs.append("enabled rules missing from tool.driver.rules: %s" % ", ".join(missing))
        if extra:
            errs.append("disabled rules listed in tool.driver.rules: %s" % ", ".join(extra))

    results = run.get("results")
    if not isinstance(results, list):
        return errs + ["runs[0].results is not a list"]
    for i, res in enumerate(results):
        where = "results[%d]" % i
        if not isinstance(res, dict):
            errs.append("%s: not an object" % where)
            continue
        rid = res.get("ruleId")
        if not isinstance(rid, str) or not rid:
            errs.append("%s: no ruleId" % where)
        else:
            where += " (%s)" % rid
            if rid not in rule_ids and rid != COMPILER_ERROR:
                errs.append("%s: ruleId not in tool.driver.rules" % where)
        if res.get("level") not in LEVELS:
            errs.append("%s: level %r not in %s" % (where, res.get("level"), LEVELS))
        if not _text(res.get("message")):
            errs.append("%s: no message.text" % where)
        locs = res.get("locations")
        if not isinstance(locs, list) or len(locs) != 1:
            errs.append("%s: expected exactly one location, got %r" % (where, locs))
        else:
            _check_location(locs[0], where + ".locations[0]", errs)
        rel = res.get("relatedLocations")
        if rel is not None:
            if not isinstance(rel, list):
                errs.append("%s: relatedLocations is not a list" % where)
            else:
                for j, loc in enumerate(rel):
                    _check_location(loc, "%s.relatedLocations[%d]" % (where, j), errs)
        fp = res.get("partialFingerprints")
        if not isinstance(fp, dict) or not fp or \
                not all(isinstance(v, str) and v for v in fp.values()):
            errs.append("%s: partialFingerprints empty or malformed: %r" % (where, fp))
    return errs


def sarif_results(doc):
    """List of dicts (rule, uri, line, col, level, fingerprints, related) of a SARIF log."""
    out = []
    for res in doc["runs"][0].get("results", []):
        pl = res["locations"][0]["physicalLocation"]
        rel = []
        for loc in res.get("relatedLocations") or []:
            p = loc["physicalLocation"]
            rel.append((urllib.parse.unquote(p["artifactLocation"]["uri"]),
                        p["region"]["startLine"], p["region"]["startColumn"]))
        out.append({
            "rule": res.get("ruleId"),
            "uri": urllib.parse.unquote(pl["artifactLocation"]["uri"]),
            "line": pl["region"]["startLine"],
            "col": pl["region"]["startColumn"],
            "level": res.get("level"),
            "fingerprints": res.get("partialFingerprints") or {},
            "related": rel,
            "message": (res.get("message") or {}).get("text"),
        })
    return out


_TOOL_RULES = None


def tool_rules(drvcheck=None):
    """{rule-id: (severity, on-by-default)} as `drvcheck --list-rules` prints them.

    The SARIF checks compare tool.driver.rules with the rules the binary has, so that a
    rule not implemented yet fails list-rules.test only. Falls back to RULES (RULES.md)
    when the binary is unknown or its list cannot be read.
    """
    global _TOOL_RULES
    if _TOOL_RULES is not None:
        return _TOOL_RULES
    exe = drvcheck or os.environ.get("DRVCHECK")
    found = {}
    if exe:
        try:
            out = subprocess.run([exe, "--list-rules"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, timeout=60).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            words = line.split()
            if not words or not re.match(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$", words[0]):
                continue
            low = [w.lower().strip("(),;:") for w in words[1:]]
            sev = next((w for w in low if w in LEVELS), None)
            state = next((w for w in low if w in ("yes", "on", "enabled", "no", "off", "disabled")), None)
            if sev is None or state is None:
                continue
            found[words[0]] = (sev, state in ("yes", "on", "enabled"))
    _TOOL_RULES = found or dict(RULES)
    return _TOOL_RULES


def enabled_rules(enable=(), disable=()):
    """Rule ids enabled after --enable/--disable lists (comma-separated items allowed),
    starting from the binary's default set (see tool_rules)."""
    on = set(r for r, (_, d) in tool_rules().items() if d)
    for item in enable:
        on |= set(x for x in item.split(",") if x)
    for item in disable:
        on -= set(x for x in item.split(",") if x)
    return on
