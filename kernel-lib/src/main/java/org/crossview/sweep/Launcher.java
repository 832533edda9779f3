package org.crossview.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossview.plot.Figures;

/**
 * How a task's {@code crossview} call is started: the words before its arguments. By default the Java that runs this
 * sweep, with the checkout's class path ({@code build/app-classpath.txt}, what the launcher uses; else this JVM's) and
 * the CLI's main class — the same program as {@code ./crossview}, without its incremental-build check (parallel tasks
 * must not run Maven). Tests substitute a plain program.
 */
public record Launcher(List<String> prefix, String description) {
    public static final String MAIN = "org.crossview.cli.Main";

    public static Launcher sameJava() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> p = new ArrayList<>(List.of(java, "-Djava.awt.headless=true"));
        Optional<Path> home = Figures.home();
        home.ifPresent(h -> p.add("-Dcrossview.home=" + h));
        p.add("-cp");
        p.add(classPath(home));
        p.add(MAIN);
        return new Launcher(List.copyOf(p), java + " … " + MAIN);
    }

    /** The full command of a task. */
    public List<String> command(SweepTask t) {
        List<String> c = new ArrayList<>(prefix);
        c.addAll(t.args());
        return c;
    }

    private static String classPath(Optional<Path> home) {
        if (home.isPresent()) {
            Path f = home.get().resolve("build").resolve("app-classpath.txt");
            try {
                if (Files.isRegularFile(f)) {
                    String cp = Files.readString(f).trim();
                    if (!cp.isEmpty()) return cp;
                }
            } catch (IOException ignored) {
                // fall back to this JVM's class path
            }
        }
        return System.getProperty("java.class.path");
    }
}
