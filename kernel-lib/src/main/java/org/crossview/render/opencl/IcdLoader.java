package org.crossview.render.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the OpenCL ICD loader (libOpenCL) is certainly missing on Linux, found out without loading it: when JOCL's
 * native glue fails to load it, the glue prints "Could not load libOpenCL.so.1 ..." to the process's own standard output,
 * where it lands in the middle of a command's output (e.g. after the JSON of {@code crossview bench render --json}).
 * The dynamic linker looks in LD_LIBRARY_PATH, its cache and the default directories; the cache is read with
 * {@code ldconfig -p}. When that cannot run, nothing is certain and JOCL is asked as before.
 */
final class IcdLoader {
    private static final List<String> NAMES = List.of("libOpenCL.so.1", "libOpenCL.so");
    private static final List<String> DEFAULT_DIRS = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64");
    private static final List<String> LDCONFIG = List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig");

    private IcdLoader() {}

    /** Why the loader is certainly not there, or empty when it may be (or this is not Linux, or it cannot be told). */
    static Optional<String> certainlyAbsent() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return Optional.empty();
        String cache = linkerCache();
        return cache == null ? Optional.empty() : certainlyAbsent(cache, System.getenv("LD_LIBRARY_PATH"), DEFAULT_DIRS);
    }

    /** The decision, from the output of {@code ldconfig -p}, LD_LIBRARY_PATH (null: unset) and the default directories. */
    static Optional<String> certainlyAbsent(String ldconfigListing, String ldLibraryPath, List<String> defaultDirs) {
        for (String line : ldconfigListing.split("\n")) {
            String entry = line.trim();
            for (String name : NAMES) {
                if (entry.startsWith(name + " ")) return Optional.empty();
            }
        }
        StringBuilder dirs = new StringBuilder();
        if (ldLibraryPath != null) dirs.append(ldLibraryPath);
        for (String d : defaultDirs) dirs.append(':').append(d);
        for (String dir : dirs.toString().split(":")) {
            if (dir.isEmpty()) continue;
            for (String name : NAMES) {
                if (Files.exists(Path.of(dir, name))) return Optional.empty();
            }
        }
        return Optional.of("libOpenCL.so.1 is not in the dynamic linker's cache (ldconfig -p), LD_LIBRARY_PATH or " + String.join(", ", defaultDirs));
    }

    /** {@code ldconfig -p}'s listing, or null when no ldconfig runs here. */
    private static String linkerCache() {
        for (String exe : LDCONFIG) {
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("libs found")) return out;
            } catch (IOException e) {
                // try the next location
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
