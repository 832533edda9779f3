package org.crossview.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crossview.plot.Figures;

/**
 * Tutorial or paper scale for the notebooks. By default every notebook runs at tutorial scale (a few minutes on a
 * 2-core machine: tiny networks, 64² images, a few hundred steps); the environment variable {@code FULL} (1, true
 * or yes) — or the system property {@code crossview.full} — selects the paper-scale settings meant for a GPU box.
 */
public final class Scale {
    private Scale() {}

    /** True when {@code FULL} (or {@code -Dcrossview.full}) is 1, true or yes. */
    public static boolean full() {
        String p = System.getProperty("crossview.full");
        return truthy(p != null ? p : System.getenv("FULL"));
    }

    static boolean truthy(String s) {
        if (s == null) return false;
        String v = s.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
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
