package org.crossview.sweep;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a sweep stands, read from its task folders: finished, running, queued (waiting in Slurm's queue), failed (last
 * attempt) and missing (never run, or interrupted).
 */
public record SweepStatus(int total, List<SweepTask> done, List<SweepTask> running, List<SweepTask> queued, List<SweepTask> failed,
        List<SweepTask> missing) {

    /** {@code queuedIndices}: task indices Slurm still holds ({@link SlurmExecutor#activeIndices}); those without a live running record count as queued. */
    public static SweepStatus of(SweepPlan plan, Set<Integer> queuedIndices) {
        List<SweepTask> all = plan.tasks(), done = new ArrayList<>(), running = new ArrayList<>(), queued = new ArrayList<>(), failed = new ArrayList<>(),
                missing = new ArrayList<>();
        for (SweepTask t : all) {
            Optional<JsonObject> r = TaskRunner.readRecord(t.running());
            if (TaskRunner.isFinished(t)) done.add(t);
            else if (r.isPresent() && (r.get().has("slurm_array_job_id") ? queuedIndices.contains(t.index()) : TaskRunner.alive(r.get()))) running.add(t);
            else if (queuedIndices.contains(t.index())) queued.add(t);
            else if (java.nio.file.Files.isRegularFile(t.failed())) failed.add(t);
            else missing.add(t);
        }
        return new SweepStatus(all.size(), done, running, queued, failed, missing);
    }

    public boolean complete() {
        return done.size() == total;
    }

    public String format() {
        StringBuilder b = new StringBuilder(String.format("%d tasks: %d done, %d running, %d queued, %d failed, %d missing", total, done.size(),
                running.size(), queued.size(), failed.size(), missing.size()));
        for (SweepTask t : failed) {
            int code = TaskRunner.readRecord(t.failed()).map(o -> o.has("exit_code") ? o.get("exit_code").getAsInt() : -1).orElse(-1);
            b.append(String.format("%n  failed: %s (exit %d), log %s", t.id(), code, t.log()));
        }
        return b.toString();
    }
}
