package org.crossview.notebook;

import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.LossWeights;

/**
 * The notebooks' coarse-stage settings ({@link CoarseRun.Options}, the options of {@code crossview train}) at tutorial
 * and paper scale, and copies with one field changed.
 */
public final class CoarseOptions {
    private CoarseOptions() {}

    /**
     * Tutorial scale: the tutorial network on 64² inputs, 150 steps of 4 cases × 2 views, poses drawn from half the
     * DiffPose-like spread, 3 mm ray steps; 10 held-out cases at 128². A few minutes on 2 CPU cores; the network only
     * begins to learn in that time.
     */
    public static CoarseRun.Options tutorial() {
        return new CoarseRun.Options(2, LossWeights.defaults(), 150, 64, 1, 4, 1e-3, "tutorial", "gaussian:0.5", DomainRandomisation.DEFAULT, 3.0, "auto", 10, 50,
                false, 10, 128, 1e4, 0.25, 50, "points", "ncc");
    }

    /**
     * Paper scale (for a GPU box): ResNet-18-like network on 128² inputs, 20 000 steps of 8 cases × 2 views, the full
     * DiffPose-like pose spread, ray steps at the CT's voxel size; 100 held-out cases at 192².
     */
    public static CoarseRun.Options paper() {
        return new CoarseRun.Options(2, LossWeights.defaults(), 20_000, 128, 1, 8, 1e-3, "paper", "gaussian", DomainRandomisation.DEFAULT, 0, "auto", 100, 1000,
                false, 100, 192, 1e4, 0.25, 50, "points", "ncc");
    }

    /**
     * The ablation's tutorial runs, five of which must fit in a few minutes: 32² inputs, 80 steps of 2 cases × 2 views,
     * 4 mm ray steps; 20 held-out cases at 64².
     */
    public static CoarseRun.Options ablationTutorial() {
        return new CoarseRun.Options(2, LossWeights.defaults(), 80, 32, 1, 2, 1e-3, "tutorial", "gaussian:0.5", DomainRandomisation.DEFAULT, 4.0, "auto", 20, 40,
                false, 20, 64, 1e4, 0.25, 50, "points", "ncc");
    }

    /** {@link #tutorial()}, or {@link #paper()} under FULL. */
    public static CoarseRun.Options forScale() {
        return Scale.pick(tutorial(), paper());
    }

    public static CoarseRun.Options withWeights(CoarseRun.Options o, LossWeights w) {
        return o.toBuilder().weights(w).build();
    }

    public static CoarseRun.Options withSteps(CoarseRun.Options o, int steps) {
        return o.toBuilder().steps(steps).build();
    }

    public static CoarseRun.Options withEvaluation(CoarseRun.Options o, int cases, int size) {
        return o.toBuilder().evaluation(cases, size).build();
    }

    public static CoarseRun.Options withViews(CoarseRun.Options o, int views) {
        return o.toBuilder().views(views).build();
    }

    /** The fields that decide the trained weights (not logging, checkpointing, resuming or evaluation). */
    static String trainingKey(CoarseRun.Options o) {
        return String.join("|", "v" + o.views(), o.weights().format(), "s" + o.steps(), "px" + o.inputSize(), "seed" + o.seed(), "c" + o.casesPerBatch(),
                "lr" + o.learningRate(), o.net(), o.sampling(), "dr" + o.domainRand(), "step" + o.stepMm(), o.backend(), "rs" + o.rotationScaleRad(),
                "ts" + o.translationScaleMm(), o.poseDistance(), o.similarity(), "tr" + o.translation());
    }
}
