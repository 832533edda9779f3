package org.crossview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the optional real-data folder {@code shared/data} (real CTs, the DeepFluoro-layout sample) that
 * sits beside a CrossView checkout. It is never copied into the repository; code and tests that use it
 * must work (or skip, saying so) when it is absent.
 */
public final class SharedData {
    private SharedData() {}

    /** {@code $CROSSVIEW_SHARED_DATA}, else the first {@code shared/data} found walking up from the working directory. */
    public static Optional<Path> dir() {
        String env = System.getenv("CROSSVIEW_SHARED_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** A file under shared/data, if both the folder and the file exist. */
    public static Optional<Path> file(String relative) {
        return dir().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
    }
}
