package org.crossview.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/** The patched LoopThread: it shadows rapaio's on the kernel's class path, keeps its API, and always loops. */
class LoopThreadPatchTest {
    static final String LOOP_THREAD = "org.rapaio.jupyter.kernel.channels.LoopThread";

    static URL patchLocation() { return LoopThread.class.getProtectionDomain().getCodeSource().getLocation(); }

    static URL rapaioJar() { return MainApp.class.getProtectionDomain().getCodeSource().getLocation(); } // no class init

    @Test
    void patchComesFirstOnTheKernelClassPath() throws Exception {
        assertTrue(rapaioJar().getPath().endsWith(".jar"), "rapaio comes as a jar: " + rapaioJar());
        try (JarFile jar = new JarFile(Path.of(rapaioJar().toURI()).toFile())) {
            assertNotNull(jar.getEntry(LOOP_THREAD.replace('.', '/') + ".class"), "the jar has the class we shadow");
            assertNotNull(jar.getEntry("logging.properties"), "the jar has the logging set-up we shadow");
        }
        // The kernelspec's order: patch folder, then the rapaio jar (scripts/kernelspec.py)
        try (URLClassLoader kernel = new URLClassLoader(new URL[] {patchLocation(), rapaioJar()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> loaded = kernel.loadClass(LOOP_THREAD);
            assertEquals(patchLocation(), loaded.getProtectionDomain().getCodeSource().getLocation());
            assertFalse(kernel.getResource("logging.properties").toString().contains(".jar!"), "our logging.properties wins");
            assertEquals(rapaioJar(), kernel.loadClass("org.rapaio.jupyter.kernel.channels.ShellChannel")
                    .getProtectionDomain().getCodeSource().getLocation());
        }
    }

    @Test
    void sameApiAsTheOriginal() throws Exception {
        try (URLClassLoader onlyRapaio = new URLClassLoader(new URL[] {rapaioJar()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> original = onlyRapaio.loadClass(LOOP_THREAD);
            assertEquals(original.getSuperclass(), LoopThread.class.getSuperclass());
            assertEquals(original.getModifiers(), LoopThread.class.getModifiers());
            assertEquals(api(original), api(LoopThread.class));
        }
    }

    /** Public and protected constructors and methods declared by the class, as readable signatures. */
    static Set<String> api(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if ((k.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0) out.add("<init>" + Arrays.toString(k.getParameterTypes()));
        }
        for (Method m : c.getDeclaredMethods()) {
            if ((m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0 && !m.isSynthetic()) {
                out.add(Modifier.toString(m.getModifiers()) + " " + m.getReturnType().getName() + " " + m.getName()
                        + Arrays.toString(m.getParameterTypes()));
            }
        }
        return out;
    }

    @Test
    void bodyRunsAfterEveryStart() throws Exception {
        // The original lost this race now and then (the new thread saw running == false and quit at once).
        for (int i = 0; i < 300; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            LoopThread t = new LoopThread("loop-" + i, 1, ran::countDown);
            t.start();
            assertTrue(ran.await(10, TimeUnit.SECONDS), "loop body never ran after start #" + i);
            t.shutdown();
            t.join(10_000);
            assertFalse(t.isAlive(), "loop did not stop after shutdown #" + i);
        }
    }

    @Test
    void loopsUntilShutdownThenStops() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch five = new CountDownLatch(5);
        LoopThread t = new LoopThread("counting", 1, () -> { runs.incrementAndGet(); five.countDown(); });
        t.start();
        assertTrue(five.await(10, TimeUnit.SECONDS), "body should repeat");
        t.shutdown();
        t.join(10_000);
        assertFalse(t.isAlive());
        int after = runs.get();
        Thread.sleep(20);
        assertEquals(after, runs.get(), "no runs after the thread ended");
    }

    /** The loop's own logger, quietened while tests make it fail on purpose (a strong reference keeps the level). */
    static final java.util.logging.Logger LOOP_LOG = java.util.logging.Logger.getLogger("LoopThread");

    @org.junit.jupiter.api.BeforeAll
    static void quietLoopLog() { LOOP_LOG.setLevel(java.util.logging.Level.OFF); }

    @Test
    void aFailingIterationDoesNotEndTheLoop() throws Exception {
        // rapaio's shell loop threw a NullPointerException when a message came before its handlers were set;
        // the original thread died of it and the kernel never answered.
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch recovered = new CountDownLatch(1);
        LoopThread t = new LoopThread("flaky", 1, () -> {
            if (calls.incrementAndGet() <= 3) throw new NullPointerException("handlers not installed yet");
            recovered.countDown();
        });
        t.start();
        assertTrue(recovered.await(10, TimeUnit.SECONDS), "loop should survive failed iterations");
        t.shutdown();
        t.join(10_000);
        assertFalse(t.isAlive());
    }

    @Test
    void aBodyThatAlwaysFailsStopsTheLoop() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoopThread t = new LoopThread("broken", 0, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("socket closed");
        });
        t.start();
        t.join(30_000);
        assertFalse(t.isAlive(), "gives up instead of spinning forever");
        assertEquals(100, calls.get(), "stops at the 100th failure in a row");
    }

    @Test
    void interruptStopsTheLoop() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        LoopThread t = new LoopThread("sleepy", 60_000, ran::countDown);
        t.start();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        t.interrupt(); // wakes it from its 60 s sleep
        t.join(10_000);
        assertFalse(t.isAlive(), "an interrupt ends the loop");
    }
}
