#!/usr/bin/env python3
"""html_screenshot.py HTML PNG [--colour RRGGBB]... [--min-colours N] [--size WxH]

Renders the HTML file in headless Chromium ($DRVCHECK_CHROMIUM, else `chromium` or
`chromium-browser` on PATH) with a fresh profile and no network features, writes a
screenshot to PNG, then decodes the PNG (standard library: zlib and the PNG filters)
and checks that it is not blank: at least N distinct colours (default 8), and every
--colour given present (within 4 per channel), e.g. the report's header background and
its severity badges, which shows the inline style was applied and findings rendered.
Prints the image size and colour count. Exits 0 when all checks pass, 1 otherwise.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def chromium():
    exe = os.environ.get("DRVCHECK_CHROMIUM")
    if exe and os.path.isfile(exe):
        return exe
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(exe, html, png, size):
    with tempfile.TemporaryDirectory(prefix="drvcheck-chromium-") as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + png,
               "--window-size=" + size.replace("x", ","), "file://" + os.path.abspath(html)]
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def decode_png(data):
    """(width, height, channels, rows): rows are bytearrays of width*channels samples."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError("unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, ctype, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride, rows, prev = width * channels, [], bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[f]) & 0xFF
        rows.append(line)
        prev = line
    return width, height, channels, rows


def colours(width, channels, rows):
    seen = set()
    for line in rows:
        for x in range(0, width * channels, channels):
            px = tuple(line[x:x + 3]) if channels >= 3 else (line[x],) * 3
            seen.add(px)
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("png")
    ap.add_argument("--colour", action="append", default=[])
    ap.add_argument("--min-colours", type=int, default=8)
    ap.add_argument("--size", default="1200x900")
    a = ap.parse_args()
    exe = chromium()
    if not exe:
        print("html_screenshot: no chromium found")
        return 1
    r = screenshot(exe, a.html, a.png, a.size)
    if not os.path.isfile(a.png) or os.path.getsize(a.png) == 0:
        print("html_screenshot: no screenshot (chromium exited %d):\n%s"
              % (r.returncode, r.stdout.decode(errors="replace")[-2000:]))
        return 1
    width, height, channels, rows = decode_png(open(a.png, "rb").read())
    seen = colours(width, channels, rows)
    errs = []
    if len(seen) < a.min_colours:
        errs.append("%d colour(s), expected at least %d: a blank page?" % (len(seen), a.min_colours))
    for want in a.colour:
        rgb = tuple(int(want[i:i + 2], 16) for i in (0, 2, 4))
        if not any(all(abs(p[k] - rgb[k]) <= 4 for k in range(3)) for p in seen):
            errs.append("colour #%s not in the screenshot" % want)
    print("html_screenshot: %dx%d, %d colours, %d bytes" % (width, height, len(seen), os.path.getsize(a.png)))
    for e in errs:
        print("html_screenshot: %s" % e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
