#!/usr/bin/env python3
"""run_integration.py KIND FILE REPO [--id ID] [--drvcheck PATH]

Runs a piece of one of drvcheck's integration files the way its framework would, inside
the git repository REPO, with drvcheck's directory first on PATH, HOME set to a fresh
directory (so nothing touches the user's git configuration) and the test's environment
otherwise. Prints what it ran and exits with the status the framework would see.

  precommit .pre-commit-hooks.yaml REPO --id drvcheck
      the hook's `entry` + `args` + the staged files that match `files` (and not
      `exclude`), run from REPO's top directory, as pre-commit does; no staged file
      matching: the hook is skipped (status 0).
  github github-workflow.yml REPO --id STEP
      the `run:` script of the step with that `id`, with the workflow's `env`, in bash
      -eo pipefail (GitHub's `shell: bash`), GITHUB_OUTPUT pointing at REPO/.github_output
      (printed after the run). Also checks the workflow's wiring: the upload-sarif step
      uploads the file the drvcheck step writes, and security-events: write is granted.
  gitlab gitlab-ci.yml REPO --id JOB
      the job's `script:` lines, with its `variables`, in bash -eo pipefail; then checks
      that the Code Quality artifact the job declares was written and is a JSON array.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml


def base_env(drvcheck, home):
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(drvcheck)) + os.pathsep + env.get("PATH", "")
    env["HOME"] = home
    env.pop("GIT_CONFIG_GLOBAL", None)
    return env


def staged(repo):
    out = subprocess.run(["git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"],
                         cwd=repo, stdout=subprocess.PIPE, check=True).stdout.decode()
    return [f for f in out.split("\0") if f]


def run_precommit(a, env):
    hooks = yaml.safe_load(open(a.file, encoding="utf-8"))
    hook = next((h for h in hooks if h.get("id") == a.id), None)
    if hook is None:
        print("run_integration: no hook %r in %s" % (a.id, a.file))
        return 2
    if hook.get("language") != "system":
        print("run_integration: hook language %r is not simulated" % hook.get("language"))
        return 2
    inc = re.compile(hook.get("files", ""))
    exc = re.compile(hook["exclude"]) if hook.get("exclude") else None
    files = [f for f in staged(a.repo) if inc.search(f) and not (exc and exc.search(f))]
    if not files:
        print("run_integration: no staged file matches; hook skipped")
        return 0
    cmd = shlex.split(hook["entry"]) + list(hook.get("args", [])) + files
    print("run_integration: %s" % " ".join(shlex.quote(c) for c in cmd))
    sys.stdout.flush()
    return subprocess.run(cmd, cwd=a.repo, env=env).returncode


def run_script(script, repo, env):
    print("run_integration: bash -eo pipefail <<'EOF'\n%s\nEOF" % script.rstrip())
    sys.stdout.flush()
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=repo, env=env).returncode


def github_wiring(wf, step):
    """Errors in how the workflow's steps fit together."""
    errs = []
    job = next(iter(wf["jobs"].values()))
    perms = wf.get("permissions") or job.get("permissions") or {}
    if perms.get("security-events") != "write":
        errs.append("permissions lack security-events: write (needed by upload-sarif)")
    m = re.search(r"--format sarif -o (\S+)", step.get("run", ""))
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    if not uploads:
        errs.append("no github/codeql-action/upload-sarif step")
    elif not m or uploads[0].get("with", {}).get("sarif_file") != m.group(1):
        errs.append("upload-sarif's sarif_file is not the file drvcheck writes (%r)" % (m and m.group(1)))
    return errs


def run_github(a, env):
    wf = yaml.safe_load(open(a.file, encoding="utf-8"))
    job = next(iter(wf["jobs"].values()))
    step = next((s for s in job["steps"] if s.get("id") == a.id), None)
    if step is None:
        print("run_integration: no step with id %r" % a.id)
        return 2
    errs = github_wiring(wf, next(s for s in job["steps"] if s.get("id") == "drvcheck"))
    for e in errs:
        print("run_integration: workflow: %s" % e)
    for k, v in (wf.get("env") or {}).items():
        env[k] = str(v)
    out = os.path.join(a.repo, ".github_output")
    open(out, "w").close()
    env["GITHUB_OUTPUT"] = out
    env["GITHUB_WORKSPACE"] = os.path.abspath(a.repo)
    status = run_script(step["run"], a.repo, env)
    print("run_integration: GITHUB_OUTPUT: %s" % open(out).read().strip())
    return 3 if errs else status


def run_gitlab(a, env):
    ci = yaml.safe_load(open(a.file, encoding="utf-8"))
    job = ci.get(a.id)
    if not job:
        print("run_integration: no job %r" % a.id)
        return 2
    for k, v in (job.get("variables") or {}).items():
        env[k] = str(v)
    status = run_script("\n".join(job["script"]), a.repo, env)
    report = job.get("artifacts", {}).get("reports", {}).get("codequality")
    path = os.path.join(a.repo, report or "")
    try:
        issues = json.load(open(path, encoding="utf-8"))
        ok = isinstance(issues, list)
    except (OSError, ValueError):
        ok, issues = False, None
    if not report or not ok:
        print("run_integration: the Code Quality artifact %r was not written as a JSON array" % report)
        return 3
    print("run_integration: %s: %d issue(s)" % (report, len(issues)))
    return status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["precommit", "github", "gitlab"])
    ap.add_argument("file")
    ap.add_argument("repo")
    ap.add_argument("--id", required=True)
    ap.add_argument("--drvcheck", default=os.environ.get("DRVCHECK"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="drvcheck-home-") as home:
        env = base_env(a.drvcheck, home)
        run = {"precommit": run_precommit, "github": run_github, "gitlab": run_gitlab}[a.kind]
        status = run(a, env)
    print("run_integration: exit status %d" % status)
    return status


if __name__ == "__main__":
    sys.exit(main())
