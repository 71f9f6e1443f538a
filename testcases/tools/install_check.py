#!/usr/bin/env python3
"""Install drvcheck from its build tree into a fresh prefix (cmake --install --prefix) and
run the installed copy: it must find its own headers and rule docs next to itself.
Usage: install_check.py DRVCHECK PREFIX SOURCE.c"""
import os
import shutil
import subprocess
import sys

drvcheck, prefix, source = sys.argv[1:4]
build = os.path.dirname(os.path.abspath(drvcheck))
shutil.rmtree(prefix, ignore_errors=True)
subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
exe = os.path.join(prefix, "bin", "drvcheck")
args = subprocess.run([exe, "--print-compile-args", source], check=True, capture_output=True, text=True).stdout
inc = os.path.realpath(os.path.join(prefix, "share", "drvcheck", "include"))
print("headers from the prefix:", any(os.path.realpath(a) == inc for a in args.splitlines()))
r = subprocess.run([exe, "--no-source", source], capture_output=True, text=True)
print("exit", r.returncode)
sys.stdout.write(r.stdout)
doc = subprocess.run([exe, "--explain", "secure-balance"], capture_output=True, text=True)
print("explain exit", doc.returncode, doc.stdout.splitlines()[0] if doc.stdout else "")
