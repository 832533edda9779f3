#!/usr/bin/env python3
"""Ctrl-C check: runs COMMAND in a process group of its own, waits for an output line (by default the first cell's
progress line, so a kernel is running), sends SIGINT to the group as a terminal's Ctrl-C does, and checks: exit
status 130, no Python traceback, exactly one line saying what was interrupted, and no process left behind (the
command's group, and any Jupyter kernel of this checkout started meanwhile: kernels run in a session of their own,
so only the runner can stop them).

usage: interrupt_test.py [--after REGEX] [--delay S] [--timeout S] [COMMAND …]
  COMMAND   default: ./crossview notebooks 00_environment (run from the checkout)
  --after   the output line that triggers the SIGINT (default: a cell progress line, "cell 1/")
  --delay   seconds to wait after that line (default 0)
  --timeout seconds for the line to appear (default 240) and, separately, for the exit after SIGINT (60)
e.g. scripts/interrupt_test.py --after '==== mvn test' --delay 10 ./crossview test
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

HOME = os.environ.get("CROSSVIEW_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_MAINS = ("org.crossview.kernel.KernelMain", "org.rapaio.jupyter.kernel.MainApp")


def kernels_of_this_checkout():
    """Pids of running CrossView kernels started from this checkout."""
    pids = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if any(m.encode() in argv for m in KERNEL_MAINS) and ("-Dcrossview.home=" + HOME).encode() in argv:
            pids.add(int(pid))
    return pids


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def group_members(pgid):
    """'pid command' of the live processes in process group pgid."""
    members = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    members.append("%s %s" % (pid, f.read().replace(b"\0", b" ").decode(errors="replace")[:150]))
        except (OSError, IndexError, ValueError):
            continue
    return members


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--after", default=r"cell 1/")
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--timeout", type=float, default=240.0)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command or ["./crossview", "notebooks", "00_environment"]
    before = kernels_of_this_checkout()
    lines, seen_kernels = [], set()
    trigger = threading.Event()
    # As a user runs it: under ./crossview test the runner would otherwise leave its line to the test's own trap.
    env = {k: v for k, v in os.environ.items() if k != "CROSSVIEW_INTERRUPT_NOTE"}
    proc = subprocess.Popen(command, cwd=HOME, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True, text=True, errors="replace")

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if re.search(args.after, line):
                trigger.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def fail(why):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in kernels_of_this_checkout() - before:
            os.kill(pid, signal.SIGKILL)
        print("interrupt test FAILED: %s\n----- output of %s -----\n%s" % (why, " ".join(command), "\n".join(lines)))
        sys.exit(1)

    deadline = time.monotonic() + args.timeout
    while not trigger.is_set():
        seen_kernels |= kernels_of_this_checkout() - before
        if proc.poll() is not None:
            fail("the command ended (exit %d) before printing a line matching %r" % (proc.returncode, args.after))
        if time.monotonic() > deadline:
            fail("no line matching %r within %.0f s" % (args.after, args.timeout))
        time.sleep(0.2)
    time.sleep(args.delay)
    seen_kernels |= kernels_of_this_checkout() - before
    os.killpg(proc.pid, signal.SIGINT)
    t0 = time.monotonic()
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        fail("still running 60 s after SIGINT")
    stop_secs = time.monotonic() - t0
    reader.join(timeout=5)
    for _ in range(50):  # what the signal stopped has up to 5 s to be gone (a kernel killed by the runner, forked JVMs)
        if not group_members(proc.pid) and not any(alive(p) for p in seen_kernels):
            break
        time.sleep(0.1)
    left = sorted(p for p in seen_kernels | (kernels_of_this_checkout() - before) if alive(p))
    text = "\n".join(lines)
    said = [l for l in lines if "interrupted" in l]
    if rc != 130:
        fail("exit status %d, not 130" % rc)
    if "Traceback" in text:
        fail("a Python traceback in the output")
    if len(said) != 1:
        fail("%d lines say 'interrupted', not one" % len(said))
    if left:
        fail("kernel process(es) %s still running" % left)
    if group_members(proc.pid):
        fail("processes of the command's group still running:\n  " + "\n  ".join(group_members(proc.pid)))
    print("interrupt: '%s' stopped %.1f s after SIGINT, exit 130, kernels %s gone; it said: %s"
          % (" ".join(command), stop_secs, sorted(seen_kernels) or "(none seen)", re.sub(r"\x1b\[[0-9;]*m", "", said[0]).strip()))


if __name__ == "__main__":
    main()
