#!/usr/bin/env python3
"""Runs every exercise of notebooks/exercises twice, so that no check is vacuous:
  solution  the reference solution replaces the stub: the exercise's check cell must print "✓ correct";
  stub      the stub is left in: the check cell must fail with the checker's AssertionError.

usage: run_exercises.py [NOTEBOOK …]     (default: every notebooks/exercises/*.ipynb, in name order)
  a NOTEBOOK is a path or a name with or without .ipynb ("01_geometry_and_rendering").

An exercise is a code cell tagged `exercise` whose metadata names it, "crossview": {"exercise": "ID"}; its check is
the next code cell tagged `check` with the same ID; its reference solution is notebooks/exercises/solutions/ID.java
(kept out of the student's notebook). No code cell, stub or solution, may exceed 20 lines. Prints one line per
exercise, e.g. "ex05 ncc: solution ✓ passes, stub ✓ fails". Executed copies: build/exercises/{solution,stub}/.
Environment: CROSSVIEW_CELL_TIMEOUT (seconds per cell, default 300), CROSSVIEW_KERNEL (as run_notebooks.py).
"""
import asyncio
import copy
import glob
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_notebooks import ANSI, HOME, Client, Progress, cancel_on_interrupt, committed_outputs, report_interrupt, resolve  # noqa: E402

EXERCISES = os.path.join(HOME, "notebooks", "exercises")
SOLUTIONS = os.path.join(EXERCISES, "solutions")
OUT = os.path.join(HOME, "build", "exercises")
MAX_LINES = 20
PASSED = "✓ correct"


def exercise_id(cell):
    return cell.get("metadata", {}).get("crossview", {}).get("exercise")


def tagged(cell, tag):
    return cell.cell_type == "code" and tag in cell.get("metadata", {}).get("tags", [])


def find_exercises(nb, name):
    """[(id, exercise cell index, check cell index)] and a list of problems with the notebook's structure."""
    found, problems = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and len(cell.source.splitlines()) > MAX_LINES:
            problems.append("%s: cell %d has %d lines (at most %d)" % (name, i, len(cell.source.splitlines()), MAX_LINES))
        if not tagged(cell, "exercise"):
            continue
        eid = exercise_id(cell)
        if not eid:
            problems.append("%s: exercise cell %d has no metadata crossview.exercise" % (name, i))
            continue
        check = next((j for j in range(i + 1, len(nb.cells)) if tagged(nb.cells[j], "check")), None)
        if check is None or exercise_id(nb.cells[check]) != eid:
            problems.append("%s: exercise %s (cell %d) has no check cell tagged 'check' with the same id after it" % (name, eid, i))
            continue
        solution = os.path.join(SOLUTIONS, eid + ".java")
        if not os.path.isfile(solution):
            problems.append("%s: exercise %s has no reference solution %s" % (name, eid, solution))
            continue
        with open(solution) as f:
            lines = len(f.read().strip().splitlines())
        if lines > MAX_LINES:
            problems.append("%s: solution %s has %d lines (at most %d)" % (name, eid, lines, MAX_LINES))
        if "your code here" not in cell.source:
            problems.append("%s: exercise %s's cell is not a stub (no \"your code here\"): a solution in the student's notebook?" % (name, eid))
        found.append((eid, i, check))
    return found, problems


def execute(nb, timeout, kernel, log_path, stem):
    """Runs every cell (errors recorded, execution goes on); returns a problem string if the kernel itself failed.
    Through run_notebooks' Client: one progress line per cell, and Ctrl-C shuts the kernel down (CancelledError)."""
    args = dict(timeout=timeout, allow_errors=True, resources={"metadata": {"path": EXERCISES}})
    if kernel:
        args["kernel_name"] = kernel

    async def run():
        cancel_on_interrupt()
        with open(log_path, "wb") as log:
            try:
                await Client(nb, **args).run_cells(stem, log)
            except Exception as e:  # kernel did not start or died, a cell timed out
                if Progress.interrupted:
                    raise asyncio.CancelledError() from e
                return "%s: %s (kernel log: %s)" % (type(e).__name__, e, log_path)
        return None
    Progress.notebook = stem
    return asyncio.run(run())


def error_of(cell):
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            return o.get("ename", ""), ANSI.sub("", o.get("evalue", "")), ANSI.sub("", "\n".join(o.get("traceback", [])))
    return None


def text_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def first_line(s, limit=220):
    s = s.strip().splitlines()[0] if s.strip() else ""
    return s if len(s) <= limit else s[:limit] + "…"


def other_errors(nb, exercises):
    """Errors in cells that are neither checks nor exercises (set-up must run in both modes)."""
    checks = {c for _, _, c in exercises}
    out = []
    for i, cell in enumerate(nb.cells):
        err = error_of(cell) if cell.cell_type == "code" and i not in checks else None
        if err:
            out.append("cell %d failed: %s: %s" % (i, err[0], first_line(err[1] or err[2])))
    return out


