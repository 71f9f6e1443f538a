#!/usr/bin/env python3
"""Check that drvcheck reports the same findings with and without its precompiled-header
cache, on every C fixture of the testcases tree (cold cache, then warm cache, then
--no-cache). Usage: compare_cache.py DRVCHECK TESTCASES_DIR CACHE_DIR"""
import os
import subprocess
import sys


def fixtures(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("Inputs", "tools", "Output")]
        for f in sorted(files):
            if f.endswith(".c"):
                yield os.path.join(d, f)


def run(drvcheck, path, extra, env):
    p = subprocess.run([drvcheck, "--no-source", "--enable", "secure-not-recommended"] + extra + [path],
                       capture_output=True, text=True, env=env)
    out = [l for l in p.stdout.splitlines()]
    return p.returncode, out


def main():
    drvcheck, root, cache = sys.argv[1:4]
    env = dict(os.environ, DRVCHECK_CACHE_DIR=cache)
    bad = 0
    n = 0
    for path in sorted(fixtures(root)):
        n += 1
        cold = run(drvcheck, path, [], env)
        warm = run(drvcheck, path, [], env)
        none = run(drvcheck, path, ["--no-cache"], env)
        if not (cold == warm == none):
            bad += 1
            print("DIFFERENT: %s\n  cold=%r\n  warm=%r\n  none=%r" % (path, cold, warm, none))
    print("%d fixtures compared, %d different" % (n, bad))
    return 1 if bad or n == 0 else 0


sys.exit(main())
