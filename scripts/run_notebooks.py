#!/usr/bin/env python3
"""Executes notebooks headlessly (nbclient) and fails on the first cell error of each notebook.

usage: run_notebooks.py [NOTEBOOK …]     (default: every notebooks/*.ipynb, in name order)
  a NOTEBOOK is a path or a name with or without .ipynb ("00_environment").
environment:
  CROSSVIEW_NOTEBOOK       run only this one (same forms as above) when no argument is given
  CROSSVIEW_CELL_TIMEOUT   seconds per cell (default 1200: training notebooks have long cells)
  CROSSVIEW_KERNEL         kernelspec to use instead of the notebook's own (e.g. an IJava one)
  CROSSVIEW_FIGURES        where Figures.save writes (passed on to the kernel; default build/figures)

Prints one line per executed code cell as it goes. Ctrl-C (SIGINT) or SIGTERM shuts the running kernel down and
exits 130 with one line naming the notebook and cell. A kernel that dies is a failure: the message gives its exit
status, the likely cause and the tail of its log (nothing is retried).

Executed copies go to build/notebooks/ (written even when a cell fails, for inspection). Committed notebooks
must carry no outputs (keeps diffs readable); a notebook's metadata may list MIME types its executed outputs
must contain: "crossview": {"expect_outputs": ["image/png"]}.
"""
import asyncio
import glob
import os
import re
import signal
import sys
import time
from contextlib import asynccontextmanager

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

