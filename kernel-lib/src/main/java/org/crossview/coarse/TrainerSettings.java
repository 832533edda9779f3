package org.crossview.coarse;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How the coarse network is trained: size, steps, batch ({@code casesPerBatch} cases of
 * {@link ViewLayout#views()} views), seed, Adam with {@link WarmupCosineSchedule}, and how often to
 * log and checkpoint (0 = never).
 */
public record TrainerSettings(NetSpec net, int steps, int casesPerBatch, long seed, double learningRate, int warmupSteps,
        double finalLrFraction, int logEvery, int checkpointEvery, DataType dataType) {

    public TrainerSettings {
        if (steps < 1) throw new IllegalArgumentException("--steps: must be ≥ 1, got " + steps);
        if (casesPerBatch < 1) throw new IllegalArgumentException("--cases: cases per batch must be ≥ 1, got " + casesPerBatch);
        if (!(learningRate > 0)) throw new IllegalArgumentException("--lr: must be positive, got " + learningRate);
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps: must be ≥ 0, got " + warmupSteps);
        if (logEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("logEvery and checkpointEvery must be ≥ 0");
    }

    /** Tutorial defaults: Adam 1e−3, 5 % warm-up, cosine to 5 % of the peak. */
    public static TrainerSettings tutorial(int steps, int casesPerBatch, long seed) {
        return new TrainerSettings(NetSpec.tutorial(), steps, casesPerBatch, seed, 1e-3, Math.max(1, steps / 20), 0.05, 10,
                Math.max(50, steps / 10), DataType.FLOAT);
    }

    public WarmupCosineSchedule schedule() {
        return new WarmupCosineSchedule(learningRate, warmupSteps, steps, finalLrFraction);
    }

    public TrainerSettings withNet(NetSpec n) {
        return new TrainerSettings(n, steps, casesPerBatch, seed, learningRate, warmupSteps, finalLrFraction, logEvery, checkpointEvery, dataType);
    }

    public TrainerSettings withDataType(DataType t) {
        return new TrainerSettings(net, steps, casesPerBatch, seed, learningRate, warmupSteps, finalLrFraction, logEvery, checkpointEvery, t);
    }

    public TrainerSettings withSteps(int n) {
        return new TrainerSettings(net, n, casesPerBatch, seed, learningRate, warmupSteps, finalLrFraction, logEvery, checkpointEvery, dataType);
    }

    public TrainerSettings withLogging(int logEveryN, int checkpointEveryN) {
        return new TrainerSettings(net, steps, casesPerBatch, seed, learningRate, warmupSteps, finalLrFraction, logEveryN, checkpointEveryN, dataType);
    }
}
