#!/usr/bin/env python3
"""interrupt.py SIGNAL REPORT DRVCHECK ARGS... -- interrupts drvcheck in the middle of a run.

Starts `DRVCHECK -o REPORT ARGS...`, waits until its temporary report file exists (the
run has started writing nothing yet but is past option parsing), sends SIGNAL (INT or
TERM), and checks that drvcheck died of that signal and left neither REPORT nor any
REPORT.* temporary behind. Prints one line and exits 0 if so, 1 otherwise.
"""
import glob
import os
import signal
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    sig = getattr(signal, "SIG" + argv[1])
    report = argv[2]
    cmd = [argv[3], "-o", report] + argv[4:]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not glob.glob(glob.escape(report) + ".*") and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    if proc.poll() is not None:
        sys.stderr.write("interrupt.py: drvcheck finished (status %d) before it could be interrupted\n"
                         % proc.returncode)
        return 1
    time.sleep(0.2)  # well inside the analysis
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    ok = True
    if proc.returncode != -sig:
        sys.stderr.write("interrupt.py: exit status %d, wanted death by signal %d\n" % (proc.returncode, sig))
        ok = False
    left = [p for p in [report] + glob.glob(glob.escape(report) + "*") if os.path.lexists(p)]
    if left:
        sys.stderr.write("interrupt.py: left behind: %s\n" % " ".join(sorted(set(left))))
        ok = False
    if ok:
        print("interrupted by SIG%s: no report, no temporary file" % argv[1])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
