#!/usr/bin/env python3
"""mkdb.py KIND DIR FILE... -- writes DIR/compile_commands.json for the robustness tests.

  parse-failure   one entry per FILE; the last one gets `-std=c2000`, which libclang
                  cannot parse with
  missing-field   an entry without "file"
  not-objects     an array of strings instead of entry objects
  relative-dir    one entry per FILE whose "directory" is relative ("src", beside the
                  database; the FILEs are copied there)
  duplicate       every FILE listed twice (once with "command", once with "arguments")
"""
import json
import os
import shutil
import sys


def entry(path, extra=()):
    return {"directory": os.path.dirname(path), "file": path,
            "arguments": ["clang", "-c"] + list(extra) + [path]}


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    kind, d, files = argv[1], argv[2], [os.path.abspath(f) for f in argv[3:]]
    os.makedirs(d, exist_ok=True)
    if kind == "parse-failure":
        db = [entry(f) for f in files[:-1]] + [entry(files[-1], ["-std=c2000"])]
    elif kind == "missing-field":
        db = [entry(f) for f in files] + [{"directory": d, "arguments": ["clang", "-c", "x.c"]}]
    elif kind == "not-objects":
        db = ["clang -c %s" % f for f in files]
    elif kind == "relative-dir":
        os.makedirs(os.path.join(d, "src"), exist_ok=True)
        db = []
        for f in files:
            shutil.copyfile(f, os.path.join(d, "src", os.path.basename(f)))
            db.append({"directory": "src", "file": os.path.basename(f),
                       "arguments": ["clang", "-c", os.path.basename(f)]})
    elif kind == "duplicate":
        db = []
        for f in files:
            db.append({"directory": os.path.dirname(f), "file": f, "command": "clang -c %s" % f})
            db.append(entry(f))
    else:
        sys.stderr.write(__doc__)
        return 2
    with open(os.path.join(d, "compile_commands.json"), "w") as fp:
        json.dump(db, fp, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
