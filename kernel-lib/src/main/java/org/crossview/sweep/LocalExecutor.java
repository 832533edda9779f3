package org.crossview.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a sweep's unfinished tasks on this machine: as many child processes at once as the cores and the available
 * memory allow for the plan's per-task resources (or {@code jobs}), one progress line per finished task with the
 * time left. Finished tasks ({@code task.json}) are skipped, so a stopped sweep re-run runs only the rest.
 */
public final class LocalExecutor {
    private final Launcher launcher;
    private final int jobs;

    /** {@code jobs} ≤ 0: bounded by cores and memory. */
    public LocalExecutor(Launcher launcher, int jobs) {
        this.launcher = launcher;
        this.jobs = jobs;
    }

    /** How many tasks run at once: min(cores / CPUs per task, available memory / memory per task), at least 1. */
    public static int parallelism(SweepPlan.Resources r, int cores, long availableMb) {
        int byCores = Math.max(1, cores / r.cpus());
        int byMemory = availableMb < 0 ? Integer.MAX_VALUE : (int) Math.max(1, availableMb / r.memoryMb());
        return Math.min(byCores, byMemory);
    }

    /** The outcome: tasks run now, tasks skipped as finished, and the attempts that failed. */
    public record Report(int ran, int skipped, List<TaskRunner.Attempt> failed) {
        public boolean ok() {
            return failed.isEmpty();
        }
    }

    public Report run(SweepPlan plan, PrintStream log) throws IOException, InterruptedException {
        plan.checkInputs();
        List<SweepTask> all = plan.tasks();
        SweepStatus status = SweepStatus.of(plan, java.util.Set.of());
        List<SweepTask> todo = new ArrayList<>(status.missing());
        todo.addAll(status.failed());
        todo.sort(java.util.Comparator.comparingInt(SweepTask::index));
        int skipped = status.done().size();
        if (!status.running().isEmpty()) {
            log.println("sweep: " + status.running().size() + " task(s) are being run by another sweep process (left to it): "
                    + status.running().stream().map(SweepTask::id).limit(5).toList());
        }
        Files.createDirectories(plan.output());
        Shell.writeAtomically(plan.resolvedFile(), plan.resolvedJson());
        long memMb = availableMemoryMb();
        int n = jobs > 0 ? jobs : parallelism(plan.resources(), Runtime.getRuntime().availableProcessors(), memMb);
        n = Math.max(1, Math.min(n, Math.max(1, todo.size())));
        log.println(String.format(Locale.ROOT, "sweep %s: %d tasks, %d finished earlier (skipped), %d to run, %d at a time (%d cores, %s MB available; per task %s)",
                plan.name(), all.size(), skipped, todo.size(), n, Runtime.getRuntime().availableProcessors(), memMb < 0 ? "?" : Long.toString(memMb),
                plan.resources().describe()));
        if (todo.isEmpty()) return new Report(0, skipped, List.of());

        TaskRunner runner = new TaskRunner(launcher, plan.workdir(), "local");
        Thread hook = new Thread(TaskRunner::stopAll, "sweep-stop-children");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<TaskRunner.Attempt> failed = new ArrayList<>();
        long t0 = System.nanoTime();
        int parallel = n;
        try {
            CompletionService<TaskRunner.Attempt> cs = new ExecutorCompletionService<>(pool);
            for (SweepTask t : todo) cs.submit(() -> runner.run(t, Map.of()));
            int done = 0;
            double busySeconds = 0;
            while (done < todo.size()) {
                TaskRunner.Attempt a = get(cs.take());
                done++;
                busySeconds += a.seconds();
                if (!a.ok()) failed.add(a);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double left = busySeconds / done * (todo.size() - done) / parallel;
                log.println(String.format(Locale.ROOT, "sweep: [%d/%d] %s %s in %.0f s%s  [%.0f s elapsed, ~%.0f s left]", done, todo.size(), a.task().id(),
                        a.ok() ? "finished" : "FAILED (exit " + a.exitCode() + ")", a.seconds(), failed.isEmpty() ? "" : "; " + failed.size() + " failed",
                        elapsed, left));
            }
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook runs
            }
        }
        for (TaskRunner.Attempt a : failed) log.println(String.format(Locale.ROOT, "sweep: failed: %s (exit %d), log %s", a.task().id(), a.exitCode(), a.task().log()));
        return new Report(todo.size(), skipped, failed);
    }

    private static TaskRunner.Attempt get(Future<TaskRunner.Attempt> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof InterruptedException ie) throw ie;
            throw new IOException("sweep task: " + e.getCause(), e.getCause());
        }
    }

    /** MemAvailable from /proc/meminfo (MB); -1 where there is none. */
    static long availableMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return -1;
    }
}
