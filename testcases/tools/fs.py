#!/usr/bin/env python3
"""fs.py COMMAND ARGS... -- small portable file checks for lit RUN lines.

  fs.py absent PATH       PATH does not exist
  fs.py exists PATH       PATH exists
  fs.py empty PATH        PATH is an empty file ('-' reads stdin)
  fs.py lines N PATH      PATH has exactly N lines ('-' reads stdin); echoes the text
  fs.py copy SRC DST      copy a file (creating DST's directory)
  fs.py noglob PATTERN    no path matches the glob PATTERN (quote it in RUN lines)
Exit 0 if the condition holds, 1 otherwise.
"""
import glob
import os
import shutil
import sys


def read(path):
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8", errors="replace") as fp:
        return fp.read()


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "absent":
        if os.path.lexists(argv[2]):
            sys.stderr.write("fs.py: %s exists\n" % argv[2])
            return 1
        return 0
    if cmd == "exists":
        if not os.path.exists(argv[2]):
            sys.stderr.write("fs.py: %s does not exist\n" % argv[2])
            return 1
        return 0
    if cmd == "empty":
        text = read(argv[2])
        if text:
            sys.stderr.write("fs.py: %s is not empty:\n%s" % (argv[2], text))
            return 1
        return 0
    if cmd == "lines":
        want = int(argv[2])
        text = read(argv[3])
        sys.stdout.write(text)
        got = len(text.splitlines())
        if got != want:
            sys.stderr.write("fs.py: %s has %d line(s), expected %d:\n%s"
                             % (argv[3], got, want, text))
            return 1
        return 0
    if cmd == "noglob":
        hits = sorted(glob.glob(argv[2]))
        if hits:
            sys.stderr.write("fs.py: %s matches: %s\n" % (argv[2], " ".join(hits)))
            return 1
        return 0
    if cmd == "copy":
        d = os.path.dirname(os.path.abspath(argv[3]))
        os.makedirs(d, exist_ok=True)
        shutil.copyfile(argv[2], argv[3])
        return 0
    sys.stderr.write("fs.py: unknown command %s\n" % cmd)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
