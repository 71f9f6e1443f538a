#!/usr/bin/env python3
"""gen.py KIND OUT [N] -- writes a pathological C source for the robustness tests.

  big-source OUT MB       a valid source of about MB megabytes (many small functions)
  deep-blocks OUT N       a function with N nested { } blocks
  deep-parens OUT N       an expression with N nested parentheses
  long-line OUT BYTES     one line of about BYTES bytes (a long initializer)
  many-stmts OUT N        one function of N statements (then a small leaking one)
  big-function OUT N      one function with N branches (then a small leaking one)
  deep-ifs OUT N          N nested `if (x)` without braces (no bracket limit applies)
  not-chain OUT N         an expression of N unary `!` operators
  garbage OUT BYTES       deterministic binary garbage
  empty OUT               an empty file
  bad-utf8 OUT            a source with invalid UTF-8 in comments, strings and identifiers
  slow OUT N              a source that takes a while to analyse (a leak, then N functions)
Generated at test time: nothing big is committed.
"""
import random
import sys

HEAD = "#include <ntddk.h>\n"
LEAK = ("VOID Leak(PVOID Buffer, SIZE_T Length) {\n"
        "    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);\n}\n")


def big_source(out, mb):
    limit = int(mb) * 1024 * 1024
    size = 0
    i = 0
    with open(out, "w") as f:
        f.write(HEAD)
        while size < limit:
            s = ("static int f%d(int x) { int y = x * %d; if (y > 3) y -= 2; return y; }\n" % (i, i))
            f.write(s)
            size += len(s)
            i += 1


def deep_blocks(out, n):
    n = int(n)
    with open(out, "w") as f:
        f.write("void f(int x) {\n")
        f.write("{" * n)
        f.write(" x++; ")
        f.write("}" * n)
        f.write("\n}\n")


def deep_parens(out, n):
    n = int(n)
    with open(out, "w") as f:
        f.write("int f(int x) {\n  return ")
        f.write("(" * n + "x" + ")" * n)
        f.write(";\n}\n")


def long_line(out, size):
    size = int(size)
    count = size // 6
    with open(out, "w") as f:
        f.write("static const int table[] = {")
        f.write(",".join("%5d" % (i % 99999) for i in range(count)))
        f.write("};\nint get(int i) { return table[i]; }\n")


def many_stmts(out, n):
    n = int(n)
    with open(out, "w") as f:
        f.write(HEAD + "int f(int x) {\n  int y = 0;\n")
        for i in range(n):
            f.write("  y += x * %d;\n" % (i % 7))
        f.write("  return y;\n}\n" + LEAK)


def big_function(out, n):
    n = int(n)
    with open(out, "w") as f:
        f.write(HEAD + "int f(int x, int *p) {\n  int y = 0;\n")
        for i in range(n):
            f.write("  if (x == %d) y += p[%d];\n" % (i, i % 16))
        f.write("  return y;\n}\n" + LEAK)


def deep_ifs(out, n):
    with open(out, "w") as f:
        f.write("int f(int x) {\n  " + "if (x) " * int(n) + "x++;\n  return x;\n}\n")


def not_chain(out, n):
    with open(out, "w") as f:
        f.write("int f(int x) {\n  return " + "!" * int(n) + "x;\n}\n")


def garbage(out, size):
    rnd = random.Random(1234)
    with open(out, "wb") as f:
        f.write(bytes(rnd.randrange(256) for _ in range(int(size))))


def bad_utf8(out):
    with open(out, "wb") as f:
        f.write(HEAD.encode())
        f.write(b"/* \xff\xfe broken \xc3\x28 comment */\n")
        f.write(b"static const char s[] = \"\xe2\x28\xa1 \xf0\x90\x28\xbc\";\n")
        f.write(b"int g(int x) { return x + 1; } // \x80\x81\n")
        f.write(b"int f\xc3\xff = 1;\n")
        f.write(b"VOID Leak(PVOID Buffer, SIZE_T Length) {\n")
        f.write(b"    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);\n")
        f.write(b"}\n")


def empty(out):
    open(out, "wb").close()


def slow(out, n):
    n = int(n)
    with open(out, "w") as f:
        f.write(HEAD + LEAK)
        for i in range(n):
            f.write("int f%d(int x, int *p) {\n  int y = 0;\n" % i)
            for k in range(200):
                f.write("  if (x == %d) y += p[%d];\n" % (k, k % 16))
            f.write("  return y;\n}\n")


def main(argv):
    kinds = {"big-source": big_source, "deep-blocks": deep_blocks, "deep-parens": deep_parens,
             "long-line": long_line, "many-stmts": many_stmts, "big-function": big_function,
             "garbage": garbage, "deep-ifs": deep_ifs, "not-chain": not_chain, "bad-utf8": bad_utf8, "empty": empty, "slow": slow}
    if len(argv) < 3 or argv[1] not in kinds:
        sys.stderr.write(__doc__)
        return 2
    kinds[argv[1]](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
