package org.crossview.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;

/**
 * Fix 3 of the patched LoopThread, on rapaio's own classes: a loop reading for the shell or control channel starts
 * only once {@code Channels.connect} has installed all its message handlers (before, the first request was read and dropped, and classic
 * Jupyter Notebook waited 60 s for its answer); other loops start at once. Nothing is bound: no sockets are opened.
 */
class LoopThreadHandlerWaitTest {
    private Channels channels;

    @BeforeEach
    void create() throws Exception {
        channels = new Channels(new ConnectionProperties(0, 0, "tcp", "hmac-sha256", 0, 0, "127.0.0.1", 0, "key"));
    }

    @AfterEach
    void close() { channels.close(); }

    private Object field(String name) throws Exception {
        Field f = Channels.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(channels);
    }

    /** What Channels.connect does once the kernel is registered: the handlers, then isConnected. */
    private void connect(boolean connected) throws Exception {
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, connected ? new HashMap<>() : null);
        Field isConnected = Channels.class.getDeclaredField("isConnected");
        isConnected.setAccessible(true);
        isConnected.setBoolean(channels, connected);
    }

    /** A body that, like rapaio's, captures the channel it reads for. */
    private static LoopThread loopFor(AbstractChannel channel, CountDownLatch ran) {
        return new LoopThread("test-" + channel.getClass().getSimpleName(), 1, () -> {
            if (channel != null) ran.countDown();
        });
    }

    @Test
    void shellAndControlLoopsWaitForTheHandlers() throws Exception {
        for (String name : new String[] {"shell", "control"}) {
            CountDownLatch ran = new CountDownLatch(1);
            LoopThread loop = loopFor((AbstractChannel) field(name), ran);
            loop.start();
            assertFalse(ran.await(300, TimeUnit.MILLISECONDS), name + " loop read before the handlers were installed");
            Field handlers = Channels.class.getDeclaredField("handlers");
            handlers.setAccessible(true);
            handlers.set(channels, new HashMap<>()); // the map alone, still being filled: not yet
            assertFalse(ran.await(300, TimeUnit.MILLISECONDS), name + " loop read while connect was filling the handlers");
            connect(true);
            assertTrue(ran.await(10, TimeUnit.SECONDS), name + " loop never started after the handlers came");
            loop.shutdown();
            loop.join(10_000);
            assertFalse(loop.isAlive());
            connect(false);
        }
    }

    @Test
    void heartbeatLoopDoesNotWait() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        LoopThread loop = loopFor((AbstractChannel) field("heartbeat"), ran);
        loop.start();
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the heartbeat answers before the handlers exist");
        loop.shutdown();
        loop.join(10_000);
    }

    @Test
    void aWaitingLoopStillStopsOnShutdown() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        LoopThread loop = loopFor((AbstractChannel) field("shell"), ran);
        loop.start();
        Thread.sleep(50);
        loop.shutdown();
        loop.join(10_000);
        assertFalse(loop.isAlive(), "shutdown ends a loop still waiting for the handlers");
        assertTrue(ran.getCount() == 1, "and its body never ran");
    }
}
