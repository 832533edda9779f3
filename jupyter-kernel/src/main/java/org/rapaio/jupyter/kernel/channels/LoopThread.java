package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CrossView's replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread} (same name, same public API;
 * it shadows the original because it comes first on the kernel's class path). The heartbeat, shell and control
 * channels each poll their socket from one of these threads. Two start-up races made about one kernel start in
 * ten (a third on some machines) hang, with the heartbeat alive but no reply to {@code kernel_info}:
 *
 * <ol>
 *   <li>The original raised its {@code running} flag only after {@code Thread.start()} returned. When the new
 *       thread ran first it saw {@code running == false} and left its loop at once. Here the flag is raised
 *       before the thread exists.</li>
 *   <li>The shell thread starts polling before {@code Channels.connect} has installed the message handlers; a
 *       {@code kernel_info_request} arriving in that window threw a NullPointerException that ended the thread
 *       for good. Here an exception from one iteration is logged and the loop goes on (the client repeats
 *       {@code kernel_info} until it is answered). Only a body that keeps failing, {@value #MAX_FAILURES_IN_A_ROW}
 *       times in a row, stops the loop, as the original would have at the first failure.</li>
 * </ol>
 *
 * <p>Behaviour otherwise kept: run the body, sleep {@code sleepMillis}, repeat until {@link #shutdown()} or an
 * interrupt.
 */
public final class LoopThread extends Thread {

    static final int MAX_FAILURES_IN_A_ROW = 100;
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private final long sleepMillis;
    private final Runnable body;
    private volatile boolean running;

    public LoopThread(String name, long sleepMillis, Runnable body) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.body = body;
    }

    @Override
    public synchronized void start() {
        running = true; // before the thread can run: fix 1
        super.start();
    }

    @Override
    public void run() {
        int failuresInARow = 0;
        while (running) {
            try {
                body.run();
                failuresInARow = 0;
            } catch (RuntimeException e) { // fix 2
                failuresInARow++;
                if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                    LOGGER.log(Level.SEVERE, getName() + ": stopping after " + failuresInARow + " failures in a row", e);
                    running = false;
                    return;
                }
                LOGGER.log(Level.WARNING, getName() + ": loop iteration failed, continuing", e);
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    /** Asks the loop to stop after the current iteration. */
    public void shutdown() {
        running = false;
    }
}
