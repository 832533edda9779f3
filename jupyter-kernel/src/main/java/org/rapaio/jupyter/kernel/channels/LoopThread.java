package org.rapaio.jupyter.kernel.channels;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
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
 *       for good. Here an exception from one iteration is logged and the loop goes on. Only a body that keeps
 *       failing, {@value #MAX_FAILURES_IN_A_ROW} times in a row, stops the loop, as the original would have at the
 *       first failure.</li>
 *   <li>That request was still lost: the body had taken it off the socket. jupyter_client repeats
 *       {@code kernel_info} until answered, but classic Jupyter Notebook asks once and then waits its
 *       {@code kernel_info_timeout} (60 s): a student opening a notebook waited a minute for the kernel. So the shell
 *       and control loops now wait until their {@code Channels} is connected (handlers installed) before they read
 *       a message.</li>
 * </ol>
 *
 * <p>Behaviour otherwise kept: run the body, sleep {@code sleepMillis}, repeat until {@link #shutdown()} or an
 * interrupt.
 */
public final class LoopThread extends Thread {

    static final int MAX_FAILURES_IN_A_ROW = 100;
    /** How long a shell or control loop waits for connect to finish before it reads anyway (as the original did). */
    static final long HANDLER_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(5);
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
        if (!awaitHandlers()) return;
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

    /**
     * Fix 3: a shell or control loop starts reading once {@code Channels.connect} has returned, i.e. has installed
     * all the handlers (it fills the map one by one after creating it, which takes a while in a cold JVM: waiting
     * for the map alone still dropped a kernel_info now and then). False if stopped meanwhile.
     */
    private boolean awaitHandlers() {
        Channels channels = messageChannels(body);
        if (channels == null) return true;
        long deadline = System.currentTimeMillis() + HANDLER_WAIT_MILLIS;
        while (running) {
            if (isConnected(channels)) return true;
            if (System.currentTimeMillis() > deadline) {
                LOGGER.warning(getName() + ": channels not connected after " + HANDLER_WAIT_MILLIS + " ms; reading anyway");
                return true;
            }
            try {
                Thread.sleep(Math.max(1, sleepMillis));
            } catch (InterruptedException e) {
                running = false;
                return false;
            }
        }
        return false;
    }

    /** {@code Channels.isConnected}, which {@code connect} sets after its last handler; true if unreadable. */
    private static boolean isConnected(Channels channels) {
        try {
            Field connected = Channels.class.getDeclaredField("isConnected");
            connected.setAccessible(true);
            return connected.getBoolean(channels);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot read Channels.isConnected; not waiting for the handlers", e);
            return true;
        }
    }

    /**
     * The {@code Channels} whose handlers {@code body} needs: rapaio's shell and control loop bodies are lambdas that
     * capture their channel. Null for any other body (heartbeat, tests), which then runs at once.
     */
    static Channels messageChannels(Runnable body) {
        for (Field field : body.getClass().getDeclaredFields()) {
            if (field.getType().isPrimitive()) continue;
            try {
                field.setAccessible(true);
                Object captured = field.get(body);
                if (captured instanceof ShellChannel || captured instanceof ControlChannel) {
                    return ((AbstractChannel) captured).channels;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot see what a loop body captured; it will not wait for the handlers", e);
                return null;
            }
        }
        return null;
    }

    /** Asks the loop to stop after the current iteration. */
    public void shutdown() {
        running = false;
    }
}
