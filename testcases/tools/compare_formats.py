#!/usr/bin/env python3
"""compare_formats.py [--drvcheck PATH] [--root TESTCASES_DIR] [-j N] [-v]

For every `.c` fixture of the rule folders under TESTCASES_DIR (every folder except
cli/, output/, tools/, Inputs/ and Output/, walked recursively), runs drvcheck twice,
in the text format and with --format sarif, with the extra arguments of the fixture's
first RUN line that invokes %drvcheck (--enable, --disable, --extra-arg, -- ARGS...,
and any other option except output ones), and asserts:
  * both runs exit with the same status, 0 or 1;
  * the SARIF passes the structural checks of check_sarif.py (rules list = enabled rules);
  * the multiset of (ruleId, file, startLine, startColumn) of the SARIF results equals
    the multiset of (rule-id, file, line, column) parsed from the text output.
Fixtures whose first drvcheck RUN line uses substitutions other than %s/%S/%p
(e.g. %t), reads a compile database (-p), or expects exit 2 are skipped and listed with -v.
Exits 0 if every compared fixture agrees and at least one was compared, 1 otherwise.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

import drvout

NOT_RULE_DIRS = {"cli", "output", "tools", "Inputs", "Output"}
DROP_WITH_VALUE = {"--format", "-o", "--output", "--fail-on"}
DROP_FLAGS = {"--no-source", "--color", "--no-color"}
RUN_RE = re.compile(r"^\s*(?://|/\*|\*|#|;)?\s*RUN:(.*)$")


def fixtures(root):
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel == ".":
            dirnames[:] = [d for d in dirnames if d not in NOT_RULE_DIRS and not d.startswith(".")]
            continue
        dirnames[:] = [d for d in dirnames if d not in ("Inputs", "Output")]
        for f in sorted(filenames):
            if f.endswith(".c"):
                yield os.path.join(dirpath, f)


def run_lines(path):
    """The RUN commands of a fixture, with `\\` continuations joined."""
    cmds, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as fp:
        for line in fp:
            m = RUN_RE.match(line.rstrip("\n"))
            if not m:
                continue
            text = m.group(1).rstrip()
            if text.endswith("*/"):
                text = text[:-2].rstrip()
            cont = text.endswith("\\")
            if cont:
                text = text[:-1]
            cur = text if cur is None else cur + " " + text.strip()
            if not cont:
                cmds.append(cur.strip())
                cur = None
    if cur:
        cmds.append(cur.strip())
    return cmds


def subst(word, path):
    """word with lit's %s, %S and %p replaced for fixture path."""
    return (word.replace("%s", path).replace("%S", os.path.dirname(path))
            .replace("%p", os.path.dirname(path)))


def drvcheck_args(path):
    """((args, cwd), None): the arguments of the first RUN command running %drvcheck,
    with %s replaced by the fixture, and its working directory; or (None, why it was
    skipped)."""
    for cmd in run_lines(path):
        if "%drvcheck" not in cmd:
            continue
        # The pipeline stage that runs drvcheck, and the directory a `cd` before it chose.
        stage, cwd = None, os.path.dirname(path)
        for part in re.split(r"\|\||&&|\||;", cmd):
            if "%drvcheck" in part:
                stage = part
                break
            words = part.split()
            if len(words) == 2 and words[0] == "cd":
                cwd = os.path.join(cwd, subst(words[1], path))
        try:
            words = shlex.split(stage)
        except ValueError as e:
            return None, "cannot split RUN line: %s" % e
        i = words.index("%drvcheck") if "%drvcheck" in words else -1
        if i < 0:
            return None, "%drvcheck is not a word of the RUN line"
        prefix = words[:i]
        if "2" in prefix and "%exitcode" in prefix:
            return None, "RUN line expects exit status 2"
        words = words[i + 1:]
        args, j = [], 0
        while j < len(words):
            w = words[j]
            if w in (">", "2>", ">>", "2>&1", "<") or w.startswith(">") or w.startswith("2>"):
                # Redirections end the command (their target follows).
                if w in (">", "2>", ">>", "<"):
                    j += 2
                else:
                    j += 1
                continue
            if w in DROP_WITH_VALUE:
                j += 2
                continue
            if any(w.startswith(o + "=") for o in DROP_WITH_VALUE if o.startswith("--")):
                j += 1
                continue
            if w in DROP_FLAGS:
                j += 1
                continue
            if w == "-p" or w.startswith("-p") and len(w) > 2 and not w.startswith("--"):
                return None, "uses a compile database (-p)"
            w = subst(w, path)
            if "%" in w and re.search(r"%[A-Za-z{]", w):
                return None, "uses substitution in %r" % w
            args.append(w)
            j += 1
        return (args, cwd), None
    return None, "no RUN line runs %drvcheck"


