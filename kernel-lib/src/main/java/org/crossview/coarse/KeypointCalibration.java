package org.crossview.coarse;

import java.util.Arrays;

/**
 * How well a trained keypoint network places its keypoints: the error of its keypoints on fresh synthetic views, drawn
 * like its training views but from a stream it never saw (another seed), in inference mode. The pose fit weighs the
 * keypoints by it ({@link KeypointHead.Uncertainty}): a network that places points to within a few pixels decides
 * the pose; one that is off by a tenth of the image leaves what its points cannot settle (a single view's depth) to
 * the training spread. Measured, not chosen, so it follows the network size, the training length and the views.
 */
public final class KeypointCalibration {
    /** The held-out stream's seed is the run's seed mixed with this, so it never meets a training batch. */
    private static final long SALT = 0x5EED_CA11_B4A7_E001L;

    private KeypointCalibration() {}

    /**
     * For each keypoint, the robust sd ({@link #robustSd}) of its image coordinates' errors (output units) on
     * {@code batches} fresh batches of {@code cases} cases from {@code data}; where a point has no target (behind the
     * source), it is left out.
     */
    public static double[] keypointSd(CoarseModel model, SyntheticData data, long seed, int batches, int cases) {
        KeypointHead head = model.info().keypointHead()
                .orElseThrow(() -> new IllegalArgumentException("keypoint calibration: the model has no keypoint head"));
        int k = head.outputs() / 2;
        double[][] errors = new double[k][2 * batches * cases * data.layout().views()];
        int[] n = new int[k];
        for (int b = 0; b < batches; b++) {
            SyntheticBatch batch = data.batch(seed ^ SALT, b, cases);
            double[][] y = model.positionsOrPose(CoarseTrainer.toRows(model.network().output(false,
                    batch.networkInput(model.network().params().dataType()))[0]));
            for (int i = 0; i < y.length; i++) {
                double[] target = head.encode(batch.trueVolFromCam(i));
                for (int j = 0; j < target.length; j++) {
                    double e = y[i][j] - target[j];
                    if (Double.isFinite(e)) errors[j / 2][n[j / 2]++] = e;
                }
            }
        }
        double[] sd = new double[k];
        for (int p = 0; p < k; p++) {
            if (n[p] < 2) throw new IllegalStateException("keypoint calibration: keypoint " + p + " lay behind the source in all " + batches + " batches");
            sd[p] = robustSd(Arrays.copyOf(errors[p], n[p]));
        }
        return sd;
    }

    /** "a b c …": each sd in pixels of a size² network image, for logs. */
    public static String describePx(double[] sd, int inputSize) {
        StringBuilder b = new StringBuilder();
        for (double x : sd) b.append(b.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.1f", x * inputSize / 2));
        return b.toString();
    }

    /**
     * 1.4826 × the median absolute error: the sd of Gaussian errors, unmoved by the few points far off (those the
     * network cannot see, beyond the image): the fit's Cauchy loss lets those go anyway.
     */
    public static double robustSd(double[] errors) {
        if (errors.length == 0) throw new IllegalArgumentException("robust sd: no errors");
        double[] a = Arrays.stream(errors).map(Math::abs).sorted().toArray();
        int m = a.length;
        double median = m % 2 == 1 ? a[m / 2] : 0.5 * (a[m / 2 - 1] + a[m / 2]);
        return 1.4826 * median;
    }
}
