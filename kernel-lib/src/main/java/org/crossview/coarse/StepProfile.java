package org.crossview.coarse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time and calling-thread CPU time spent in named phases of training steps (nanoseconds, summed over
 * steps), for the training benchmark. Thread-safe: the data prefetch thread and the training thread record into one profile.
 */
public final class StepProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Map<String, Long> cpuNanos = new LinkedHashMap<>();

    /**
     * Runs {@code work} and adds its wall time to {@code phase}, and the CPU time of the calling thread (which
     * other users' load on the machine does not inflate; it misses work that the call hands to other threads).
     */
    public <T> T time(String phase, Supplier<T> work) {
        long c0 = threadCpu(), t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            long wall = System.nanoTime() - t0, cpu = threadCpu() - c0;
            synchronized (this) {
                nanos.merge(phase, wall, Long::sum);
                cpuNanos.merge(phase, cpu, Long::sum);
            }
        }
    }

    /** The calling threads' CPU time per phase, as {@link #snapshot}. */
    public synchronized Map<String, Long> threadCpuSnapshot() {
        return new LinkedHashMap<>(cpuNanos);
    }

    private static long threadCpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    public synchronized long nanos(String phase) {
        return nanos.getOrDefault(phase, 0L);
    }

    /** The phases in the order they were first recorded, with their summed times. */
    public synchronized Map<String, Long> snapshot() {
        return new LinkedHashMap<>(nanos);
    }

    public synchronized void reset() {
        nanos.clear();
        cpuNanos.clear();
    }
}
