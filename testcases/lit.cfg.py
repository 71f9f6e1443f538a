# -*- Python -*-
# lit configuration of the drvcheck test suite.
#
# Normally loaded by the CMake-generated <build>/testcases/lit.site.cfg.py, which sets
# drvcheck_obj_root, drvcheck_src_root, drvcheck_binary, llvm_bin_dir and
# python_executable. Run directly on the source dir (lit.py testcases/) it falls back to
# <src>/build (or $DRVCHECK_BUILD_DIR) and to the LLVM found by llvm-config.
#
# Substitutions:
#   %drvcheck  the built checker (absolute path)
#   %python    the Python interpreter
#   %tools     <src>/testcases/tools (helper scripts)
#   %exitcode  `%exitcode N CMD ARGS...` runs CMD, forwards its output, and succeeds iff
#              CMD exited with status N (lit's `not` only checks "non-zero")
#   %examples  <src>/examples
#   %srcroot   the source root

import os
import shutil
import subprocess
import sys

import lit.formats

config.name = "drvcheck"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
# Helper inputs live in Inputs/ folders; tools/ holds scripts. Neither holds tests.
config.excludes = ["Inputs", "tools", "Output"]

config.test_source_root = os.path.dirname(os.path.abspath(__file__))
src_root = getattr(config, "drvcheck_src_root", None) or os.path.dirname(config.test_source_root)


def _fallback_llvm_bin():
    for name in ("llvm-config-19", "llvm-config"):
        exe = shutil.which(name)
        if exe:
            try:
                return subprocess.check_output([exe, "--bindir"], text=True).strip()
            except (OSError, subprocess.CalledProcessError):
                pass
    return "/usr/lib/llvm-19/bin"


if not hasattr(config, "drvcheck_obj_root"):
    # Not configured by CMake: run from the source tree against a default build dir.
    config.drvcheck_src_root = src_root
    config.drvcheck_obj_root = os.environ.get("DRVCHECK_BUILD_DIR",
                                              os.path.join(src_root, "build"))
    config.drvcheck_binary = os.path.join(config.drvcheck_obj_root, "drvcheck")
    config.llvm_bin_dir = _fallback_llvm_bin()
    config.python_executable = sys.executable

config.test_exec_root = os.path.join(config.drvcheck_obj_root, "testcases")

if not os.path.isfile(config.drvcheck_binary):
    lit_config.warning("drvcheck binary not found at %s (build it first)"
                       % config.drvcheck_binary)
if not os.path.isfile(os.path.join(config.llvm_bin_dir, "FileCheck")):
    lit_config.warning("FileCheck not found in %s" % config.llvm_bin_dir)

tools_dir = os.path.join(config.test_source_root, "tools")
python = config.python_executable or sys.executable

# Order matters only for names that are prefixes of others; ours are applied before
# lit's own (%s, %S, %t, %p ...), so %tools and %python are never read as %t / %p.
config.substitutions.append(("%drvcheck", config.drvcheck_binary))
config.substitutions.append(("%exitcode", "%s %s" % (python, os.path.join(tools_dir, "exitcode.py"))))
config.substitutions.append(("%python", python))
config.substitutions.append(("%tools", tools_dir))
config.substitutions.append(("%examples", os.path.join(config.drvcheck_src_root, "examples")))
config.substitutions.append(("%srcroot", config.drvcheck_src_root))

# FileCheck and not come from the LLVM this project was configured with.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_bin_dir, config.environment.get("PATH", "")])

# Deterministic environment for every test.
config.environment["NO_COLOR"] = "1"
config.environment["LC_ALL"] = "C"
config.environment["LANG"] = "C"
config.environment["DRVCHECK_CACHE_DIR"] = os.path.join(config.test_exec_root, ".drvcheck-cache")
for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "DRVCHECK_CONFIG", "CLICOLOR_FORCE",
            "FORCE_COLOR", "TERM"):
    config.environment.pop(var, None)
# The tool scripts run drvcheck themselves; tell them where it is.
config.environment["DRVCHECK"] = config.drvcheck_binary
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

# Optional tools of the output tests. `REQUIRES: chromium` (a headless browser renders
# the HTML report) and `REQUIRES: sarif-multitool` (Microsoft's SARIF validator, installed
# by .ci/run with npm into <build>/npm, or named by $SARIF_MULTITOOL).
for name in ("chromium", "chromium-browser"):
    if shutil.which(name):
        config.available_features.add("chromium")
        config.environment["DRVCHECK_CHROMIUM"] = shutil.which(name)
        break
_multitool = os.environ.get("SARIF_MULTITOOL") or os.path.join(
    config.drvcheck_obj_root, "npm", "node_modules", "@microsoft", "sarif-multitool-linux",
    "Sarif.Multitool")
if os.path.isfile(_multitool) and os.access(_multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.environment["SARIF_MULTITOOL"] = _multitool
