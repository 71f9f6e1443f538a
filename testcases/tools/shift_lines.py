#!/usr/bin/env python3
"""shift_lines.py IN OUT N -- write IN to OUT with N blank lines inserted at the top."""
import os
import sys


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__ + "\n")
        return 2
    src, dst, n = argv[1], argv[2], int(argv[3])
    with open(src, "rb") as fp:
        data = fp.read()
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    with open(dst, "wb") as fp:
        fp.write(b"\n" * n + data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
