package org.crossview.render.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** CPU time of this process (all threads), for benchmarks on a machine other users share. */
final class CpuClock {
    private CpuClock() {}

    /** Nanoseconds of CPU this JVM has used; falls back to wall time where the platform does not say. */
    static long processNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            if (t >= 0) return t;
        }
        return System.nanoTime();
    }
}
