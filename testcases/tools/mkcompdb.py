#!/usr/bin/env python3
"""mkcompdb.py [--arg=ARG]... BUILD_DIR FILE...

Writes BUILD_DIR/compile_commands.json (creating BUILD_DIR) with one entry per FILE,
all paths absolute. Entries alternate between the two forms of the format: the first
uses "command" (one shell-quoted string), the second "arguments" (a list), and so on.
Every --arg=ARG is added to every entry's compiler arguments (before the file name).
"""
import argparse
import json
import os
import shlex
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arg", action="append", default=[],
                    help="extra compiler argument for every entry")
    ap.add_argument("build_dir")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    build = os.path.abspath(a.build_dir)
    os.makedirs(build, exist_ok=True)
    entries = []
    for i, f in enumerate(a.files):
        path = os.path.abspath(f)
        out = os.path.join(build, os.path.basename(path) + ".o")
        args = ["clang", "-c"] + a.arg + ["-o", out, path]
        entry = {"directory": os.path.dirname(path), "file": path}
        if i % 2 == 0:
            entry["command"] = " ".join(shlex.quote(x) for x in args)
        else:
            entry["arguments"] = args
        entry["output"] = out
        entries.append(entry)
    with open(os.path.join(build, "compile_commands.json"), "w") as fp:
        json.dump(entries, fp, indent=2)
        fp.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
