#!/usr/bin/env python3
"""compare_shards.py DRVCHECK TESTCASES_DIR WORKDIR N -- check --shard and `drvcheck merge`
on every C fixture of the testcases tree:

  * the N shards (--shard K/N) partition the results of the whole run: each result is in
    exactly one shard, and together they are the whole (as multisets);
  * `drvcheck merge` of the shards' SARIF logs equals the whole run's SARIF as a set of
    results (rule, location, message, related locations, fingerprints) with the same
    rules, and does not depend on the order of its arguments (byte-identical output);
  * every shard has work (N is small compared to the fixture count).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drvout  # noqa: E402


def fixtures(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("Inputs", "tools", "Output"))
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(".c")]
    return out


def sarif_run(drvcheck, files, out, extra):
    cmd = [drvcheck, "--format", "sarif", "-o", out, "--enable", "secure-not-recommended"] + extra + files
    rc = subprocess.call(cmd)
    if rc not in (0, 1):
        raise SystemExit("compare_shards: %s exited %d" % (" ".join(cmd[:8]), rc))
    return drvout.load_json(out)


def key(r):
    return (r["rule"], r["uri"], r["line"], r["col"], r["message"], tuple(r["related"]),
            tuple(sorted(r["fingerprints"].items())))


def keys(doc):
    return sorted(key(r) for r in drvout.sarif_results(doc))


def rule_ids(doc):
    return [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]


def main():
    drvcheck, root, work, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(work, exist_ok=True)
    files = fixtures(root)
    whole = sarif_run(drvcheck, files, os.path.join(work, "whole.sarif"), [])
    errs = []
    shard_paths, union = [], []
    for k in range(1, n + 1):
        p = os.path.join(work, "shard%d.sarif" % k)
        doc = sarif_run(drvcheck, files, p, ["--shard", "%d/%d" % (k, n)])
        ks = keys(doc)
        if not ks:
            errs.append("shard %d/%d has no result" % (k, n))
        union += ks
        shard_paths.append(p)
    if sorted(union) != keys(whole):
        errs.append("the shards' results (%d) are not the whole run's (%d)" % (len(union), len(keys(whole))))
    merged = os.path.join(work, "merged.sarif")
    rc = subprocess.call([drvcheck, "merge"] + shard_paths + ["-o", merged])
    if rc != 0:
        errs.append("drvcheck merge exited %d" % rc)
    else:
        m = drvout.load_json(merged)
        errs += ["merged: " + e for e in drvout.check_sarif(m)]
        if keys(m) != keys(whole):
            errs.append("merged results differ from the whole run's")
        if rule_ids(m) != rule_ids(whole):
            errs.append("merged rules %s differ from %s" % (rule_ids(m), rule_ids(whole)))
        if len(m["runs"]) != 1:
            errs.append("merged log has %d runs" % len(m["runs"]))
        again = os.path.join(work, "merged-reversed.sarif")
        subprocess.call([drvcheck, "merge"] + shard_paths[::-1] + ["-o", again])
        with open(merged, "rb") as a, open(again, "rb") as b:
            if a.read() != b.read():
                errs.append("merge output depends on the order of its inputs")
        for r in m["runs"][0]["results"]:
            idx = r.get("ruleIndex")
            if idx is not None and rule_ids(m)[idx] != r["ruleId"]:
                errs.append("ruleIndex %d does not name %s" % (idx, r["ruleId"]))
                break
    for e in errs:
        sys.stderr.write("compare_shards: %s\n" % e)
    if not errs:
        print("compare_shards: %d fixtures, %d results, %d shards: partition and merge OK"
              % (len(files), len(keys(whole)), n))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
