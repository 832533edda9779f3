package org.crossview.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one task as a child process and keeps its records: {@code running.json} while it runs, then {@code task.json}
 * (exit code 0; written atomically after the process exited — the only mark of a finished task) or {@code failed.json}.
 * Both executors go through here (Slurm through {@code crossview sweep run-task}).
 */
public final class TaskRunner {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** Children still running, so that a stopped sweep can stop them too (see {@link #stopAll()}). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    private final Launcher launcher;
    private final Path workdir;
    private final String executor;

    public TaskRunner(Launcher launcher, Path workdir, String executor) {
        this.launcher = launcher;
        this.workdir = workdir;
        this.executor = executor;
    }

    /** What one attempt did. */
    public record Attempt(SweepTask task, int exitCode, double seconds) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static boolean isFinished(SweepTask t) {
        return Files.isRegularFile(t.finished());
    }

    /** Runs the task (blocking) and writes its records. */
    public Attempt run(SweepTask t, Map<String, String> extraRecord) throws IOException, InterruptedException {
        Files.createDirectories(t.dir());
        Files.deleteIfExists(t.failed());
        Instant start = Instant.now();
        List<String> cmd = launcher.command(t);
        Files.writeString(t.log(), "=== " + start + " " + executor + " on " + host() + ": " + t.commandLine() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(t.log().toFile()));
        pb.environment().put("CROSSVIEW_SWEEP_TASK", t.id());
        Process p;
        synchronized (LIVE) { // no child may start once stopAll has taken its list: it would outlive the sweep
            if (stopping) throw new InterruptedException("sweep stopping: task " + t.id() + " not started");
            p = pb.start();
            LIVE.add(p);
        }
        int code;
        try {
            JsonObject running = record(t, cmd, start, null, null, extraRecord);
            running.addProperty("pid", p.pid());
            Shell.writeAtomically(t.running(), GSON.toJson(running));
            code = p.waitFor();
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        } finally {
            LIVE.remove(p);
        }
        Instant end = Instant.now();
        JsonObject r = record(t, cmd, start, end, code, extraRecord);
        Shell.writeAtomically(code == 0 ? t.finished() : t.failed(), GSON.toJson(r));
        Files.deleteIfExists(t.running());
        return new Attempt(t, code, (end.toEpochMilli() - start.toEpochMilli()) / 1e3);
    }

    /**
     * Stops every child still running (their task stays unfinished), e.g. from a shutdown hook, and waits for them
     * (forcibly after 10 s): a sweep started right after must not find them alive and leave their tasks to them.
     */
    public static void stopAll() {
        List<Process> live;
        synchronized (LIVE) {
            stopping = true;
            live = List.copyOf(LIVE);
        }
        for (Process p : live) kill(p);
        for (Process p : live) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }

    /** The running record of a task, if an attempt is (or was, when it died) under way. */
    public static Optional<JsonObject> readRecord(Path f) {
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(new JsonParser().parse(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return Optional.empty(); // half-written by a killed writer cannot happen (atomic), but a hand-edited one can
        }
    }

    /** True when the record's process is alive on this host (a record from another host is taken at its word). */
    public static boolean alive(JsonObject running) {
        if (!running.has("host") || !running.get("host").getAsString().equals(host())) return true;
        if (!running.has("pid")) return false;
        long pid = running.get("pid").getAsLong();
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    /**
     * A process that has exited but was not reaped (its parent, a stopped sweep, is gone and no init reaps orphans, as in
     * many containers) still counts as alive to {@link ProcessHandle#isAlive()}; /proc says 'Z'.
     */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or the process just went away
        }
    }

    private JsonObject record(SweepTask t, List<String> cmd, Instant start, Instant end, Integer code, Map<String, String> extra) {
        JsonObject o = new JsonObject();
        o.addProperty("task", t.id());
        o.addProperty("index", t.index());
        JsonObject axes = new JsonObject();
        t.axes().forEach(axes::addProperty);
        o.add("axes", axes);
        o.addProperty("executor", executor);
        o.addProperty("host", host());
        extra.forEach(o::addProperty);
        o.addProperty("started", start.toString());
        if (end != null) {
            o.addProperty("finished", end.toString());
            o.addProperty("seconds", (end.toEpochMilli() - start.toEpochMilli()) / 1e3);
        }
        if (code != null) o.addProperty("exit_code", code);
        o.addProperty("command_line", t.commandLine());
        JsonArray a = new JsonArray();
        for (int i = 0; i < cmd.size(); i++) {
            boolean classPath = i > 0 && cmd.get(i - 1).equals("-cp");
            a.add(classPath ? "(class path: " + cmd.get(i).split(java.io.File.pathSeparator).length + " entries)" : cmd.get(i));
        }
        o.add("argv", a);
        o.addProperty("log", t.log().toString());
        return o;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
