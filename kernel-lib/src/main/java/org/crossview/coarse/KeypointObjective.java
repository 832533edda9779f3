package org.crossview.coarse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.geometry.Rigid;

/**
 * The training loss of a {@link KeypointHead} network: per view and keypoint, the distance between where the
 * network put the keypoint and where the true pose projects it, smoothed near zero (√(d² + ε²), ε = 0.3 px at
 * 64²: an L1-like loss, robust to the few points far off the image), averaged over the batch. No rendering: the
 * targets are projections of the keypoints. Logged in pixels of the network's image.
 */
public final class KeypointObjective implements CoarseObjective {
    private static final double EPSILON = 0.01; // output units: 1 = half the image

    private final KeypointHead head;
    private final int inputSize;
    private final SoftArgmax readout;

    /** For a network that regresses the keypoints' positions directly. */
    public KeypointObjective(KeypointHead head, int inputSize) {
        this(head, inputSize, null);
    }

    /** @param readout a heatmap head's read-out (the positions are decoded from the raw outputs); null: the outputs are the positions */
    public KeypointObjective(KeypointHead head, int inputSize, SoftArgmax readout) {
        this.head = head;
        this.inputSize = inputSize;
        this.readout = readout;
    }

    @Override
    public OutputsEvaluation evaluateOutputs(SyntheticBatch batch, double[][] raw, PoseParameterisation param) {
        double[][] y = readout == null ? raw : java.util.Arrays.stream(raw).map(readout::decode).toArray(double[][]::new);
        int n = y.length, k = head.outputs() / 2;
        double[][] dy = new double[n][head.outputs()];
        double total = 0, pixels = 0;
        int counted = 0;
        double norm = 1.0 / (n * k);
        for (int i = 0; i < n; i++) {
            double[] target = head.encode(batch.trueVolFromCam(i));
            for (int p = 0; p < k; p++) {
                double dx = y[i][2 * p] - target[2 * p], dz = y[i][2 * p + 1] - target[2 * p + 1];
                if (!Double.isFinite(dx) || !Double.isFinite(dz)) continue; // behind the source: no target
                double d = Math.sqrt(dx * dx + dz * dz + EPSILON * EPSILON);
                total += norm * d;
                dy[i][2 * p] = norm * dx / d;
                dy[i][2 * p + 1] = norm * dz / d;
                pixels += Math.sqrt(dx * dx + dz * dz) * inputSize / 2.0;
                counted++;
            }
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("keypoints_px", counted == 0 ? 0 : pixels / counted);
        if (readout != null) {
            double shape = 0, w = Double.parseDouble(System.getProperty("crossview.heatmapShape", "1"));
            for (int i = 0; i < n; i++) {
                dy[i] = readout.backward(raw[i], dy[i]);
                if (w > 0) shape += readout.shapeLoss(raw[i], head.encode(batch.trueVolFromCam(i)), 1.0, w * norm, dy[i]);
            }
            if (w > 0) {
                total += w * norm * shape;
                terms.put("heatmap_kl", shape / (n * k));
            }
        }
        return new OutputsEvaluation(total, terms, dy);
    }

    @Override
    public Evaluation evaluate(SyntheticBatch batch, Rigid[] predictedVolFromCam) {
        throw new UnsupportedOperationException("keypoint objective: evaluates the network's keypoint outputs, not poses (evaluateOutputs)");
    }

    @Override
    public LossWeights weights() {
        return new LossWeights(1, 0, 0, 0);
    }

    public String describe() {
        return head.outputs() / 2 + " CT keypoints, mean 2D distance";
    }
}
