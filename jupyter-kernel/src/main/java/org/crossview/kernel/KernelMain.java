package org.crossview.kernel;

import org.rapaio.jupyter.kernel.MainApp;

/**
 * The kernel's entry point: rapaio's {@link MainApp}, but a kernel that fails to start exits. Jupyter picks the
 * kernel's five ports by binding and releasing them, then starts the JVM, which binds them a few seconds later; a
 * port taken in between (e.g. by the server's own reconnecting sockets) makes rapaio's {@code Channels.connect}
 * throw "Address already in use". The main thread then dies but the loop threads already started keep the JVM, and
 * its heartbeat, alive: the server waits for a kernel_info reply that never comes (a browser-test run saw 120
 * nudges and a timeout). A process that exits within jupyter_client's {@code stable_start_time} (10 s) is restarted
 * by its {@code KernelRestarter} on new random ports ({@code random_ports_until_alive}), so exiting is the fix.
 */
public final class KernelMain {
    /** The exit status of a kernel that could not start. */
    static final int START_FAILED = 70; // EX_SOFTWARE

    private KernelMain() {}

    public static void main(String[] args) {
        try {
            MainApp.main(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("crossview kernel: start-up failed (" + t + "); exiting so that Jupyter restarts the kernel on new ports");
            System.exit(START_FAILED);
        }
    }
}
