package org.crossview.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.crossview.Env;
import org.crossview.plot.Figures;

/**
 * Tutorial or paper scale for the notebooks. By default every notebook runs at tutorial scale (a few minutes on a
 * 2-core machine: tiny networks, 64² images, a few hundred steps); the environment variable {@code FULL} (read by
 * {@link Env#flag}: anything but empty, 0, false, no or off) — or the system property {@code crossview.full} —
 * selects the paper-scale settings meant for a GPU box.
 */
public final class Scale {
    private Scale() {}

    /** True when {@code -Dcrossview.full} or else {@code FULL} is set to anything but empty, 0, false, no or off. */
    public static boolean full() {
        String p = System.getProperty("crossview.full");
        return p != null ? truthy(p) : Env.flag("FULL");
    }

    /** {@link Env#flag}'s reading of a value. */
    static boolean truthy(String s) {
        return s != null && !Set.of("", "0", "false", "no", "off").contains(s.trim().toLowerCase(Locale.ROOT));
    }

    /** {@code tutorial} by default, {@code paper} under FULL. */
    public static <T> T pick(T tutorial, T paper) {
        return full() ? paper : tutorial;
    }

    public static String describe() {
        return full() ? "paper scale (FULL is set)" : "tutorial scale (set FULL=1 for paper-scale settings)";
    }

    /**
     * {@code <checkout>/build/cache/<name>} (created): where notebooks keep what is expensive to recompute (trained
     * models, simulated files), keyed by their settings. Outside a checkout, a folder under the temporary directory.
     */
    public static Path cacheDir(String name) throws IOException {
        Path base = Figures.home().map(h -> h.resolve("build").resolve("cache"))
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "crossview-cache"));
        return Files.createDirectories(base.resolve(name));
    }
}
