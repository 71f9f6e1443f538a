#!/usr/bin/env python3
"""run.py [--corpus DIR] [--runs N] [--scale K] [--json OUT] [--drvcheck PATH]

Measures drvcheck's speed against its targets (see bench/README.md). Python 3 standard
library, /usr/bin/time and clang-19 only.

Every measured command runs under `/usr/bin/time -f '%e %M %U %S'` (wall seconds, peak
RSS in KB, and user + system CPU seconds, which a loaded machine disturbs less than the
wall time). The runs alternate between the commands: run 1 measures A, B, C, ..., then
run 2 measures A, B, C, ... again, so that slow moments of the (shared) machine hit every
command alike. The table shows the median of each number over the N runs; the ratios
judged against the targets are ratios of the wall-time (or RSS) medians.

Measured commands (files from gen_corpus.py; "warm" = a precompiled-header cache that an
untimed run has filled first, "cold" = a new empty --cache-dir for every run):
  corpus.drvcheck     drvcheck over every driver file of the corpus in one process, warm
  corpus.clang        clang-19 -fsyntax-only with drvcheck's exact compiler arguments
                      (drvcheck --print-compile-args FILE), one process per file; the time
                      is the sum of the per-file wall times, the RSS the largest
  single.drvcheck_cold  drvcheck on one typical driver file, cold cache
  single.drvcheck_nocache  the same with --no-cache (information only)
  single.clang        clang-19 -fsyntax-only on that file
  branches.drvcheck   drvcheck on branches_300.c, warm      (branches.clang: information)
  big.drvcheck        drvcheck on big_function.c, warm      (big.clang: the RSS reference)
  scaled.drvcheck     with --scale K > 1: drvcheck over the K-times corpus, warm

drvcheck is copied (with its include/ directory) into OUT_DIR/bin before the first run,
so that a rebuild by someone else during the benchmark cannot change what is measured.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(BENCH)
TIME = "/usr/bin/time"
CLANG = "clang-19"

# Targets: key of the result -> (comparison, limit). scale_ratio's limit is 1.1 * K.
TARGETS = {
    "corpus_ratio": ("<=", 0.25),
    "single_cold_ratio": ("<=", 1.2),
    "scale_ratio": ("<=", 11.0),
    "branches_seconds": ("<", 0.2),
    "big_rss_ratio": ("<=", 1.5),
}


def log(msg):
    sys.stderr.write("[bench] %s\n" % msg)
    sys.stderr.flush()


# --------------------------------------------------------------------------- running

class CommandFailed(Exception):
    pass


def timed(cmd, out_path=None, env=None, ok=(0,)):
    """Runs cmd under /usr/bin/time -f '%e %M %U %S'; returns (wall seconds, peak RSS KB,
    CPU seconds = user + system). The wall time and RSS are the measured numbers; the CPU
    time is kept as well because, unlike the wall time, it hardly grows when other work
    shares the machine. The command's stdout goes to out_path (or nowhere), its stderr is
    kept for errors."""
    with tempfile.NamedTemporaryFile("r", prefix="bench-time-", suffix=".txt") as tf:
        out = open(out_path, "w") if out_path else subprocess.DEVNULL
        try:
            res = subprocess.run([TIME, "-f", "%e %M %U %S", "-o", tf.name] + cmd, stdout=out,
                                 stderr=subprocess.PIPE, env=env, universal_newlines=True)
        finally:
            if out_path:
                out.close()
        # /usr/bin/time writes "Command exited with non-zero status N" before the numbers.
        lines = [l for l in tf.read().splitlines() if l.strip()]
    if res.returncode not in ok:
        raise CommandFailed("%s exited %d:\n%s" % (" ".join(cmd[:6]), res.returncode,
                                                   res.stderr[-3000:]))
    wall, rss, user, system = lines[-1].split()
    return float(wall), int(rss), float(user) + float(system)


def count_findings(path):
    """Counts the findings (warning/error lines ending in [rule-id]) in a text report,
    by rule id."""
    counts = {}
    with open(path, errors="replace") as fp:
        for line in fp:
            line = line.rstrip("\n")
            if line.endswith("]") and (": warning: " in line or ": error: " in line):
                rule = line[line.rfind("[") + 1:-1]
                counts[rule] = counts.get(rule, 0) + 1
    return counts


# --------------------------------------------------------------------------- setup

def snapshot_drvcheck(src, bindir):
    """Copies the drvcheck binary and its include/ directory into bindir; returns the
    (binary path, environment) to run the copy with."""
    if not (os.path.isfile(src) and os.access(src, os.X_OK)):
        sys.exit("run.py: no drvcheck at %s (build it: bash scripts/setup.sh)" % src)
    if os.path.isdir(bindir):
        shutil.rmtree(bindir)
    os.makedirs(bindir)
    exe = os.path.join(bindir, "drvcheck")
    shutil.copy2(src, exe)
    env = dict(os.environ)
    inc = os.path.join(TOP, "include")
    if os.path.isdir(inc):
        shutil.copytree(inc, os.path.join(bindir, "include"))
        env["DRVCHECK_INCLUDE_DIR"] = os.path.join(bindir, "include")
    return exe, env


def ensure_corpus(path, files, scale):
    """Generates the corpus at path unless a matching one (manifest) is already there."""
    manifest = os.path.join(path, "manifest.json")
    if os.path.isfile(manifest):
        with open(manifest) as fp:
            m = json.load(fp)
        if m.get("files") == files and m.get("scale") == scale:
            return m
    log("generating corpus %s (--files %d --scale %d)" % (path, files, scale))
    subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), path,
                    "--files", str(files), "--scale", str(scale)], check=True,
                   stdout=subprocess.DEVNULL)
    with open(manifest) as fp:
        return json.load(fp)


def compile_args(exe, env, path):
    res = subprocess.run([exe, "--print-compile-args", path], stdout=subprocess.PIPE,
                         env=env, universal_newlines=True, check=True)
    return [a for a in res.stdout.split("\n") if a != ""]


def machine_info(exe, env):
    info = {"nproc": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version()}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], stdout=subprocess.PIPE,
                                           universal_newlines=True).stdout.strip())
    except (OSError, ValueError):
        pass
    try:
        with open("/proc/cpuinfo") as fp:
            for line in fp:
                if line.startswith("model name"):
                    info["cpu_model"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fp:
            for line in fp:
                if line.startswith("MemTotal"):
                    info["mem_total_kb"] = int(line.split()[1])
                    break
    except OSError:
        pass
    info["drvcheck_version"] = subprocess.run([exe, "--version"], stdout=subprocess.PIPE, env=env,
                                              universal_newlines=True).stdout.strip()
    info["clang_version"] = subprocess.run([CLANG, "--version"], stdout=subprocess.PIPE,
                                           universal_newlines=True).stdout.split("\n")[0]
    try:
        rev = subprocess.run(["git", "-C", TOP, "rev-parse", "HEAD"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", TOP, "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               universal_newlines=True).stdout.strip() != ""
        info["git_revision"] = rev + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        pass
    return info


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="drvcheck speed benchmark (bench/README.md)")
    ap.add_argument("--corpus", default=os.path.join(BENCH, "out", "corpus"),
                    help="corpus directory from gen_corpus.py (generated if missing)")
    ap.add_argument("--runs", type=int, default=5, help="measured runs (default 5)")
    ap.add_argument("--scale", type=int, default=1,
                    help="also time drvcheck on a K-times corpus (CORPUS_xK, generated if missing)")
    ap.add_argument("--files", type=int, default=60, help="driver files of the 1x corpus")
    ap.add_argument("--json", default=os.path.join(BENCH, "out", "results.json"),
                    help="where to write every number (default bench/out/results.json)")
    ap.add_argument("--drvcheck", default=os.environ.get("DRVCHECK", os.path.join(TOP, "build", "drvcheck")),
                    help="drvcheck binary to measure (default build/drvcheck)")
    a = ap.parse_args()
    if a.runs < 1 or a.scale < 1:
        ap.error("--runs and --scale must be >= 1")
    for tool in (TIME, shutil.which(CLANG)):
        if not tool or not os.path.exists(tool):
            sys.exit("run.py: needs /usr/bin/time (package time) and clang-19")

    outdir = os.path.dirname(os.path.abspath(a.json))
    os.makedirs(outdir, exist_ok=True)
    work = os.path.join(outdir, "work")           # reports, cold caches
    cache = os.path.join(outdir, "cache")         # the warm cache
    os.makedirs(work, exist_ok=True)
    exe, env = snapshot_drvcheck(os.path.abspath(a.drvcheck), os.path.join(outdir, "bin"))
    info = machine_info(exe, env)
    log("%s; %s; %s cores" % (info["drvcheck_version"], info.get("cpu_model", "?"), info["nproc"]))

    # ---- inputs
    corpus = os.path.abspath(a.corpus)
    manifest = ensure_corpus(corpus, a.files, 1)
    files = [os.path.join(corpus, d["file"]) for d in manifest["drivers"]]
    lines = sum(d["lines"] for d in manifest["drivers"])
    big = os.path.join(corpus, "big_function.c")
    branches = os.path.join(corpus, "branches_300.c")
    # The typical file: the one of median size.
    by_size = sorted(manifest["drivers"], key=lambda d: (d["lines"], d["file"]))
    single = os.path.join(corpus, by_size[len(by_size) // 2]["file"])
    scaled_files = []
    if a.scale > 1:
        scaled_dir = corpus + "_x%d" % a.scale
        sm = ensure_corpus(scaled_dir, a.files, a.scale)
        scaled_files = [os.path.join(scaled_dir, d["file"]) for d in sm["drivers"]]
    args = {f: compile_args(exe, env, f) for f in files + [single, big, branches]}

    # ---- warm the cache (untimed) and check that everything parses
    if os.path.isdir(cache):
        shutil.rmtree(cache)
    expected = sorted((os.path.join(corpus, d["file"]), d["bug"]) for d in manifest["drivers"] if d["bug"])
    check = {}
    for name, paths in (("corpus", files), ("branches", [branches]), ("big", [big]),
                        ("scaled", scaled_files)):
        if not paths:
            continue
        report = os.path.join(work, "warmup-%s.txt" % name)
        log("warm-up: drvcheck on %s (%d file(s))" % (name, len(paths)))
        timed([exe, "--no-source", "--cache-dir", cache] + paths, report, env, ok=(0, 1))
        with open(report, errors="replace") as fp:
            errors = [l for l in fp if l.rstrip().endswith("[compiler-error]")]
        if errors:
            sys.exit("run.py: compiler errors in the corpus:\n" + "".join(errors[:20]))
        check[name] = count_findings(report)
    # The corpus findings should be exactly the injected bugs (information, not a failure).
    got = []
    with open(os.path.join(work, "warmup-corpus.txt"), errors="replace") as fp:
        for line in fp:
            line = line.rstrip("\n")
            if line.endswith("]") and (": warning: " in line or ": error: " in line):
                got.append((line.split(":", 1)[0], line[line.rfind("[") + 1:-1]))
    check["corpus_matches_injected_bugs"] = sorted(got) == expected
    check["corpus_injected_bugs"] = len(expected)

    # ---- the measured commands, in the order each run executes them
    def drv(paths, cache_dir, name):
        # -j 1: the target compares one worker with clang run file by file
        return timed([exe, "-j", "1", "--cache-dir", cache_dir] + paths,
                     os.path.join(work, name + ".txt"), env, ok=(0, 1))

    def clang(path):
        return timed([CLANG, "-fsyntax-only"] + args[path] + [path])

    def clang_sum(paths):
        total, peak, cpu = 0.0, 0, 0.0
        for p in paths:
            w, m, c = clang(p)
            total += w
            peak = max(peak, m)
            cpu += c
        return total, peak, cpu

    def cold(path):
        d = tempfile.mkdtemp(prefix="cold-cache-", dir=work)   # new and empty every run
        try:
            return drv([path], d, "single-cold")
        finally:
            shutil.rmtree(d, ignore_errors=True)

    measures = [
        ("corpus.drvcheck", lambda: drv(files, cache, "corpus")),
        ("corpus.clang", lambda: clang_sum(files)),
        ("single.drvcheck_cold", lambda: cold(single)),
        ("single.clang", lambda: clang(single)),
        ("single.drvcheck_nocache", lambda: timed([exe, "--no-cache", single], None, env, ok=(0, 1))),
        ("branches.drvcheck", lambda: drv([branches], cache, "branches")),
        ("branches.clang", lambda: clang(branches)),
        ("big.drvcheck", lambda: drv([big], cache, "big")),
        ("big.clang", lambda: clang(big)),
    ]
    if scaled_files:
        measures.append(("scaled.drvcheck", lambda: drv(scaled_files, cache, "scaled")))

    samples = {name: {"wall_s": [], "rss_kb": [], "cpu_s": []} for name, _ in measures}
    load_before = os.getloadavg()
    t0 = time.time()
    for run in range(a.runs):
        log("run %d/%d" % (run + 1, a.runs))
        for name, fn in measures:
            wall, rss, cpu = fn()
            samples[name]["wall_s"].append(wall)
            samples[name]["rss_kb"].append(rss)
            samples[name]["cpu_s"].append(cpu)
    elapsed = time.time() - t0
    load_after = os.getloadavg()

    med = {name: {k: statistics.median(v) for k, v in s.items()} for name, s in samples.items()}

    def mw(name):
        return med[name]["wall_s"]

    def ratio(x, y):
        return x / y if y > 0 else float("inf")

    # Ratios: (numerator command, denominator command, field). The value is the ratio of
    # the medians; "cpu" is the same ratio on CPU time, "runs" the ratio within each run
    # (the two commands ran next to each other), to judge the noise.
    ratio_defs = {
        "corpus_ratio": ("corpus.drvcheck", "corpus.clang", "wall_s"),
        "single_cold_ratio": ("single.drvcheck_cold", "single.clang", "wall_s"),
        "big_rss_ratio": ("big.drvcheck", "big.clang", "rss_kb"),
        "big_time_ratio": ("big.drvcheck", "big.clang", "wall_s"),
    }
    if scaled_files:
        ratio_defs["scale_ratio"] = ("scaled.drvcheck", "corpus.drvcheck", "wall_s")
    results = {}
    ratio_detail = {}
    for key, (num, den, field) in ratio_defs.items():
        results[key] = ratio(med[num][field], med[den][field])
        ratio_detail[key] = {
            "runs": [ratio(x, y) for x, y in zip(samples[num][field], samples[den][field])],
            "cpu": ratio(med[num]["cpu_s"], med[den]["cpu_s"]) if field == "wall_s" else None,
        }
    results["branches_seconds"] = mw("branches.drvcheck")
    results["files_per_second"] = ratio(len(files), mw("corpus.drvcheck"))
    results["lines_per_second"] = ratio(lines, mw("corpus.drvcheck"))
    if scaled_files:
        results["scaled_files_per_second"] = ratio(len(scaled_files), mw("scaled.drvcheck"))
    targets = {}
    scale_limit = 11.0 * a.scale / 10.0     # 11 for K=10: 10% over linear
    for key, (op, limit) in TARGETS.items():
        if key not in results:
            continue
        if key == "scale_ratio":
            limit = scale_limit
        v = results[key]
        targets[key] = {"limit": limit, "op": op, "value": v,
                        "met": v <= limit if op == "<=" else v < limit}

    # ---- the table: one row per command (median wall time, median CPU time, median peak
    # RSS), one per ratio (wall ratio, CPU ratio, then target and per-run range).
    def cmd_row(label, name, rss_suffix=""):
        m = med[name]
        return (label, "%.3f s" % m["wall_s"], "%.3f s" % m["cpu_s"],
                "%.0f MB%s" % (m["rss_kb"] / 1024.0, rss_suffix), "")

    def ratio_row(label, key):
        d = ratio_detail[key]
        runs = "runs %.2f-%.2f" % (min(d["runs"]), max(d["runs"]))
        return (label, "%.3f" % results[key], "%.3f" % d["cpu"] if d["cpu"] is not None else "",
                "", (key, runs))

    n = len(files)
    rows = [
        cmd_row("corpus: drvcheck, %d files -j 1, warm cache" % n, "corpus.drvcheck"),
        cmd_row("corpus: clang-19 -fsyntax-only, sum of %d processes" % n, "corpus.clang", " max"),
        ratio_row("  ratio drvcheck / clang", "corpus_ratio"),
        ("  files per second (drvcheck)", "%.1f" % results["files_per_second"], "", "", ""),
        ("  lines per second (drvcheck, %d lines)" % lines, "%.0f" % results["lines_per_second"], "", "", ""),
        cmd_row("single file %s: drvcheck, cold cache" % os.path.basename(single), "single.drvcheck_cold"),
        cmd_row("single file: drvcheck --no-cache (info)", "single.drvcheck_nocache"),
        cmd_row("single file: clang-19 -fsyntax-only", "single.clang"),
        ratio_row("  ratio drvcheck cold / clang", "single_cold_ratio"),
        cmd_row("branches_300.c: drvcheck, warm cache", "branches.drvcheck")[:4] + (
            ("branches_seconds", "runs %.2f-%.2f" % (min(samples["branches.drvcheck"]["wall_s"]),
                                                   max(samples["branches.drvcheck"]["wall_s"]))),),
        cmd_row("branches_300.c: clang-19 (info)", "branches.clang"),
        cmd_row("big_function.c (%d lines): drvcheck, warm cache" % manifest["special"][0]["lines"],
                "big.drvcheck"),
        cmd_row("big_function.c: clang-19", "big.clang"),
        ratio_row("  peak RSS ratio drvcheck / clang", "big_rss_ratio"),
        ratio_row("  time ratio drvcheck / clang (info)", "big_time_ratio"),
    ]
    if scaled_files:
        rows += [cmd_row("scaled corpus x%d: drvcheck, %d files, warm cache" % (a.scale, len(scaled_files)),
                         "scaled.drvcheck"),
                 ratio_row("  ratio x%d time / x1 time" % a.scale, "scale_ratio")]
    else:
        rows += [("scaling x10 / x1", "not run", "", "", "(run with --scale 10)")]

    print("drvcheck benchmark: median of %d runs (%.0f s measuring; load %.2f -> %.2f)" % (
        a.runs, elapsed, load_before[0], load_after[0]))
    print("%s; %s; %d cores; %.1f GB" % (info["drvcheck_version"], info.get("cpu_model", "?"),
                                         info["nproc"], info.get("mem_total_kb", 0) / 1048576.0))
    print()
    print("%-56s %10s %10s %10s  %s" % ("measure", "wall", "cpu", "peak RSS", "target"))
    print("-" * 118)
    missed = []
    for label, value, cpu, rss, key in rows:
        tgt = ""
        if isinstance(key, tuple):          # (target key, per-run range)
            key, runs = key
            if key in targets:
                t = targets[key]
                tgt = "%-5s %-5g %-7s" % (t["op"], t["limit"], "met" if t["met"] else "MISSED")
                if not t["met"]:
                    missed.append(key)
            tgt = (tgt + "  " + runs).strip()
        elif key:
            tgt = key
        print("%-56s %10s %10s %10s  %s" % (label, value, cpu, rss, tgt))
    print()
    print("findings: corpus %s (%s the %d injected bugs); branches_300.c %d; big_function.c %d" % (
        sum(check["corpus"].values()), "exactly" if check["corpus_matches_injected_bugs"] else "NOT exactly",
        check["corpus_injected_bugs"], sum(check["branches"].values()), sum(check["big"].values())))
    print("targets missed: %s" % (", ".join(missed) if missed else "none"))

    data = {
        "machine": info,
        "config": {"runs": a.runs, "scale": a.scale, "corpus": corpus, "files": len(files),
                   "lines": lines, "single_file": single, "big_function": big,
                   "branches": branches, "scaled_files": len(scaled_files),
                   "drvcheck": os.path.abspath(a.drvcheck),
                   "clang_args_example": args[single]},
        "load_average": {"before": load_before, "after": load_after},
        "measuring_seconds": elapsed,
        "samples": samples,
        "medians": med,
        "results": results,
        "ratios_per_run_and_cpu": ratio_detail,
        "targets": targets,
        "targets_missed": missed,
        "findings": check,
    }
    with open(a.json, "w") as fp:
        json.dump(data, fp, indent=1)
        fp.write("\n")
    log("wrote %s" % a.json)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CommandFailed as e:
        sys.exit("run.py: %s" % e)
