#!/usr/bin/env python3
"""validate_sarif.py --multitool PATH --out DIR [--drvcheck PATH] [--root TESTCASES_DIR]
                    [--input FILE [--input-args "ARGS"]]... [--allow RULE]... [-j N]

Runs drvcheck --format sarif on every rule fixture under TESTCASES_DIR (as
compare_formats.py finds them, with the arguments of each fixture's first drvcheck RUN
line) and on each extra --input FILE (run from its directory; a compile_commands.json is
read with -p), writes the logs to DIR, then validates all of them
in one run of Microsoft's SARIF Multitool:

    Sarif.Multitool validate --rule-kind "Sarif;Gh" -o DIR/validation.sarif FILES...

("Gh" adds the rules GitHub code scanning applies to an upload). The Multitool exits 0
whatever it finds, so its own output log is read: any result of level error fails, and
so does a warning whose rule id is not named by --allow. Exits 0 when every log
validates and at least --min-logs logs were checked, 1 otherwise.
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys

import compare_formats


def run_drvcheck(drvcheck, args, cwd, dest):
    """Run drvcheck with --format sarif; returns an error string or None."""
    cmd = [drvcheck] + compare_formats.with_format(args, "sarif")
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if r.returncode not in (0, 1):
        return "%s exited %d: %s" % (" ".join(shlex.quote(c) for c in cmd), r.returncode,
                                     r.stderr.decode(errors="replace").strip())
    with open(dest, "wb") as fp:
        fp.write(r.stdout)
    return None


def jobs_of(a):
    """(name, args, cwd) for every fixture and extra input."""
    jobs = []
    for path in compare_formats.fixtures(a.root):
        found, _ = compare_formats.drvcheck_args(path)
        if found:
            jobs.append((os.path.relpath(path, a.root), found[0], found[1]))
    extra_args = a.input_args + [""] * (len(a.input) - len(a.input_args))
    for path, args in zip(a.input, extra_args):
        path = os.path.abspath(path)
        build = os.path.dirname(path)
        if os.path.basename(path) == "compile_commands.json":  # every file it lists
            jobs.append((os.path.basename(build), shlex.split(args) + ["-p", build], os.path.dirname(build)))
        else:
            jobs.append((os.path.basename(path), shlex.split(args) + [os.path.basename(path)], build))
    return jobs


def findings_of(log_path, allow):
    """(errors, allowed warnings) of the Multitool's output log, as printable strings."""
    with open(log_path, encoding="utf-8-sig") as fp:
        doc = json.load(fp)
    bad, allowed = [], []
    for run in doc.get("runs", []):
        driver = run.get("tool", {}).get("driver", {})
        print("validator: %s %s" % (driver.get("name"), driver.get("semanticVersion") or driver.get("version")))
        for res in run.get("results", []):
            level = res.get("level", "warning")
            if level not in ("error", "warning"):
                continue
            where = "?"
            for loc in res.get("locations", []):
                uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "?")
                where = os.path.basename(uri)
            msg = res.get("message", {})
            text = msg.get("text") or " / ".join(msg.get("arguments", []))
            item = "%s %s %s: %s" % (where, level, res.get("ruleId"), text[:300])
            if level == "warning" and res.get("ruleId") in allow:
                allowed.append(item)
            else:
                bad.append(item)
    return bad, allowed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--multitool", default=os.environ.get("SARIF_MULTITOOL"))
    ap.add_argument("--drvcheck", default=os.environ.get("DRVCHECK"))
    ap.add_argument("--root", default=os.path.dirname(here))
    ap.add_argument("--out", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--input-args", action="append", default=[])
    ap.add_argument("--allow", action="append", default=[])
    ap.add_argument("--min-logs", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    a = ap.parse_args()
    if not a.multitool or not a.drvcheck:
        ap.error("--multitool and --drvcheck (or $SARIF_MULTITOOL and $DRVCHECK) are required")
    logs_dir = os.path.join(a.out, "logs")
    os.makedirs(logs_dir, exist_ok=True)

    jobs, errs, logs = jobs_of(a), [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = {}
        for k, (name, args, cwd) in enumerate(jobs):
            dest = os.path.join(logs_dir, "%03d-%s.sarif" % (k, name.replace(os.sep, "-")))
            futs[ex.submit(run_drvcheck, a.drvcheck, args, cwd, dest)] = (name, dest)
        for fut in concurrent.futures.as_completed(futs):
            name, dest = futs[fut]
            err = fut.result()
            if err:
                errs.append("%s: %s" % (name, err))
            else:
                logs.append(dest)
    out_log = os.path.join(a.out, "validation.sarif")
    cmd = [a.multitool, "validate", "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite",
           "-o", out_log] + sorted(logs)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    if r.returncode != 0 or not os.path.isfile(out_log):
        errs.append("Sarif.Multitool exited %d:\n%s" % (r.returncode, r.stdout.decode(errors="replace")[-3000:]))
    else:
        bad, allowed = findings_of(out_log, set(a.allow))
        errs.extend(bad)
        for item in allowed[:3]:
            print("allowed: %s" % item)
    if len(logs) < a.min_logs:
        errs.append("only %d SARIF log(s) produced, expected at least %d" % (len(logs), a.min_logs))
    for e in errs:
        print("FAIL    %s" % e)
    print("validate_sarif: %d SARIF log(s) validated, %d problem(s)" % (len(logs), len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
