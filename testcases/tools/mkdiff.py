#!/usr/bin/env python3
"""mkdiff.py [options] OLD NEW NAME OUT -- write a git-style unified diff of OLD -> NEW.

OLD or NEW may be /dev/null (a new or a deleted file). NAME is the path written in the
diff (as git writes it: relative to the repository root).

  --context N      lines of context (default 0, like `git diff -U0`)
  --no-prefix      no a/ b/ prefixes (`git diff --no-prefix`)
  --old-name P     the old path, when it differs (a rename: adds "rename from/to")
  --append         add to OUT instead of replacing it
  --quote          write the paths C-quoted ("b/..."), as git does for unusual names
"""
import argparse
import difflib
import sys


def read_lines(path):
    if path == "/dev/null":
        return []
    with open(path, encoding="utf-8") as fp:
        return fp.read().splitlines()


def quoted(p, q):
    return '"%s"' % p.replace("\\", "\\\\").replace('"', '\\"') if q else p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--context", type=int, default=0)
    ap.add_argument("--no-prefix", action="store_true")
    ap.add_argument("--old-name")
    ap.add_argument("--append", action="store_true")
    ap.add_argument("--quote", action="store_true")
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("name")
    ap.add_argument("out")
    a = ap.parse_args()

    old_name = a.old_name or a.name
    pa, pb = ("", "") if a.no_prefix else ("a/", "b/")
    head = ["diff --git %s %s" % (quoted(pa + old_name, a.quote), quoted(pb + a.name, a.quote))]
    if a.old == "/dev/null":
        head.append("new file mode 100644")
    elif a.new == "/dev/null":
        head.append("deleted file mode 100644")
    if a.old_name and a.old_name != a.name:
        head += ["similarity index 90%", "rename from " + old_name, "rename to " + a.name]
    head.append("index 0000000..1111111 100644")
    from_file = "/dev/null" if a.old == "/dev/null" else quoted(pa + old_name, a.quote)
    to_file = "/dev/null" if a.new == "/dev/null" else quoted(pb + a.name, a.quote)
    body = list(difflib.unified_diff(read_lines(a.old), read_lines(a.new), from_file, to_file,
                                     n=a.context, lineterm=""))
    # difflib writes "--- a\t" style headers only with dates; strip any trailing tab
    body = [l.rstrip("\t") if l.startswith(("---", "+++")) else l for l in body]
    with open(a.out, "a" if a.append else "w", encoding="utf-8") as fp:
        fp.write("\n".join(head + body) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
