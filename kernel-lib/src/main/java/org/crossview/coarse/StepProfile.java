package org.crossview.coarse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time spent in named phases of training steps (nanoseconds, summed over steps), for the training
 * benchmark. Thread-safe: the data prefetch thread and the training thread record into one profile.
 */
public final class StepProfile {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    public synchronized void add(String phase, long ns) {
        nanos.merge(phase, ns, Long::sum);
    }

    /** Runs {@code work} and adds its wall time to {@code phase}. */
    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - t0);
        }
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
    }
}
