package org.crossview.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small process and file helpers of the executors: quoting, running a command for its output, atomic writes. */
final class Shell {
    private Shell() {}

    /** A word as bash reads it back unchanged. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./=:,+@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The outcome of a short command. */
    record Result(int exitCode, String output) {}

    /** Runs a short command (sbatch, squeue, sacct) and returns its exit code and output (stdout and stderr together); 124 on timeout. */
    static Result run(List<String> command, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("crossview-sweep-", ".out");
        try {
            Process p;
            try {
                p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                return new Result(127, command.get(0) + ": " + e.getMessage());
            }
            try {
                boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!done) p.destroyForcibly().waitFor();
                return new Result(done ? p.exitValue() : 124, Files.readString(out, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Writes {@code text} to a temporary file beside {@code target} and renames it over the target: never half a file. */
    static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".partial");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
