#!/usr/bin/env python3
"""Writes the CrossView Jupyter kernelspec (kernel.json) for this checkout.

The kernel JVM runs rapaio-jupyter-kernel with the patched LoopThread first on its class path; the library and
all its dependencies reach notebook code through RJK_CLASSPATH (rapaio adds each entry to its JShell), so
notebooks need no %classpath / %maven magics.

usage: kernelspec.py OUT_DIR [--unpatched] [--ijava IJAVA_SPEC_DIR]
  --unpatched  leave the patch out (only to demonstrate the original start-up race; never installed)
  --ijava DIR  instead, a spec for an installed IJava kernel (its kernel.json in DIR) with the same class
               path, passed through IJAVA_CLASSPATH
"""
import argparse
import json
import os
import sys


# The Vector API for the renderer's ray packets, as CV_JAVA_MODULES in scripts/lib.sh.
JAVA_MODULES = ["--add-modules", "jdk.incubator.vector"]


def read_classpath(path):
    with open(path) as f:
        return [e for e in f.read().strip().split(":") if e]


def kernel_json(home, java, kernel_cp, app_cp, display_name, main_class):
    spec = {
        # a JVM crash report goes to build/ (by default it lands in the notebook's folder, inside the tree)
        "argv": [java, *JAVA_MODULES, "-Djava.awt.headless=true", "-Dcrossview.home=" + home,
                 "-XX:ErrorFile=" + os.path.join(home, "build", "hs_err_pid%p.log"),
                 "-cp", ":".join(kernel_cp), main_class, "{connection_file}"],
        "display_name": display_name,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            # rapaio splits this list on ';' (whatever the platform's path separator)
            "RJK_CLASSPATH": ";".join(app_cp),
            "RJK_TIMEOUT_MILLIS": "-1",
            "RJK_COMPILER_OPTIONS": "",
            "RJK_INIT_SCRIPT": "",
            "RJK_MIMA_CACHE": os.path.join(home, "build", "mima_cache"),
            "CROSSVIEW_HOME": home,
        },
    }
    return spec


def ijava_json(home, ijava_dir, app_cp):
    with open(os.path.join(ijava_dir, "kernel.json")) as f:
        spec = json.load(f)
    if not any("ijava" in a.lower() for a in spec.get("argv", [])):
        sys.exit("kernelspec.py: %s/kernel.json does not start IJava (argv %s)" % (ijava_dir, spec.get("argv")))
    spec["display_name"] = "Java (IJava, CrossView)"
    env = spec.setdefault("env", {})
    env["IJAVA_CLASSPATH"] = ":".join(app_cp)  # IJava splits on the platform's path separator
    env["IJAVA_VM_OPTS"] = (env.get("IJAVA_VM_OPTS", "") + " " + " ".join(JAVA_MODULES) + " -Djava.awt.headless=true -Dcrossview.home=" + home).strip()
    env["CROSSVIEW_HOME"] = home
    return spec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--unpatched", action="store_true")
    ap.add_argument("--display-name", default="Java (CrossView)")
    ap.add_argument("--ijava", metavar="IJAVA_SPEC_DIR")
    args = ap.parse_args()
    home = os.environ["CROSSVIEW_HOME"]
    java = os.environ["CROSSVIEW_JAVA"]
    build = os.path.join(home, "build")
    kernel_cp = read_classpath(os.path.join(build, "kernel-classpath.txt"))
    if args.unpatched:
        kernel_cp = [e for e in kernel_cp if not e.startswith(os.path.join(home, "jupyter-kernel"))]
    app_cp = read_classpath(os.path.join(build, "app-classpath.txt"))
    missing = [e for e in kernel_cp + app_cp if not os.path.exists(e)]
    if missing:
        sys.exit("kernelspec.py: class path entries missing (run ./crossview build): " + ", ".join(missing[:5]))
    os.makedirs(args.out_dir, exist_ok=True)
    if args.ijava:
        spec = ijava_json(home, args.ijava, app_cp)
    else:
        # CrossView's entry point exits when start-up fails (jupyter-kernel/.../KernelMain.java); --unpatched: rapaio's own
        main_class = "org.rapaio.jupyter.kernel.MainApp" if args.unpatched else "org.crossview.kernel.KernelMain"
        spec = kernel_json(home, java, kernel_cp, app_cp, args.display_name, main_class)
    # Signal chaining (see cv_jsig in scripts/lib.sh): PoCL's LLVM must not replace the JVM's SIGSEGV handler.
    jsig = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "lib", "libjsig.so")
    if os.path.isfile(jsig):
        spec["env"]["LD_PRELOAD"] = jsig + (":" + os.environ["LD_PRELOAD"] if os.environ.get("LD_PRELOAD") else "")
    for var in ("LD_LIBRARY_PATH", "OCL_ICD_VENDORS"):  # set by scripts/lib.sh inside a conda environment
        if os.environ.get(var):
            spec["env"][var] = os.environ[var]
    tmp = os.path.join(args.out_dir, "kernel.json.tmp")
    with open(tmp, "w") as f:
        json.dump(spec, f, indent=1)
    os.replace(tmp, os.path.join(args.out_dir, "kernel.json"))


if __name__ == "__main__":
    main()
