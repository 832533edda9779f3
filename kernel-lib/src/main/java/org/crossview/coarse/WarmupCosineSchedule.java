package org.crossview.coarse;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning rate with a linear warm-up then a cosine decay (DESIGN.md §5): lr(s) = peak·(s+1)/warmup for
 * s &lt; warmup, then finalFraction·peak + (1−finalFraction)·peak·½(1 + cos(π·(s−warmup)/(total−warmup))),
 * constant at the final value after {@code totalSteps}. A pure function of the step, so a resumed run
 * continues on the same curve. ND4J has no cosine schedule; this one is stored in the model's JSON
 * configuration through the Jackson annotations.
 */
public final class WarmupCosineSchedule implements ISchedule {
    @JsonProperty private final double peak;
    @JsonProperty private final int warmupSteps;
    @JsonProperty private final int totalSteps;
    @JsonProperty private final double finalFraction;

    @JsonCreator
    public WarmupCosineSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmupSteps") int warmupSteps,
            @JsonProperty("totalSteps") int totalSteps, @JsonProperty("finalFraction") double finalFraction) {
        if (!(peak > 0) || !Double.isFinite(peak)) throw new IllegalArgumentException("learning rate: must be positive, got " + peak);
        if (warmupSteps < 0 || totalSteps < 1) throw new IllegalArgumentException("schedule: need warmupSteps ≥ 0 and totalSteps ≥ 1, got " + warmupSteps + ", " + totalSteps);
        if (!(finalFraction >= 0 && finalFraction <= 1)) throw new IllegalArgumentException("finalFraction: must be in [0, 1], got " + finalFraction);
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.finalFraction = finalFraction;
    }

    @Override
    public double valueAt(int step, int epoch) {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double x = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cos = 0.5 * (1 + Math.cos(Math.PI * x));
        return peak * (finalFraction + (1 - finalFraction) * cos);
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmupSteps, totalSteps, finalFraction);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.peak == peak && s.warmupSteps == warmupSteps && s.totalSteps == totalSteps
                && s.finalFraction == finalFraction;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(peak) * 31 + warmupSteps * 17 + totalSteps;
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule[peak=" + peak + ", warmup=" + warmupSteps + ", total=" + totalSteps + ", final=" + finalFraction + "]";
    }
}
