#!/usr/bin/env python3
"""exitcode.py N CMD [ARGS...]

Runs CMD with ARGS, lets its stdout and stderr through unchanged, and exits 0 if CMD's
exit status was exactly N, 1 otherwise (with a message on stderr). lit's `not` only
tells zero from non-zero; drvcheck's contract distinguishes 1 (findings) from 2
(could not run).
"""
import subprocess
import sys


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: exitcode.py N CMD [ARGS...]\n")
        return 2
    try:
        want = int(argv[1])
    except ValueError:
        sys.stderr.write("exitcode.py: N must be an integer, got %r\n" % argv[1])
        return 2
    sys.stdout.flush()
    try:
        got = subprocess.call(argv[2:])
    except OSError as e:
        sys.stderr.write("exitcode.py: cannot run %s: %s\n" % (argv[2], e))
        return 1
    if got < 0:
        sys.stderr.write("exitcode.py: %s killed by signal %d (wanted exit %d)\n"
                         % (argv[2], -got, want))
        return 1
    if got != want:
        sys.stderr.write("exitcode.py: %s exited with %d, wanted %d\n" % (argv[2], got, want))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
