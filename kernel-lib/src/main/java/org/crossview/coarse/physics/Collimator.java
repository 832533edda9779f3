package org.crossview.coarse.physics;

/**
 * The beam's aperture on the detector: the collimator's blades (a rectangle inset from each border) and,
 * for image-intensifier systems, a circular field. Outside the aperture only {@code transmission} of the
 * beam passes (leakage through the blades); the edge is a Gaussian penumbra of {@code edgeSigmaPx}.
 *
 * @param insets left, right, top, bottom blade positions as fractions of the width/height (0 = open)
 * @param circleRadius radius of the circular field as a fraction of the detector's half-width; ≤ 0 = none
 */
public record Collimator(double[] insets, double circleRadius, double transmission, double edgeSigmaPx) {

    public static Collimator open() {
        return new Collimator(new double[4], 0, 1, 0);
    }

    /** Per-pixel beam factor in [transmission, 1]. */
    public float[] factors(int cols, int rows) {
        float[] out = new float[cols * rows];
        double s = Math.max(edgeSigmaPx, 1e-3);
        double x0 = -0.5 + insets[0] * cols, x1 = cols - 0.5 - insets[1] * cols;
        double y0 = -0.5 + insets[2] * rows, y1 = rows - 0.5 - insets[3] * rows;
        double cu = (cols - 1) / 2.0, cv = (rows - 1) / 2.0, radius = circleRadius * cols / 2.0;
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                // Product of soft steps: inside every blade (and the circle).
                double a = step((u - x0) / s) * step((x1 - u) / s) * step((v - y0) / s) * step((y1 - v) / s);
                if (circleRadius > 0) a *= step((radius - Math.hypot(u - cu, v - cv)) / s);
                out[v * cols + u] = (float) (transmission + (1 - transmission) * a);
            }
        }
        return out;
    }

    /** Φ(z), the Gaussian penumbra's profile (Abramowitz–Stegun 7.1.26 erf, error < 1.5e-7). */
    static double step(double z) {
        double x = Math.abs(z) / Math.sqrt(2), t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