def run_notebook(path, timeout, kernel):
    name = os.path.basename(path)[:-len(".ipynb")]
    nb = nbformat.read(path, as_version=4)
    exercises, problems = find_exercises(nb, name)
    dirty = committed_outputs(nb)
    if dirty:
        problems.append("%s: committed with outputs in cells %s; clear them: /usr/bin/jupyter nbconvert --clear-output --inplace %s"
                        % (name, dirty, path))
    if not exercises:
        problems.append("%s: no exercise cells" % name)
    if problems:
        return [], problems
    runs = {}
    for mode in ("solution", "stub"):
        copy_nb = copy.deepcopy(nb)
        if mode == "solution":
            for eid, cell, _ in exercises:
                with open(os.path.join(SOLUTIONS, eid + ".java")) as f:
                    copy_nb.cells[cell].source = f.read().rstrip("\n")
        os.makedirs(os.path.join(OUT, mode), exist_ok=True)
        t0 = time.monotonic()
        failure = execute(copy_nb, timeout, kernel, os.path.join(OUT, mode, name + ".kernel.log"), "%s (%s)" % (name, mode))
        nbformat.write(copy_nb, os.path.join(OUT, mode, name + ".ipynb"))
        print("  %s (%s): executed in %.0f s -> %s" % (name, mode, time.monotonic() - t0, os.path.join(OUT, mode, name + ".ipynb")), flush=True)
        if failure:
            problems.append("%s (%s): %s" % (name, mode, failure))
        problems += ["%s (%s): %s" % (name, mode, p) for p in other_errors(copy_nb, exercises)]
        runs[mode] = copy_nb
    lines = []
    for eid, _, check in exercises:
        sol_cell, stub_cell = runs["solution"].cells[check], runs["stub"].cells[check]
        err = error_of(sol_cell)
        if err:
            sol = "solution ✗ FAILS (%s: %s)" % (err[0], first_line(err[1] or err[2]))
        elif PASSED not in text_of(sol_cell):
            sol = "solution ✗ did not print '%s'" % PASSED
        else:
            sol = "solution ✓ passes"
        err = error_of(stub_cell)
        if not err:
            stub = "stub ✗ PASSES (the check is vacuous)"
        elif "AssertionError" not in err[0] + err[1] + err[2][:500]:
            stub = "stub ✗ fails, but not by the checker's AssertionError (%s: %s)" % (err[0], first_line(err[1] or err[2]))
        else:
            stub = "stub ✓ fails"
        number, _, title = eid.partition("_")
        lines.append(("ex%s %s: %s, %s" % (number, title, sol, stub), "✗" in sol + stub))
    return lines, problems


def main():
    args = sys.argv[1:]
    paths = [resolve(a, EXERCISES, "run_exercises") for a in args] if args else sorted(glob.glob(os.path.join(EXERCISES, "*.ipynb")))
    if not paths:
        sys.exit("run_exercises: no notebooks in %s" % EXERCISES)
    timeout = int(os.environ.get("CROSSVIEW_CELL_TIMEOUT", "300"))
    kernel = os.environ.get("CROSSVIEW_KERNEL", "")
    t0 = time.monotonic()
    results, problems = [], []
    for path in paths:
        print("exercises %s: running with solutions, then with stubs …" % os.path.basename(path), flush=True)
        try:
            lines, notebook_problems = run_notebook(path, timeout, kernel)
        except (asyncio.CancelledError, KeyboardInterrupt):
            report_interrupt("exercises", "at %s%s; its kernel was shut down"
                             % (Progress.notebook, " cell " + Progress.cell if Progress.cell else ""))
        for line, _ in lines:
            print(line, flush=True)
        results += lines
        problems += notebook_problems
    if not args:  # every solution file must belong to an exercise of some notebook
        ids = set()
        for path in paths:
            ids.update(exercise_id(c) for c in nbformat.read(path, as_version=4).cells if tagged(c, "exercise"))
        for f in sorted(glob.glob(os.path.join(SOLUTIONS, "*.java"))):
            if os.path.basename(f)[:-len(".java")] not in ids:
                problems.append("solution %s belongs to no exercise cell" % f)
    for p in problems:
        print("PROBLEM " + p.replace("\n", "\n  "), flush=True)
    bad = sum(1 for _, failed in results if failed)
    print("exercises: %d/%d pass with their solution and fail with their stub (%.0f s)%s"
          % (len(results) - bad, len(results), time.monotonic() - t0, "" if not problems else "; %d problems" % len(problems)), flush=True)
    sys.exit(1 if bad or problems or not results else 0)


if __name__ == "__main__":
    main()
