#!/usr/bin/env python3
"""mk_hostile.py DIR

Writes driver sources whose names, comments and identifiers carry what a report must not
pass through raw: HTML/script markup, ANSI escape sequences, a C1 control, a
bidirectional override, a byte that is not UTF-8, workflow-command syntax (%, ':', ',',
'::'), and a newline in a file name and inside an identifier (a backslash-newline
splice). Each file has a secure-balance leak (the secure call on line 7, the `return`
on line 12 its note; the hostile comment on line 5 is in the excerpt) so every report has findings to show. Also writes DIR/build/compile_commands.json
listing both (absolute paths), so `drvcheck -p DIR/build` checks them without the names
on a command line. Prints the two file names, one per line, with control characters
written as Python escapes.

  DIR/<img src=x onerror=alert(1)>.c
  DIR/esc<ESC>[31mdir/a<LF>b%2C,:x.c
"""
import json
import os
import sys

HOSTILE_COMMENT = (
    "/* </script><script>alert(1)</script> <img src=x onerror=alert(2)> "
    "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \u009b31m \u202eevil\u202c %0A::warning ::,a "
    "& \"quotes\" 'single' */")

SOURCE = """#include <ntddk.h>

NTSTATUS HostileLeak(PVOID Buffer, SIZE_T Length, ULONG Flags)
{{
    {comment}
    HANDLE Secure\\
Handle = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); /* </script> \x1b[2J */
    if (SecureHandle == NULL) {{
        return STATUS_ACCESS_VIOLATION;
    }}
    if (Flags != 0) {{
        return STATUS_INVALID_PARAMETER; /* <b>leak</b> %25 @BAD@ */
    }}
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}}
"""


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    top = argv[1]
    names = [os.path.join(top, "<img src=x onerror=alert(1)>.c"),
             os.path.join(top, "esc\x1b[31mdir", "a\nb%2C,:x.c")]
    text = SOURCE.format(comment=HOSTILE_COMMENT).encode("utf-8")
    text = text.replace(b"@BAD@", b"\xff\xfe")
    for n in names:
        os.makedirs(os.path.dirname(n), exist_ok=True)
        with open(n, "wb") as fp:
            fp.write(text)
        print(repr(n)[1:-1])
    build = os.path.join(top, "build")
    os.makedirs(build, exist_ok=True)
    entries = [{"directory": build, "file": os.path.abspath(n),
                "arguments": ["clang", "-c", os.path.abspath(n)]} for n in names]
    with open(os.path.join(build, "compile_commands.json"), "w", encoding="utf-8") as fp:
        json.dump(entries, fp, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
