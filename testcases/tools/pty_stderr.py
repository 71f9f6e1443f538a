#!/usr/bin/env python3
"""pty_stderr.py STDOUT_FILE STDERR_FILE CMD [ARGS...]

Runs CMD with its standard error on a pseudo-terminal (so that CMD sees a terminal there)
and its standard output in STDOUT_FILE; what CMD wrote to the terminal is saved in
STDERR_FILE. Exits with CMD's exit status.
"""
import os
import pty
import subprocess
import sys


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    master, slave = pty.openpty()
    with open(argv[1], "wb") as out:
        p = subprocess.Popen(argv[3:], stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        data += chunk
    rc = p.wait()
    os.close(master)
    with open(argv[2], "wb") as err:
        err.write(data)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
