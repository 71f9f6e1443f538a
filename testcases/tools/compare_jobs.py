#!/usr/bin/env python3
"""compare_jobs.py DRVCHECK TESTCASES_DIR [--jobs N]... -- run drvcheck once over every C
fixture of the testcases tree (all in one invocation) with -j 1 and with each -j N, and
check that stdout, stderr and the exit status are byte-identical: text, SARIF, and text
with --dump-cfg (every file's control-flow graphs on stderr, so per-file messages must
come out in input order). The run must have findings (exit 1) over many rule folders."""
import argparse
import os
import subprocess
import sys


def fixtures(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("Inputs", "tools", "Output"))
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(".c")]
    return out


def run(drvcheck, jobs, fmt, files):
    extra = ["--dump-cfg"] if fmt == "text+cfg" else []
    fmt = fmt.split("+")[0]
    cmd = [drvcheck, "-j", str(jobs), "--format", fmt, "--enable", "secure-not-recommended"] + extra + files
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("drvcheck")
    ap.add_argument("root")
    ap.add_argument("--jobs", type=int, action="append", default=[])
    a = ap.parse_args()
    files = fixtures(a.root)
    folders = set(os.path.basename(os.path.dirname(f)) for f in files)
    if len(files) < 20 or len(folders) < 5:
        sys.stderr.write("compare_jobs: only %d fixtures in %d folders under %s\n" % (len(files), len(folders), a.root))
        return 1
    bad = 0
    for fmt in ("text", "sarif", "text+cfg"):
        ref = run(a.drvcheck, 1, fmt, files)
        if ref[0] != 1 or not ref[1] or (fmt == "text+cfg") != bool(ref[2]):
            sys.stderr.write("compare_jobs: -j 1 --format %s exited %d with %d bytes of output\n"
                             % (fmt, ref[0], len(ref[1])))
            bad += 1
        for n in a.jobs or [2]:
            got = run(a.drvcheck, n, fmt, files)
            for what, x, y in (("exit status", ref[0], got[0]), ("stdout", ref[1], got[1]),
                               ("stderr", ref[2], got[2])):
                if x != y:
                    sys.stderr.write("compare_jobs: --format %s: %s of -j %d differs from -j 1\n" % (fmt, what, n))
                    bad += 1
    if not bad:
        print("compare_jobs: %d fixtures in %d folders: identical output with -j 1 and -j %s"
              % (len(files), len(folders), ", ".join(str(n) for n in a.jobs or [2])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
