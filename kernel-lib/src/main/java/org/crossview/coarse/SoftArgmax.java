package org.crossview.coarse;

/**
 * The read-out of a heatmap keypoint head (DSNT, Nibali et al. 2018): the network gives, for each of K keypoints, a
 * map of scores over an s×s grid laid over the image; a softmax turns each map into a probability distribution, and the
 * keypoint is its expected position — differentiable, and sub-cell accurate.
 *
 * <p>Why: the keypoint is then read from <em>where</em> the convolutional features respond, which the convolutions
 * carry over unchanged when the anatomy moves in the image (translation-equivariant), instead of being encoded by a
 * dense layer that must learn each position separately. Positions are in the units of {@link KeypointHead}'s outputs:
 * half the image is 1, so the centre of grid cell (r, c) is ((2c + 1)/s − 1, (2r + 1)/s − 1). A point outside the
 * image cannot be represented; its loss pulls the mass to the nearest border.
 *
 * <p>Raw layout: the network's [K, s, s] output in row-major order (keypoint, row, column), as DL4J's NCHW.
 */
public record SoftArgmax(int keypoints, int size) {
    public SoftArgmax {
        if (keypoints < 1 || size < 1) throw new IllegalArgumentException("soft-argmax: need ≥ 1 keypoint and grid size ≥ 1, got " + keypoints + ", " + size);
    }

    /** Raw outputs per image: K·s². */
    public int rawOutputs() {
        return keypoints * size * size;
    }

    /** Keypoint positions (u0, v0, u1, v1, …) from the raw scores. */
    public double[] decode(double[] raw) {
        requireLength(raw);
        double[] out = new double[2 * keypoints];
        double[] p = new double[size * size];
        for (int k = 0; k < keypoints; k++) {
            softmax(raw, k, p);
            double u = 0, v = 0;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    u += p[r * size + c] * centre(c);
                    v += p[r * size + c] * centre(r);
                }
            }
            out[2 * k] = u;
            out[2 * k + 1] = v;
        }
        return out;
    }

    /**
     * dL/draw from dL/d(positions): for the softmax p of score z, ∂E[x]/∂z_i = p_i·(x_i − E[x]).
     */
    public double[] backward(double[] raw, double[] dPositions) {
        requireLength(raw);
        if (dPositions.length != 2 * keypoints) throw new IllegalArgumentException("soft-argmax: expected " + 2 * keypoints + " position gradients, got " + dPositions.length);
        double[] d = new double[raw.length];
        double[] p = new double[size * size];
        for (int k = 0; k < keypoints; k++) {
            softmax(raw, k, p);
            double u = 0, v = 0;
            for (int i = 0; i < p.length; i++) {
                u += p[i] * centre(i % size);
                v += p[i] * centre(i / size);
            }
            double gu = dPositions[2 * k], gv = dPositions[2 * k + 1];
            for (int i = 0; i < p.length; i++) d[k * p.length + i] = p[i] * (gu * (centre(i % size) - u) + gv * (centre(i / size) - v));
        }
        return d;
    }

    /**
     * The heatmap's shape term (DSNT's regulariser, Nibali et al. 2018 §3.3): for each keypoint whose target the read-out
     * can reach (within the outer cells' centres), KL(q ‖ p) from the target map q to the softmax p. q is a Gaussian of
     * {@code sigmaCells} cells per image axis on the grid, centred so that its mean — the read-out of q itself — is the
     * target: a plain Gaussian at the target, cut off by the grid's border, would read out inside it and pull points near
     * the border towards the centre. Returns the sum over those keypoints and adds {@code weight}·∂/∂raw (= p − q) to
     * {@code dRaw}. Why: the expectation alone lets the mass spread (any distribution with the right mean scores the same).
     */
    public double shapeLoss(double[] raw, double[] targetPositions, double sigmaCells, double weight, double[] dRaw) {
        requireLength(raw);
        double[] p = new double[size * size], qu = new double[size], qv = new double[size];
        double sigma = sigmaCells * 2.0 / size; // output units: a cell is 2/s
        double total = 0;
        for (int k = 0; k < keypoints; k++) {
            if (!gaussianWithMean(targetPositions[2 * k], sigma, qu) || !gaussianWithMean(targetPositions[2 * k + 1], sigma, qv)) continue;
            softmax(raw, k, p);
            for (int i = 0; i < p.length; i++) {
                double q = qu[i % size] * qv[i / size];
                if (q > 0) total += q * (Math.log(q) - Math.log(Math.max(p[i], 1e-300)));
                dRaw[k * p.length + i] += weight * (p[i] - q);
            }
        }
        return total;
    }

    /**
     * Into {@code q}: the distribution over one axis's cell centres ∝ exp(−(c − m)²/2σ²) whose mean is {@code target}; false
     * when no m gives it (beyond the outer centres, or not finite). The mean grows with m, at the rate Var_q(c)/σ² (q is an
     * exponential family in m), so m is found by Newton's method kept inside a shrinking bracket (bisection where a step
     * would leave it): ~5 evaluations where bisection to the same precision took 60, ~3 % of a training step.
     */
    private boolean gaussianWithMean(double target, double sigma, double[] q) {
        double reach = 1 - 1.0 / size;
        if (!(Math.abs(target) < reach)) return false;
        double lo = -1 - 20 * sigma, hi = 1 + 20 * sigma;
        if (!(gaussianMean(lo, sigma, q) < target && gaussianMean(hi, sigma, q) > target)) return false;
        double m = target;
        for (int it = 0; it < 200; it++) {
            double mean = gaussianMean(m, sigma, q), err = mean - target;
            if (err < 0) lo = m;
            else hi = m;
            if (Math.abs(err) <= 1e-15 || hi - lo <= 1e-15) return true; // q is the distribution at this m
            double variance = 0;
            for (int c = 0; c < size; c++) variance += q[c] * sq(centre(c) - mean);
            double next = m - err * sigma * sigma / variance;
            m = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }
        gaussianMean(m, sigma, q);
        return true;
    }

    /** Fills q with the normalised Gaussian about m over the cell centres and returns its mean. */
    private double gaussianMean(double m, double sigma, double[] q) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < size; c++) max = Math.max(max, -sq(centre(c) - m) / (2 * sigma * sigma));
        double sum = 0, mean = 0;
        for (int c = 0; c < size; c++) {
            q[c] = Math.exp(-sq(centre(c) - m) / (2 * sigma * sigma) - max);
            sum += q[c];
        }
        for (int c = 0; c < size; c++) {
            q[c] /= sum;
            mean += q[c] * centre(c);
        }
        return mean;
    }

    private static double sq(double x) {
        return x * x;
    }

    private double centre(int cell) {
        return (2.0 * cell + 1) / size - 1;
    }

    /** The softmax of keypoint k's scores into p (shifted by the maximum: no overflow). */
    private void softmax(double[] raw, int k, double[] p) {
        int off = k * p.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) max = Math.max(max, raw[off + i]);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(raw[off + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
    }

    private void requireLength(double[] raw) {
        if (raw.length != rawOutputs()) throw new IllegalArgumentException("soft-argmax: expected " + rawOutputs() + " raw outputs, got " + raw.length);
    }
}
