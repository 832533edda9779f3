package org.crossview.coarse.physics;

import org.crossview.geometry.Camera;

/**
 * Smooth intensity gradients of the beam on the detector, as multiplicative factors per pixel:
 * <ul>
 * <li>point-source fall-off: a pixel at distance r from the principal point receives cos(θ)^k of the central
 *     flux, cos θ = SDD/√(SDD² + r²); k = 3 for an uncorrected flat detector (inverse square × obliquity),
 *     k = 0 after flat-field correction, so training draws k;</li>
 * <li>heel effect: the anode absorbs more of the beam on its side, ≈ exp(h·t) along the anode–cathode
 *     direction, t ∈ [−1, 1] across the detector.</li>
 * </ul>
 */
public final class FallOff {
    private FallOff() {}

    /** cos(θ)^exponent per pixel (row-major cols×rows). */
    public static float[] cosPower(Camera camera, double exponent) {
        int cols = camera.cols(), rows = camera.rows();
        float[] out = new float[cols * rows];
        double sdd = camera.sourceToDetectorMm();
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double[] d = camera.detectorPoint(u, v);
                double cos = sdd / Math.sqrt(d[0] * d[0] + d[1] * d[1] + sdd * sdd);
                out[v * cols + u] = (float) Math.pow(cos, exponent);
            }
        }
        return out;
    }

    /** exp(strength·t), t the pixel's position along {@code directionRad} scaled to [−1, 1] over the detector's half-diagonal. */
    public static float[] heel(int cols, int rows, double directionRad, double strength) {
        float[] out = new float[cols * rows];
        double c = Math.cos(directionRad), s = Math.sin(directionRad);
        double cu = (cols - 1) / 2.0, cv = (rows - 1) / 2.0, half = Math.hypot(cu, cv);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double t = half > 0 ? ((u - cu) * c + (v - cv) * s) / half : 0;
                out[v * cols + u] = (float) Math.exp(strength * t);
            }
        }
        return out;
    }
}
