package org.crossview.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.sweep.LocalExecutor;
import org.crossview.sweep.SlurmExecutor;
import org.crossview.sweep.Sweep;
import org.crossview.sweep.SweepCollect;
import org.crossview.sweep.SweepPlan;
import org.crossview.sweep.SweepStatus;
import org.crossview.sweep.SweepTask;
import org.crossview.sweep.TaskRunner;

/** {@code crossview sweep}: runs a plan's tasks (each an ordinary crossview call) locally or as a Slurm job array; status; collect. */
public final class SweepCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview sweep PLAN.json [--executor local|slurm] [--dry-run] [--set NAME=VALUE]… [--out DIR] [--jobs N]",
            "         [--partition P] [--time MIN] [--cpus N] [--mem MB] [--gpus N] [--setup 'module load …'] [--retries 1] [--poll 5] [--no-wait]",
            "       crossview sweep status PLAN.json [--set …] [--out DIR]",
            "       crossview sweep collect PLAN.json [--set …] [--out DIR]",
            "  A plan (JSON; plans/*.json) names a crossview command, its arguments, axes (e.g. variant, specimen, seed) whose product",
            "  gives the tasks, the output root and each task's resources. Every task runs in its own folder OUT/tasks/<id>; it is",
            "  finished when task.json is there (written after exit 0), and a re-run runs only the unfinished tasks.",
            "  local (default): up to min(cores / cpus, available memory / memory) tasks at once (--jobs N to choose).",
            "  slurm: writes OUT/slurm/array.sbatch (--partition, --time, --cpus, --mem, --gpus override the plan's resources;",
            "  --setup: a shell line run first, e.g. loading Java), submits one job array with sbatch, follows it with squeue,",
            "  reports failed tasks with their logs and resubmits only those (--retries times); --no-wait returns after submitting.",
            "  status: done/running/queued/failed/missing counts, failed tasks with their logs. collect: the ablation table (mean,",
            "  sd and 95% interval over seeds, per specimen and overall) and paired comparisons, written as OUT/<name>.csv and",
            "  OUT/<name>.pairs.csv. --set and --out must be repeated for status and collect (or give them OUT/sweep-plan.json).");

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String summary() {
        return "run a plan of crossview tasks (ablation, seeds, specimens) locally or as a Slurm job array; status; collect";
    }

    @Override
    public int run(String[] args) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        Path out = null;
        String executor = "local";
        boolean dryRun = false;
        int jobs = 0;
        Integer index = null;
        SlurmExecutor.Settings d = SlurmExecutor.Settings.defaults();
        String partition = d.partition(), setup = d.setup();
        Integer time = null, cpus = null, mem = null, gpus = null;
        int retries = d.retries();
        double poll = d.pollSeconds();
        boolean wait = d.follow();
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                case "--executor" -> executor = Options.value(args, ++i, a);
                case "--dry-run" -> dryRun = true;
                case "--set" -> {
                    String kv = Options.value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw new IllegalArgumentException("--set: expected NAME=VALUE, got '" + kv + "'");
                    vars.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--jobs" -> jobs = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--index" -> index = nonNegative(Options.value(args, ++i, a), a);
                case "--partition" -> partition = Options.value(args, ++i, a);
                case "--time" -> time = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--cpus" -> cpus = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--mem" -> mem = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--gpus" -> gpus = nonNegative(Options.value(args, ++i, a), a);
                case "--setup" -> setup = Options.value(args, ++i, a);
                case "--retries" -> retries = nonNegative(Options.value(args, ++i, a), a);
                case "--poll" -> poll = Options.positive(Options.value(args, ++i, a), a);
                case "--no-wait" -> wait = false;
                default -> {
                    if (a.startsWith("--")) throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                    words.add(a);
                }
            }
        }
        String mode = !words.isEmpty() && List.of("status", "collect", "run-task").contains(words.get(0)) ? words.remove(0) : "run";
        if (words.size() != 1) throw new IllegalArgumentException("expected one plan file, got " + (words.isEmpty() ? "none" : words) + "\n" + USAGE);
        Path planFile = Path.of(words.get(0));
        if (!executor.equals("local") && !executor.equals("slurm")) throw new IllegalArgumentException("--executor: local or slurm, got '" + executor + "'");
        Sweep sweep = Sweep.open(planFile, vars, out);
        PrintStream log = System.err;
        switch (mode) {
            case "status" -> {
                SweepStatus s = sweep.status();
                System.out.println(s.format());
                return s.complete() ? 0 : 3;
            }
            case "collect" -> {
                SweepCollect.Result r = sweep.collect();
                System.out.println(r.summary().printAll());
                System.out.println(r.pairs().printAll());
                log.println("sweep: wrote " + String.join(" and ", SweepCollect.files(sweep.plan()).stream().map(Path::toString).toList()));
                return 0;
            }
            case "run-task" -> {
                if (index == null) throw new IllegalArgumentException("run-task: --index N is required");
                return runTask(sweep.plan(), index);
            }
            default -> {
                if (dryRun) {
                    System.out.print(sweep.describe());
                    return 0;
                }
                if (executor.equals("slurm")) {
                    boolean ok = sweep.runSlurm(new SlurmExecutor.Settings(partition, time, cpus, mem, gpus, setup, retries, poll, wait), log);
                    return ok || !wait ? 0 : 1;
                }
                LocalExecutor.Report r = sweep.runLocal(jobs, log);
                return r.ok() ? 0 : 1;
            }
        }
    }

    /** One array task of the Slurm executor: runs task {@code index} of the resolved plan and keeps its records. */
    private static int runTask(SweepPlan plan, int index) throws Exception {
        List<SweepTask> tasks = plan.tasks();
        if (index >= tasks.size()) throw new IllegalArgumentException("--index: the plan has " + tasks.size() + " tasks, got " + index);
        SweepTask t = tasks.get(index);
        if (TaskRunner.isFinished(t)) {
            System.err.println("sweep: task " + t.id() + " already finished; nothing to do");
            return 0;
        }
        Map<String, String> slurm = new LinkedHashMap<>();
        for (String k : new String[] {"SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_JOB_NODELIST"}) {
            String v = System.getenv(k);
            if (v != null) slurm.put(k.toLowerCase(java.util.Locale.ROOT), v);
        }
        TaskRunner.Attempt a = new TaskRunner(org.crossview.sweep.Launcher.sameJava(), plan.workdir(), slurm.isEmpty() ? "run-task" : "slurm").run(t, slurm);
        System.err.printf("sweep: task %s %s in %.0f s; log %s%n", t.id(), a.ok() ? "finished" : "failed (exit " + a.exitCode() + ")", a.seconds(), t.log());
        return a.exitCode();
    }

    private static int nonNegative(String s, String option) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a whole number ≥ 0, got '" + s + "'");
    }
}