def split_enable(args):
    enable, disable = [], []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        for opt, dst in (("--enable", enable), ("--disable", disable)):
            if a == opt and i + 1 < len(args):
                dst.append(args[i + 1])
            elif a.startswith(opt + "="):
                dst.append(a[len(opt) + 1:])
        i += 1
    return enable, disable


def with_format(args, fmt):
    """args with `--format fmt` put before any `--` (compiler arguments)."""
    if "--" in args:
        k = args.index("--")
        return args[:k] + ["--format", fmt] + args[k:]
    return args + ["--format", fmt]


def compare(drvcheck, path, args, cwd):
    """List of error strings for one fixture ([] when text and SARIF agree)."""
    errs = []
    t = subprocess.run([drvcheck] + with_format(args, "text"), cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    s = subprocess.run([drvcheck] + with_format(args, "sarif"), cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    cmd = "drvcheck " + " ".join(shlex.quote(a) for a in args)
    if t.returncode not in (0, 1):
        return ["%s: text run exited %d: %s" % (cmd, t.returncode, t.stderr.decode(errors="replace").strip())]
    if s.returncode != t.returncode:
        errs.append("%s: text run exited %d, sarif run %d" % (cmd, t.returncode, s.returncode))
    try:
        doc = __import__("json").loads(s.stdout.decode("utf-8"))
    except ValueError as e:
        return errs + ["%s --format sarif: output is not JSON: %s" % (cmd, e)]
    enable, disable = split_enable(args)
    errs.extend("%s --format sarif: %s" % (cmd, e)
                for e in drvout.check_sarif(doc, drvout.enabled_rules(enable, disable)))
    if errs:
        return errs
    findings, stray = drvout.parse_text(t.stdout.decode("utf-8", errors="replace"))
    if stray:
        errs.append("%s: text output has lines outside any diagnostic: %r" % (cmd, stray[:3]))
    text_set = collections.Counter(f.key(cwd) for f in findings)
    sarif_set = collections.Counter(
        (r["rule"], drvout.norm_path(r["uri"], cwd), r["line"], r["col"])
        for r in drvout.sarif_results(doc))
    if text_set != sarif_set:
        def fmt(c):
            return ", ".join("%s@%s:%d:%d x%d" % (k[0], os.path.basename(k[1]), k[2], k[3], n)
                             for k, n in sorted(c.items()))
        errs.append("%s: text and SARIF disagree\n  only in text:  %s\n  only in SARIF: %s"
                    % (cmd, fmt(text_set - sarif_set) or "-", fmt(sarif_set - text_set) or "-"))
    return errs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--drvcheck", default=os.environ.get("DRVCHECK"))
    ap.add_argument("--root", default=os.path.dirname(here))
    ap.add_argument("-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--min-fixtures", type=int, default=1)
    a = ap.parse_args()
    if not a.drvcheck:
        ap.error("--drvcheck (or $DRVCHECK) is required")
    os.environ["DRVCHECK"] = a.drvcheck  # drvout.tool_rules() lists this binary's rules

    jobs, skipped = [], []
    for path in fixtures(a.root):
        found, why = drvcheck_args(path)
        if found is None:
            skipped.append((path, why))
        else:
            jobs.append((path, found[0], found[1]))
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = {ex.submit(compare, a.drvcheck, p, args, cwd): p for p, args, cwd in jobs}
        for fut in concurrent.futures.as_completed(futs):
            p = futs[fut]
            try:
                errs = fut.result()
            except Exception as e:  # a crash of the tool or a timeout is a failure too
                errs = ["%r" % e]
            if errs:
                failures.append((p, errs))
            elif a.verbose:
                print("ok      %s" % os.path.relpath(p, a.root))
    if a.verbose:
        for p, why in skipped:
            print("skipped %s: %s" % (os.path.relpath(p, a.root), why))
    for p, errs in sorted(failures):
        print("FAIL    %s" % os.path.relpath(p, a.root))
        for e in errs:
            print("    " + e.replace("\n", "\n    "))
    print("compare_formats: %d fixture(s) compared, %d failed, %d skipped"
          % (len(jobs), len(failures), len(skipped)))
    if len(jobs) < a.min_fixtures:
        print("compare_formats: fewer than %d fixture(s) found under %s" % (a.min_fixtures, a.root))
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
