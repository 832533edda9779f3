package org.crossview.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.io.Journal;

/**
 * What {@code register} and {@code robustness} share to survive a stop: the journal beside {@code --out}
 * ({@link Journal}), files as settings, and the notice on Ctrl-C of what was kept and how to continue.
 */
final class Resume {
    private Resume() {}

    static Path journalPath(Path out) {
        return out.resolveSibling(out.getFileName() + ".journal.jsonl");
    }

    /** A file as a setting: absolute path, size and modification time (a changed input is a changed setting). */
    static String fileSetting(Path f) {
        if (f == null) return "(none)";
        Path abs = f.toAbsolutePath().normalize();
        try {
            return abs + " (" + Files.size(f) + " bytes, modified " + Files.getLastModifiedTime(f) + ")";
        } catch (IOException e) {
            return abs.toString();
        }
    }

    /** The journal of the run writing {@code out}; says when it resumes. {@code --restart} drops an old one. */
    static Journal open(String command, Path out, Map<String, String> settings, boolean restart, PrintStream log) throws IOException {
        Journal j = Journal.open(journalPath(out), settings, restart, log);
        if (j.size() > 0) log.printf("%s: resuming: %d finished case(s) kept in %s are not run again%n", command, j.size(), j.file());
        return j;
    }

    /** While open, a JVM stop (Ctrl-C, SIGTERM) prints what the journal kept and the command that continues the run. */
    static final class Interrupt implements AutoCloseable {
        private final Thread hook;
        private volatile int total = -1;

        Interrupt(String command, String[] args, Journal journal, PrintStream log) {
            hook = new Thread(() -> {
                log.printf("%n%s: stopped; %d%s case(s) finished and kept in %s%n", command, journal.size(), total < 0 ? "" : " of " + total, journal.file());
                log.printf("%s: to continue, run the same command again: ./crossview %s %s%n", command, command, quoted(args));
            }, "crossview-" + command + "-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** The number of cases, once known. */
        void total(int cases) {
            this.total = cases;
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    /** The arguments as a shell would need them typed. */
    static String quoted(String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) out.add(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return String.join(" ", out);
    }
}
