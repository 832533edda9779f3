package org.crossview.coarse.physics;

/**
 * A detector/processing response on raw intensities I: a veiling-glare offset (a constant fraction
 * {@code glare} of the image's maximum added everywhere, which compresses dense regions after the log), then
 * a gamma curve on I normalised to the image's [min, max]. Unlike a power of I itself (a mere scale of the
 * log image, which standardisation removes), both change the shape of the log image.
 */
public record ContrastCurve(double glare, double gamma) {
    public ContrastCurve {
        if (!(glare >= 0) || !(gamma > 0)) throw new IllegalArgumentException("contrast curve: need glare ≥ 0 and gamma > 0, got " + glare + ", " + gamma);
    }

    /** In place; raw intensities stay positive (the minimum maps to a small positive floor). */
    public void apply(float[] raw) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : raw) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) return;
        double offset = glare * hi, floor = 1e-4 * hi;
        for (int i = 0; i < raw.length; i++) {
            double x = (raw[i] - lo) / (hi - lo);
            raw[i] = (float) (floor + lo + (hi - lo) * Math.pow(x, gamma) + offset);
        }
    }
}
