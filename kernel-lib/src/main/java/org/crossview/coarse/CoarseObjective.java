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

    /** The weights in use (for logs and checkpoints). */
    LossWeights weights();

    /**
     * @param total the weighted sum
     * @param terms each term's unweighted value (by name, in a stable order), for progress lines and plots
     * @param dTotaldXi d(total)/dξ per view, six numbers each
     */
    record Evaluation(double total, Map<String, Double> terms, double[][] dTotaldXi) {}
}
