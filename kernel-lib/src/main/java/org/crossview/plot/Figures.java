package org.crossview.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where notebooks leave their PNG figures: {@code build/figures} of the checkout by default, so running the notebooks
 * (demo, test, a plain Jupyter session) leaves the committed tree alone. The committed {@code figures/} the README
 * shows is written only when asked for: {@code ./crossview figures} points {@code CROSSVIEW_FIGURES} at it.
 */
public final class Figures {
    private Figures() {}

    /**
     * The CrossView checkout: system property {@code crossview.home} (set by the launcher and the kernel), else
     * {@code $CROSSVIEW_HOME}, else the first folder at or above the working directory holding the
     * {@code crossview} launcher and a {@code pom.xml}.
     */
    public static Optional<Path> home() {
        for (String s : new String[] {System.getProperty("crossview.home"), System.getenv("CROSSVIEW_HOME")}) {
            if (s != null && !s.isBlank() && Files.isDirectory(Path.of(s))) return Optional.of(Path.of(s).toAbsolutePath());
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("crossview")) && Files.isRegularFile(d.resolve("pom.xml"))) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The figure folder's system property; {@code CROSSVIEW_FIGURES} is its environment counterpart. */
    public static final String DIR_PROPERTY = "crossview.figures";

    /**
     * System property {@code crossview.figures}, else {@code $CROSSVIEW_FIGURES} (a relative path is taken from the
     * checkout), else {@code <home>/build/figures}; fails with a clear message outside a checkout.
     */
    public static Path dir() {
        for (String s : new String[] {System.getProperty(DIR_PROPERTY), System.getenv("CROSSVIEW_FIGURES")}) {
            if (s == null || s.isBlank()) continue;
            Path p = Path.of(s);
            return p.isAbsolute() ? p : checkout().resolve(p);
        }
        return checkout().resolve("build").resolve("figures");
    }

    private static Path checkout() {
        return home().orElseThrow(() -> new IllegalStateException(
                "cannot find the CrossView checkout (no crossview.home property, no CROSSVIEW_HOME, and no folder above "
                        + Path.of("").toAbsolutePath() + " holds the crossview launcher)"));
    }

    /** Writes {@code picture} as {@code <dir()>/<name>} (PNG, atomically) and returns it, for {@code display(...)}. */
    public static BufferedImage save(BufferedImage picture, String name) throws IOException {
        if (!name.endsWith(".png") || name.contains("/")) throw new IllegalArgumentException("figure name must be a plain *.png file name: " + name);
        Pictures.savePng(picture, dir().resolve(name));
        return picture;
    }
}
