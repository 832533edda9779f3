package org.crossview.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands a sweep to Slurm: one {@code sbatch} job array over the unfinished tasks (array index = task index), each array
 * task running {@code crossview sweep run-task} on the resolved plan. Follows the array with {@code squeue} (and asks
 * {@code sacct} for the states where accounting is on), reports failed tasks with their log paths and resubmits only
 * those, up to {@code retries} times. Finished tasks are never resubmitted.
 */
public final class SlurmExecutor {
    /** The sbatch header's settings: null/0 fields fall back to the plan's resources (partition and set-up: none). */
    public record Settings(String partition, Integer timeMinutes, Integer cpus, Integer memoryMb, Integer gpus, String setup, int retries,
            double pollSeconds, boolean follow) {
        public static Settings defaults() {
            return new Settings(null, null, null, null, null, null, 1, 5, true);
        }
    }

    private final Launcher launcher;
    private final Settings s;

    public SlurmExecutor(Launcher launcher, Settings settings) {
        this.launcher = launcher;
        this.s = settings;
    }

    /** The job-array script for a plan (the array itself is given to sbatch on its command line). */
    public String script(SweepPlan plan) {
        SweepPlan.Resources r = plan.resources();
        Path logs = slurmDir(plan);
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# crossview sweep ").append(plan.name()).append(": one array task per sweep task (index = task index)\n");
        b.append("#SBATCH --job-name=cv-").append(SweepPlan.slug(plan.name())).append('\n');
        b.append("#SBATCH --output=").append(logs.resolve("%A_%a.out")).append('\n');
        b.append("#SBATCH --chdir=").append(plan.workdir()).append('\n');
        if (s.partition() != null && !s.partition().isBlank()) b.append("#SBATCH --partition=").append(s.partition()).append('\n');
        int minutes = s.timeMinutes() != null ? s.timeMinutes() : r.timeMinutes();
        b.append(String.format(Locale.ROOT, "#SBATCH --time=%d:%02d:00%n", minutes / 60, minutes % 60));
        b.append("#SBATCH --cpus-per-task=").append(s.cpus() != null ? s.cpus() : r.cpus()).append('\n');
        b.append("#SBATCH --mem=").append(s.memoryMb() != null ? s.memoryMb() : r.memoryMb()).append("M\n");
        int gpus = s.gpus() != null ? s.gpus() : r.gpus();
        if (gpus > 0) b.append("#SBATCH --gres=gpu:").append(gpus).append('\n');
        b.append("set -euo pipefail\n");
        if (s.setup() != null && !s.setup().isBlank()) b.append(s.setup()).append('\n');
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null && !preload.isBlank()) b.append("export LD_PRELOAD=").append(Shell.quote(preload)).append('\n');
        List<String> cmd = new ArrayList<>(launcher.prefix());
        cmd.addAll(List.of("sweep", "run-task", plan.resolvedFile().toString(), "--index"));
        StringBuilder line = new StringBuilder("exec");
        for (String w : cmd) line.append(' ').append(Shell.quote(w));
        b.append(line).append(" \"$SLURM_ARRAY_TASK_ID\"\n");
        return b.toString();
    }

    public static Path slurmDir(SweepPlan plan) {
        return plan.output().resolve("slurm");
    }

    /** Submits the unfinished tasks, follows them and resubmits failures; true when every task finished. */
    public boolean run(SweepPlan plan, PrintStream log) throws IOException, InterruptedException {
        plan.checkInputs();
        List<SweepTask> all = plan.tasks();
        Files.createDirectories(slurmDir(plan));
        Shell.writeAtomically(plan.resolvedFile(), plan.resolvedJson());
        Path script = slurmDir(plan).resolve("array.sbatch");
        Shell.writeAtomically(script, script(plan));
        for (int round = 0; ; round++) {
            SweepStatus status = SweepStatus.of(plan, activeIndices(plan));
            List<SweepTask> todo = new ArrayList<>(status.failed());
            todo.addAll(status.missing());
            if (!status.running().isEmpty() || !status.queued().isEmpty()) {
                log.println(String.format(Locale.ROOT, "sweep %s: %d task(s) still running or queued from an earlier submission: not resubmitted",
                        plan.name(), status.running().size() + status.queued().size()));
            }
            if (status.complete()) {
                log.println(String.format(Locale.ROOT, "sweep %s: all %d tasks finished", plan.name(), all.size()));
                return true;
            }
            if (todo.isEmpty()) { // everything left is still in Slurm's hands
                if (!s.follow()) return false;
                follow(plan, "(earlier)", all, log);
                continue;
            }
            if (round > s.retries()) {
                log.println(String.format(Locale.ROOT, "sweep %s: %d task(s) still unfinished after %d resubmission(s):", plan.name(), todo.size(), s.retries()));
                for (SweepTask t : todo) log.println(String.format(Locale.ROOT, "  %s: task log %s, Slurm logs %s", t.id(), t.log(), slurmDir(plan).resolve("*_" + t.index() + ".out")));
                return false;
            }
            String array = arraySpec(todo.stream().map(SweepTask::index).toList());
            Shell.Result r = Shell.run(List.of("sbatch", "--parsable", "--array=" + array, script.toString()), 60);
            if (r.exitCode() != 0) throw new IOException("sbatch failed (exit " + r.exitCode() + "): " + r.output().trim());
            String job = r.output().trim().split("[;\\s]")[0];
            Files.writeString(slurmDir(plan).resolve("jobs.txt"), job + " " + array + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            log.println(String.format(Locale.ROOT, "sweep %s: %s job %s: array %s (%d of %d tasks; %d finished earlier), script %s", plan.name(), round == 0 ? "submitted" : "resubmitted",
                    job, array, todo.size(), all.size(), all.size() - todo.size(), script));
            if (!s.follow()) {
                log.println("sweep: not waiting; follow it with 'crossview sweep status', tabulate with 'crossview sweep collect' when done");
                return false;
            }
            follow(plan, job, todo, log);
            reportStates(job, log);
            for (SweepTask t : todo) {
                if (!TaskRunner.isFinished(t)) {
                    log.println(String.format(Locale.ROOT, "sweep: failed: %s: task log %s, Slurm log %s", t.id(), t.log(), slurmDir(plan).resolve(job + "_" + t.index() + ".out")));
                }
            }
        }
    }

    /** Polls squeue until none of this sweep's array tasks is left, with a progress line whenever the count of finished tasks changes. */
    private void follow(SweepPlan plan, String job, List<SweepTask> todo, PrintStream log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        int lastDone = -1;
        while (true) {
            Set<Integer> active = activeIndices(plan);
            int running = (int) todo.stream().filter(t -> active.contains(t.index()) && Files.isRegularFile(t.running())).count();
            int waiting = (int) todo.stream().filter(t -> active.contains(t.index())).count() - running;
            int done = (int) todo.stream().filter(TaskRunner::isFinished).count();
            boolean gone = todo.stream().noneMatch(t -> active.contains(t.index()));
            if (done != lastDone || gone) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                String left = done > 0 ? String.format(Locale.ROOT, "~%.0f s left", elapsed / done * (todo.size() - done)) : "time left: after the first task";
                log.println(String.format(Locale.ROOT, "sweep: job %s: %d/%d finished, %d running, %d pending  [%.0f s elapsed, %s]", job, done, todo.size(),
                        running, waiting, elapsed, left));
                lastDone = done;
            }
            if (gone) return;
            Thread.sleep((long) (s.pollSeconds() * 1000));
        }
    }

    /** sacct's view of the array's tasks, where accounting is on (this is informative: task.json decides). */
    private static void reportStates(String job, PrintStream log) throws IOException {
        Shell.Result a = Shell.run(List.of("sacct", "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"), 60);
        if (a.exitCode() != 0 || a.output().isBlank()) return; // no accounting storage: the task folders say what happened
        Set<String> states = new TreeSet<>();
        for (String line : a.output().split("\n")) {
            String[] f = line.split("\\|");
            if (f.length >= 2) states.add(f[1]);
        }
        log.println("sweep: sacct states of job " + job + ": " + states);
    }

    /**
     * Task indices of this sweep's Slurm jobs ({@code slurm/jobs.txt}) that squeue still lists (pending, or running but
     * not yet started on the task); empty without Slurm.
     */
    public static Set<Integer> activeIndices(SweepPlan plan) throws IOException {
        Path jobs = slurmDir(plan).resolve("jobs.txt");
        Set<Integer> out = new TreeSet<>();
        if (!Files.isRegularFile(jobs)) return out;
        List<String> ids = Files.readAllLines(jobs).stream().filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+")[0]).toList();
        if (ids.isEmpty()) return out;
        Shell.Result q = Shell.run(List.of("squeue", "-h", "-r", "-j", String.join(",", ids), "-o", "%i %T"), 60);
        if (q.exitCode() != 0) {
            if (q.output().contains("Invalid job id")) return out; // every job long gone from the controller
            throw new IOException("squeue failed (exit " + q.exitCode() + "): " + q.output().trim());
        }
        for (String line : q.output().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].contains("_")) {
                try {
                    out.add(Integer.parseInt(f[0].substring(f[0].indexOf('_') + 1)));
                } catch (NumberFormatException ignored) {
                    // a range still unsplit ("12_[3-5]") cannot occur with -r
                }
            }
        }
        return out;
    }

    /** Compact array list: 0-4,7,9-10. */
    static String arraySpec(List<Integer> indices) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(indices));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
            if (b.length() > 0) b.append(',');
            b.append(sorted.get(i));
            if (j > i) b.append('-').append(sorted.get(j));
            i = j + 1;
        }
        return b.toString();
    }
}