HOME = os.environ.get("CROSSVIEW_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(HOME, "notebooks")
OUT = os.path.join(HOME, "build", "notebooks")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def resolve(arg, folder=NOTEBOOKS, who="run_notebooks"):
    for cand in (arg, os.path.join(folder, arg), os.path.join(folder, arg + ".ipynb")):
        if os.path.isfile(cand) and cand.endswith(".ipynb"):
            return os.path.abspath(cand)
    sys.exit("%s: no notebook '%s' (looked in %s)" % (who, arg, folder))


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


class Progress:
    """What is running now, for the progress lines and the interrupt message."""
    notebook = None
    cell = None  # "7/31" while a cell runs
    interrupted = False


class Client(NotebookClient):
    """nbclient's client with one shutdown path: nbclient's own SIGINT handler shuts the kernel down in a second task
    while the first still uses it (the old 'NoneType' object has no attribute 'cleanup_resources' traceback); here
    the caller cancels the execution and this context manager's finally shuts the kernel down, once."""

    kernel_exit = None  # the kernel process's exit status when it ended on its own (negative: killed by that signal)
    kernel_pid = None

    @asynccontextmanager
    async def async_setup_kernel(self, **kwargs):
        self.km = self.km or self.create_kernel_manager()
        try:
            await self.async_start_new_kernel(**kwargs)
            if self.kc is None:
                await self.async_start_new_kernel_client()
            yield
        finally:
            process = getattr(getattr(self.km, "provisioner", None), "process", None) if self.km else None
            self.kernel_exit = process.poll() if process is not None else None
            self.kernel_pid = process.pid if process is not None else None
            if self.km is not None:
                # interrupted: at once (SIGKILL); else a shutdown request first, so the JVM's exit hooks run
                self.shutdown_kernel = "immediate" if Progress.interrupted else "graceful"
                try:
                    await self._async_cleanup_kernel()
                except Exception:  # already gone or half started: make sure the process is
                    if process is not None and process.poll() is None:
                        process.kill()

    async def run_cells(self, stem, kernel_log):
        """NotebookClient.async_execute, with a progress line per code cell."""
        self.reset_execution_trackers()
        code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        async with self.async_setup_kernel(stdout=kernel_log, stderr=kernel_log):
            info = await self.async_wait_for_reply(await ensure_async(self.kc.kernel_info()))
            if info is not None and "language_info" in info["content"]:
                self.nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code":
                    continue
                Progress.cell = "%d/%d" % (code.index(index) + 1, len(code))
                t0 = time.monotonic()
                await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
                print("%s  cell %s  %.1f s" % (stem, Progress.cell, time.monotonic() - t0), flush=True)
            Progress.cell = None


def kernel_env(kernel_name):
    try:
        return KernelSpecManager().get_kernel_spec(kernel_name).env or {}
    except NoSuchKernel:
        return {}


def death_cause(pid, exit_status, env, kernel_log_path):
    """A hint at why the kernel process ended, from its crash report, exit status and environment."""
    hs_err = os.path.join(HOME, "build", "hs_err_pid%s.log" % pid)  # -XX:ErrorFile in scripts/kernelspec.py
    if os.path.isfile(hs_err):
        return "the JVM crashed; its crash report: %s" % hs_err
    jsig = "libjsig.so" in env.get("LD_PRELOAD", "")
    if exit_status == -signal.SIGSEGV or exit_status == 128 + signal.SIGSEGV:
        return ("killed by SIGSEGV without a JVM crash report: a native library replaced the JVM's own SIGSEGV handler "
                "(PoCL's LLVM does when it compiles an OpenCL kernel). The kernel %s libjsig.so (signal chaining, "
                "cv_jsig in scripts/lib.sh; LD_PRELOAD in build/jupyter/kernels/*/kernel.json)"
                % ("preloads" if jsig else "does NOT preload"))
    if exit_status == -signal.SIGKILL:
        return "killed by SIGKILL: out of memory (the system's OOM killer; see dmesg) or killed from outside"
    if exit_status is not None and exit_status < 0:
        return "killed by signal %s" % signal.Signals(-exit_status).name
    if exit_status is not None:
        return "the kernel process exited with status %d (see its log, %s)" % (exit_status, kernel_log_path)
    return "exit status unknown (see its log, %s)" % kernel_log_path


async def run_one(path, timeout, kernel):
    name = os.path.basename(path)
    stem = name[:-len(".ipynb")]
    nb = nbformat.read(path, as_version=4)
    problems = []
    dirty = committed_outputs(nb)
    if dirty:
        problems.append("committed with outputs in cells %s; clear them: /usr/bin/jupyter nbconvert --clear-output "
                        "--inplace notebooks/%s" % (dirty, name))
    client_args = dict(timeout=timeout, allow_errors=False, resources={"metadata": {"path": NOTEBOOKS}})
    if kernel:
        client_args["kernel_name"] = kernel
    client = Client(nb, **client_args)
    os.makedirs(OUT, exist_ok=True)
    kernel_log_path = os.path.join(OUT, stem + ".kernel.log")
    cell_failed = False
    t0 = time.monotonic()
    with open(kernel_log_path, "wb") as kernel_log:  # the kernel's own stdout/stderr: kept out of the summary
        try:
            await client.run_cells(stem, kernel_log)
        except Exception as e:
            if Progress.interrupted:  # nbclient turns the cancellation of a running cell into DeadKernelError
                raise asyncio.CancelledError() from e
            if isinstance(e, CellExecutionError):
                cell_failed = True
                err = first_error(nb)
                if err:
                    problems.append("cell %d failed:\n----- cell source -----\n%s\n----- error -----\n%s" % err)
                else:
                    problems.append("a cell failed (no error output recorded)")
            elif isinstance(e, CellTimeoutError):
                problems.append("a cell ran longer than %d s (CROSSVIEW_CELL_TIMEOUT): %s" % (timeout, e))
            elif isinstance(e, DeadKernelError):
                cause = death_cause(client.kernel_pid, client.kernel_exit, kernel_env(client.kernel_name), kernel_log_path)
                problems.append("the kernel died in cell %s: %s" % (Progress.cell, cause))
            else:  # kernel did not start, etc.
                problems.append("%s: %s" % (type(e).__name__, e))
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


def cancel_on_interrupt():
    """From a coroutine: SIGINT/SIGTERM cancel the running task (CancelledError), so that Client's one shutdown path
    stops the kernel; also used by scripts/run_exercises.py."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def stop():
        if not Progress.interrupted:  # a second Ctrl-C must not cut the kernel's shutdown short
            Progress.interrupted = True
            task.cancel()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)

    def quiet_after_shutdown(loop, context):
        # nbclient's kernel-alive poll can outlive the kernel's shutdown and then fails on its cleared client: only
        # that task's exception is left out (a traceback about nothing)
        coro = getattr(context.get("future"), "get_coro", lambda: None)()
        if "_async_poll_kernel_alive" not in getattr(coro, "__qualname__", ""):
            loop.default_exception_handler(context)
    loop.set_exception_handler(quiet_after_shutdown)


async def run_all(paths, timeout, kernel):
    """Runs every notebook; returns the names of those that failed. SIGINT/SIGTERM cancel it (CancelledError)."""
    cancel_on_interrupt()
    failed = []
    for path in paths:
        if Progress.interrupted:  # (the cancellation arrived as the last notebook was finishing)
            raise asyncio.CancelledError()
        name = os.path.basename(path)
        Progress.notebook, Progress.cell = name[:-len(".ipynb")], None
        print("notebook %s: executing …" % name, flush=True)
        problems, secs, out_path = await run_one(path, timeout, kernel)
        if problems:
            failed.append(name)
            print("notebook %s: FAILED after %.0f s (executed copy: %s)" % (name, secs, out_path), flush=True)
            for p in problems:
                print("  " + p.replace("\n", "\n  "), flush=True)
        else:
            print("notebook %s: ok in %.0f s -> %s" % (name, secs, out_path), flush=True)
    return failed


def report_interrupt(what, where):
    """One line on an interrupt, exit 130; under demo/test (CROSSVIEW_INTERRUPT_NOTE, see cv_trap_interrupt in
    scripts/lib.sh) the line is theirs: this leaves where it stopped in that file."""
    note = os.environ.get("CROSSVIEW_INTERRUPT_NOTE")
    if note:
        with open(note, "w") as f:
            f.write("%s %s" % (what, where))
    else:
        print("\n\033[1m[crossview]\033[0m %s interrupted %s" % (what, where), file=sys.stderr, flush=True)
    sys.exit(130)


def main():
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return
    if not args and os.environ.get("CROSSVIEW_NOTEBOOK"):
        args = [os.environ["CROSSVIEW_NOTEBOOK"]]
    paths = [resolve(a) for a in args] if args else sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if not paths:
        sys.exit("run_notebooks: no notebooks in %s" % NOTEBOOKS)
    timeout = int(os.environ.get("CROSSVIEW_CELL_TIMEOUT", "1200"))
    kernel = os.environ.get("CROSSVIEW_KERNEL", "")
    try:
        failed = asyncio.run(run_all(paths, timeout, kernel))
    except (asyncio.CancelledError, KeyboardInterrupt):
        Progress.interrupted = True
    if Progress.interrupted:
        where = Progress.notebook + (" cell " + Progress.cell if Progress.cell else "") if Progress.notebook else "start"
        report_interrupt("notebooks", "at %s; its kernel was shut down" % where)
    print("notebooks: %d/%d ok%s" % (len(paths) - len(failed), len(paths),
                                      "; failed: " + ", ".join(failed) if failed else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
