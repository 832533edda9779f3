#!/usr/bin/env python3
"""Starts the CrossView Java kernel N times in a row and checks that every start answers.

Each round: start the kernel, wait_for_ready (kernel_info over the shell channel), execute a tiny cell and check
its result, shut down. A start that does not answer within --timeout seconds counts as hung. Then one more start
whose stdin port is taken between Jupyter's choice of the ports and the JVM's bind (the race that hung a Notebook
server's kernel) until the kernel has died: with the server's restarter on, the kernel must exit and come back. Exits 1 if any
round failed. Use the kernelspec from JUPYTER_PATH/--kernel (the test command points JUPYTER_PATH at
build/jupyter so this checkout's own kernel is tested).

usage: kernel_start_test.py [--starts 20] [--timeout 60] [--kernel crossview]
Ctrl-C shuts the running kernel down and exits 130.
"""
import argparse
import asyncio
import os
import socket
import queue
import signal
import sys
import time

from jupyter_client.ioloop import AsyncIOLoopKernelManager
from jupyter_client.manager import KernelManager
from run_notebooks import report_interrupt


def one_start(kernel_name, timeout, log):
    """Returns (ok, seconds, detail)."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.monotonic()
    kc = None
    try:  # (the start inside: a Ctrl-C during it must still shut the kernel down)
        km.start_kernel(stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
        except (RuntimeError, TimeoutError) as e:
            return False, time.monotonic() - t0, "no answer to kernel_info: %s" % e
        outputs = []
        reply = kc.execute_interactive("int answer = 6 * 7; System.out.println(\"answer=\" + answer);",
                                       timeout=timeout, output_hook=outputs.append)
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        if reply["content"]["status"] != "ok" or "answer=42" not in text:
            return False, time.monotonic() - t0, "cell failed: status=%s output=%r" % (reply["content"]["status"], text)
        return True, time.monotonic() - t0, ""
    except (TimeoutError, queue.Empty) as e:
        return False, time.monotonic() - t0, "cell timed out: %r" % e
    finally:
        if kc is not None:
            kc.stop_channels()
        if km.has_kernel:
            try:
                km.shutdown_kernel(now=False)
            except BaseException:  # (a second Ctrl-C included)
                km.shutdown_kernel(now=True)


async def taken_port_start(kernel_name, timeout, log):
    """Returns (ok, seconds, detail): a start whose stdin port is taken between Jupyter's choice of the ports and the
    JVM's bind, and released once the kernel has died, as a transient taker would (e.g. one of the server's own
    reconnecting sockets). Run as a Notebook server runs it: AsyncIOLoopKernelManager and its KernelRestarter, which
    restarts a kernel process that dies (this jupyter_client keeps the kernel's ports on a restart)."""
    km = AsyncIOLoopKernelManager(kernel_name=kernel_name)
    t0 = time.monotonic()
    kc = None
    taken = socket.socket()
    restarts = []

    def on_restart():
        restarts.append(time.monotonic())
        taken.close()

    try:
        await km.start_kernel(stdout=log, stderr=log)
        taken.bind((km.ip, km.stdin_port))  # the JVM binds its ports a few seconds after launch
        taken.listen(1)
        km.start_restarter()
        km.add_restart_callback(on_restart, "restart")  # (needs the restarter)
        while time.monotonic() - t0 < timeout:
            await asyncio.sleep(0.5)
            if not restarts or not await km.is_alive():
                continue
            if kc is None:
                kc = km.client()
                kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=max(1.0, timeout - (time.monotonic() - t0)))
                return True, time.monotonic() - t0, "(the kernel exited and was restarted %d time(s))" % len(restarts)
            except RuntimeError:  # caught the restart half-way ("kernel died before replying"): ask again
                continue
            except TimeoutError as e:
                return False, time.monotonic() - t0, "restarted, then no answer to kernel_info: %s" % e
        detail = "the kernel did not exit when its port was taken" if not restarts else "restarted but never answered"
        return False, time.monotonic() - t0, "%s (alive: %s)" % (detail, await km.is_alive())
    finally:
        taken.close()
        if kc is not None:
            kc.stop_channels()
        km.stop_restarter()
        if km.has_kernel:
            await km.shutdown_kernel(now=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--kernel", default="crossview")
    ap.add_argument("--log", default=os.devnull, help="file for the kernels' own output")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM too shuts the kernel down
    failures = 0
    log = open(args.log, "ab")
    for i in range(1, args.starts + 1):
        try:
            ok, secs, detail = one_start(args.kernel, args.timeout, log)
        except KeyboardInterrupt:
            report_interrupt("kernel start test", "at start %d/%d; its kernel was shut down" % (i, args.starts))
        failures += 0 if ok else 1
        print("start %2d/%d: %s in %5.1f s %s" % (i, args.starts, "answered" if ok else "FAILED  ", secs, detail),
              flush=True)
    try:
        ok, secs, detail = asyncio.run(taken_port_start(args.kernel, args.timeout, log))
    except KeyboardInterrupt:
        report_interrupt("kernel start test", "at the taken-port start; its kernel was shut down")
    failures += 0 if ok else 1
    print("port taken : %s in %5.1f s %s" % ("answered" if ok else "FAILED  ", secs, detail), flush=True)
    print("kernel '%s': %d/%d starts answered" % (args.kernel, args.starts + 1 - failures, args.starts + 1), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
