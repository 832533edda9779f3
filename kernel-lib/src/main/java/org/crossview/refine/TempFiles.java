package org.crossview.refine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Temporary files to remove if the JVM is stopped (Ctrl-C, SIGTERM) while they are being written. */
final class TempFiles {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at shutdown
                }
            }
        }, "crossview-temp-cleanup"));
    }

    private TempFiles() {}

    static void deleteOnExit(Path p) {
        PENDING.add(p);
    }

    static void forget(Path p) {
        PENDING.remove(p);
    }
}
