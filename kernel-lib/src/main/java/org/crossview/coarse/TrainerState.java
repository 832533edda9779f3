package org.crossview.coarse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a checkpoint that is not the network: the next step index, the settings that decide the
 * data stream and the schedule (seed, batch, steps, learning rate, net size), the loss weights, and the
 * logged history. The data stream is a pure function of (seed, step), so no generator state is needed.
 */
public record TrainerState(int step, TrainerSettings settings, LossWeights weights, List<CoarseTrainer.HistoryRow> history) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("seed", settings.seed());
        m.put("steps", settings.steps());
        m.put("casesPerBatch", settings.casesPerBatch());
        m.put("learningRate", settings.learningRate());
        m.put("warmupSteps", settings.warmupSteps());
        m.put("finalLrFraction", settings.finalLrFraction());
        m.put("net", settings.net().describe());
        m.put("dataType", settings.dataType().name());
        m.put("weights", weights.format());
        List<Map<String, Object>> h = new ArrayList<>();
        for (CoarseTrainer.HistoryRow r : history) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", r.step());
            row.put("total", r.total());
            Map<String, Object> terms = new LinkedHashMap<>();
            r.terms().forEach((k, v) -> terms.put(k, Double.isFinite(v) ? v : null));
            row.put("terms", terms);
            row.put("samplesPerSecond", r.samplesPerSecond());
            h.add(row);
        }
        m.put("history", h);
        return m;
    }

    /** Parses what {@link #toMap} wrote, against the settings of the run that resumes. */
    @SuppressWarnings("unchecked")
    static Parsed parse(Map<String, Object> m) {
        List<CoarseTrainer.HistoryRow> h = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) m.get("history")) {
            Map<String, Double> terms = new LinkedHashMap<>();
            ((Map<String, Object>) row.get("terms")).forEach((k, v) -> terms.put(k, v == null ? Double.NaN : ((Number) v).doubleValue()));
            h.add(new CoarseTrainer.HistoryRow(((Number) row.get("step")).intValue(), ((Number) row.get("total")).doubleValue(), terms,
                    ((Number) row.get("samplesPerSecond")).doubleValue()));
        }
        return new Parsed(((Number) m.get("step")).intValue(), m, h);
    }

    /** A checkpoint's state before it is matched with the resuming run's settings. */
    record Parsed(int step, Map<String, Object> raw, List<CoarseTrainer.HistoryRow> history) {
        /** Throws naming the first setting that differs: resuming must continue the same run. */
        void requireCompatible(TrainerSettings s, LossWeights w, Path file) {
            check(file, "seed", ((Number) raw.get("seed")).longValue(), s.seed());
            check(file, "steps", ((Number) raw.get("steps")).intValue(), s.steps());
            check(file, "casesPerBatch", ((Number) raw.get("casesPerBatch")).intValue(), s.casesPerBatch());
            check(file, "learningRate", ((Number) raw.get("learningRate")).doubleValue(), s.learningRate());
            check(file, "warmupSteps", ((Number) raw.get("warmupSteps")).intValue(), s.warmupSteps());
            check(file, "net", raw.get("net"), s.net().describe());
            check(file, "weights", raw.get("weights"), w.format());
        }

        private static void check(Path file, String field, Object saved, Object now) {
            if (!saved.equals(now)) {
                throw new IllegalArgumentException(file + ": checkpoint was written with " + field + " = " + saved + " but this run has " + now
                        + " (use the same settings to resume, or --fresh to start over)");
            }
        }
    }
}
