#!/usr/bin/env python3
"""Executes notebooks headlessly (nbclient) and fails on the first cell error of each notebook.

usage: run_notebooks.py [NOTEBOOK …]     (default: every notebooks/*.ipynb, in name order)
  a NOTEBOOK is a path or a name with or without .ipynb ("00_environment").
environment:
  CROSSVIEW_NOTEBOOK       run only this one (same forms as above) when no argument is given
  CROSSVIEW_CELL_TIMEOUT   seconds per cell (default 1200: training notebooks have long cells)
  CROSSVIEW_KERNEL         kernelspec to use instead of the notebook's own (e.g. an IJava one)

Executed copies go to build/notebooks/ (written even when a cell fails, for inspection). Committed notebooks
must carry no outputs (keeps diffs readable); a notebook's metadata may list MIME types its executed outputs
must contain: "crossview": {"expect_outputs": ["image/png"]}.
"""
import glob
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HOME = os.environ.get("CROSSVIEW_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(HOME, "notebooks")
OUT = os.path.join(HOME, "build", "notebooks")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def resolve(arg):
    for cand in (arg, os.path.join(NOTEBOOKS, arg), os.path.join(NOTEBOOKS, arg + ".ipynb")):
        if os.path.isfile(cand) and cand.endswith(".ipynb"):
            return os.path.abspath(cand)
    sys.exit("run_notebooks: no notebook '%s' (looked in %s)" % (arg, NOTEBOOKS))


def committed_outputs(nb):
    """Indices of code cells that carry outputs or execution counts in the committed file."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def output_types(nb):
    types = set()
    for c in nb.cells:
        for o in c.get("outputs", []):
            types.add(o.get("output_type"))
            types.update(o.get("data", {}).keys())
    return types


def first_error(nb):
    """(cell index, source, error text) of the first cell whose outputs hold an error, else None."""
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                text = "%s: %s\n%s" % (o.get("ename"), o.get("evalue"), "\n".join(o.get("traceback", [])))
                return i, c.source, ANSI.sub("", text)
    return None


def run_one(path, timeout, kernel):
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    problems = []
    dirty = committed_outputs(nb)
    if dirty:
        problems.append("committed with outputs in cells %s; clear them: /usr/bin/jupyter nbconvert --clear-output "
                        "--inplace notebooks/%s" % (dirty, name))
    client_args = dict(timeout=timeout, allow_errors=False, resources={"metadata": {"path": NOTEBOOKS}})
    if kernel:
        client_args["kernel_name"] = kernel
    client = NotebookClient(nb, **client_args)
    os.makedirs(OUT, exist_ok=True)
    kernel_log_path = os.path.join(OUT, name[:-len(".ipynb")] + ".kernel.log")
    kernel_log = open(kernel_log_path, "wb")  # the kernel's own stdout/stderr: kept out of the summary
    cell_failed = False
    t0 = time.monotonic()
    try:
        client.execute(stdout=kernel_log, stderr=kernel_log)
    except CellExecutionError:
        cell_failed = True
        err = first_error(nb)
        if err:
            problems.append("cell %d failed:\n----- cell source -----\n%s\n----- error -----\n%s" % err)
        else:
            problems.append("a cell failed (no error output recorded)")
    except CellTimeoutError as e:
        problems.append("a cell ran longer than %d s (CROSSVIEW_CELL_TIMEOUT): %s" % (timeout, e))
    except DeadKernelError as e:
        problems.append("the kernel died: %s" % e)
    except Exception as e:  # kernel did not start, etc.
        problems.append("%s: %s" % (type(e).__name__, e))
    finally:
        kernel_log.close()
    secs = time.monotonic() - t0
    if problems and not cell_failed:  # the kernel itself went wrong: its log says why
        with open(kernel_log_path, errors="replace") as f:
            tail = [l for l in f.read().splitlines() if not l.startswith(("Parsing classpath", "Add "))][-15:]
        if tail:
            problems.append("last lines of the kernel's log (%s):\n%s" % (kernel_log_path, "\n".join(tail)))
    out_path = os.path.join(OUT, name)
    nbformat.write(nb, out_path + ".tmp")
    os.replace(out_path + ".tmp", out_path)
    if not problems:
        expected = nb.metadata.get("crossview", {}).get("expect_outputs", [])
        missing = [t for t in expected if t not in output_types(nb)]
        if missing:
            problems.append("executed notebook lacks expected outputs %s" % missing)
    return problems, secs, out_path


def main():
    args = sys.argv[1:]
    if not args and os.environ.get("CROSSVIEW_NOTEBOOK"):
        args = [os.environ["CROSSVIEW_NOTEBOOK"]]
    paths = [resolve(a) for a in args] if args else sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if not paths:
        sys.exit("run_notebooks: no notebooks in %s" % NOTEBOOKS)
    timeout = int(os.environ.get("CROSSVIEW_CELL_TIMEOUT", "1200"))
    kernel = os.environ.get("CROSSVIEW_KERNEL", "")
    failed = []
    for path in paths:
        name = os.path.basename(path)
        print("notebook %s: executing …" % name, flush=True)
        problems, secs, out_path = run_one(path, timeout, kernel)
        if any(p.startswith("the kernel died") for p in problems):
            # A kernel that dies without a cell error is intermittent here (seen once on 02_renderer, log
            # empty, no JVM crash file; not reproduced in reruns). Retry once, loudly, so CI does not hide it.
            print("notebook %s: WARNING the kernel died (%s); retrying once" % (name, problems[0]), flush=True)
            problems, secs, out_path = run_one(path, timeout, kernel)
        if problems:
            failed.append(name)
            print("notebook %s: FAILED after %.0f s (executed copy: %s)" % (name, secs, out_path), flush=True)
            for p in problems:
                print("  " + p.replace("\n", "\n  "), flush=True)
        else:
            print("notebook %s: ok in %.0f s -> %s" % (name, secs, out_path), flush=True)
    print("notebooks: %d/%d ok%s" % (len(paths) - len(failed), len(paths),
                                      "; failed: " + ", ".join(failed) if failed else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
