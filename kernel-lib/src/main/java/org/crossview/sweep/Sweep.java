package org.crossview.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The sweep API the CLI and the notebooks share: read a plan, describe it, run it on an executor, ask its status, collect it. */
public final class Sweep {
    private final SweepPlan plan;

    private Sweep(SweepPlan plan) {
        this.plan = plan;
    }

    public static Sweep open(Path planFile, Map<String, String> vars, Path output) throws IOException {
        return new Sweep(SweepPlan.read(planFile, vars, output));
    }

    /** A plan whose relative paths are taken from {@code workdir} (the notebooks: the checkout). */
    public static Sweep open(Path planFile, Map<String, String> vars, Path output, Path workdir) throws IOException {
        return new Sweep(SweepPlan.read(planFile, vars, output, workdir));
    }

    public static Sweep of(SweepPlan plan) {
        return new Sweep(plan);
    }

    public SweepPlan plan() {
        return plan;
    }

    /** The tasks and their resources, one line each, after a header with the totals (what {@code --dry-run} prints). */
    public String describe() {
        List<SweepTask> tasks = plan.tasks();
        SweepPlan.Resources r = plan.resources();
        String axes = plan.axes().stream().map(a -> a.name() + " " + a.values().size()).collect(Collectors.joining(" × "));
        double hours = tasks.size() * r.timeMinutes() / 60.0;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "plan %s: %d tasks (%s), command '%s', output %s%n", plan.name(), tasks.size(),
                axes, plan.command(), plan.output()));
        b.append(String.format(Locale.ROOT, "resources per task: %s; in all at most %.0f CPU-hours, %.0f GPU-hours, %.0f GB·tasks of memory%n",
                r.describe(), hours * r.cpus(), hours * r.gpus(), tasks.size() * r.memoryMb() / 1024.0));
        for (SweepTask t : tasks) {
            b.append(String.format("[%d] %s%n    %s%n", t.index(), t.id(), t.commandLine()));
        }
        return b.toString();
    }

    /** Runs the unfinished tasks on this machine ({@code jobs} ≤ 0: as many as cores and memory allow). */
    public LocalExecutor.Report runLocal(int jobs, PrintStream log) throws IOException, InterruptedException {
        return new LocalExecutor(Launcher.sameJava(), jobs).run(plan, log);
    }

    /** Submits the unfinished tasks to Slurm (and, when {@code settings.follow()}, follows them to the end); true when all finished. */
    public boolean runSlurm(SlurmExecutor.Settings settings, PrintStream log) throws IOException, InterruptedException {
        return new SlurmExecutor(Launcher.sameJava(), settings).run(plan, log);
    }

    /** From the task folders, and squeue for the tasks submitted to Slurm (where squeue does not answer, from the folders alone). */
    public SweepStatus status() {
        java.util.Set<Integer> active;
        try {
            active = SlurmExecutor.activeIndices(plan);
        } catch (IOException e) {
            System.err.println("sweep: " + e.getMessage() + " (queued tasks are counted as missing)");
            active = java.util.Set.of();
        }
        return SweepStatus.of(plan, active);
    }

    /** The ablation tables (fails naming the unfinished tasks), also written as CSV under the output root. */
    public SweepCollect.Result collect() throws IOException {
        SweepCollect.Result r = SweepCollect.collect(plan);
        SweepCollect.write(plan, r);
        return r;
    }
}
