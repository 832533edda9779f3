package org.crossview.coarse;

import java.util.Map;
import org.crossview.geometry.Rigid;

/**
 * The training loss of the coarse network on one batch, with its gradient with respect to each
 * predicted pose (RIGHT perturbation predictedVolFromCam[i]·exp(ξ^), ξ = (ω, v)); {@link CoarseTrainer}
 * chains that gradient through {@link PoseParameterisation} into the network.
 */
public interface CoarseObjective {

    /** @param predictedVolFromCam one pose per view of the batch, in batch order */
    Evaluation evaluate(SyntheticBatch batch, Rigid[] predictedVolFromCam);

    /**
     * The loss of the network's raw outputs y (one row per view) and dL/dy: by default the outputs are decoded into
     * poses by {@code param}, and dL/dξ is chained through it.
     */
    default OutputsEvaluation evaluateOutputs(SyntheticBatch batch, double[][] y, PoseParameterisation param) {
        Rigid[] poses = new Rigid[y.length];
        for (int i = 0; i < y.length; i++) poses[i] = param.volFromCam(y[i]);
        Evaluation e = evaluate(batch, poses);
        double[][] dy = new double[y.length][];
        for (int i = 0; i < y.length; i++) dy[i] = param.chain(y[i], e.dTotaldXi()[i]);
        return new OutputsEvaluation(e.total(), e.terms(), dy);
    }

    /** The weights in use (for logs and checkpoints). */
    LossWeights weights();

    /** What the loss is, for logs. */
    String describe();

    /**
     * @param total the weighted sum
     * @param terms each term's unweighted value (by name, in a stable order), for progress lines and plots
     * @param dTotaldXi d(total)/dξ per view, six numbers each
     */
    record Evaluation(double total, Map<String, Double> terms, double[][] dTotaldXi) {}

    /** The same for the network's outputs: {@code dTotaldY} holds d(total)/dy per view, one number per output. */
    record OutputsEvaluation(double total, Map<String, Double> terms, double[][] dTotaldY) {}
}
