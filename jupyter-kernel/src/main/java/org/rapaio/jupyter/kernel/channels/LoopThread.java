package org.rapaio.jupyter.kernel.channels;

/**
 * CrossView's replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread} (same name, same public API;
 * it shadows the original because it comes first on the kernel's class path).
 *
 * <p>Why: the original raised its {@code running} flag only after {@code Thread.start()} returned. When the new
 * thread was scheduled first it saw {@code running == false}, left its loop at once, and the channel it served
 * (heartbeat, shell or control) went silent: about a third of kernel starts never answered. Here the flag is
 * raised before the thread exists, so the loop always sees it.
 *
 * <p>Behaviour otherwise kept: run the body, sleep {@code sleepMillis}, repeat until {@link #shutdown()} or an
 * interrupt.
 */
public final class LoopThread extends Thread {

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
        running = true; // before the thread can run: this ordering is the whole fix
        super.start();
    }

    @Override
    public void run() {
        while (running) {
            body.run();
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
