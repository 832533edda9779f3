package org.crossview.data;

/**
 * Turns an X-ray's pixel values into the pipeline's raw-intensity convention (DeepFluoro's {@code image/pixels}:
 * proportional to the detected intensity, bone dark; {@link Preprocess} later takes −log(I/I0)).
 *
 * <p>First the values are oriented so that they grow with the detected intensity: by
 * PixelIntensityRelationshipSign (0028,1041) when present (+1: lower values = less intensity), otherwise by the
 * PhotometricInterpretation, assuming the image is displayed as raw and angiographic images are, bone dark
 * (MONOCHROME2 as is, MONOCHROME1 inverted); {@code boneBright} says the display shows bone bright instead
 * (typical of processed radiographs) and inverts once more. Then, by PixelIntensityRelationship (0028,1040) or
 * the user's choice: {@link Relationship#LIN} values are intensities (an inverted image is taken from the top of
 * its stored range, 2^BitsStored − 1); {@link Relationship#LOG} values are logarithms of the intensity up to an
 * unknown scale, and are mapped to I = exp(−{@link #LOG_RANGE}·(t_max − t)/(t_max − t_min)): line integrals
 * 0–4, an affine function of the original values, which is all NCC-type similarities see.
 */
public final class XrayIntensity {
    private XrayIntensity() {}

    /** Line-integral range given to a log-processed image (its brightest pixel 0, its darkest 4). */
    public static final double LOG_RANGE = 4.0;

    public enum Relationship { LIN, LOG }

    /**
     * @param values          calibrated pixel values (rescale applied)
     * @param growsWithIntensity the values grow with detected intensity (after sign/photometric/boneBright)
     * @param topValue        the calibrated value of the largest stored value (for inverted linear images)
     */
    public static float[] toRawIntensity(float[] values, boolean growsWithIntensity, Relationship relationship, double topValue) {
        float[] out = new float[values.length];
        if (relationship == Relationship.LIN) {
            for (int i = 0; i < values.length; i++) out[i] = (float) (growsWithIntensity ? values[i] : topValue - values[i]);
            return out;
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float x : values) {
            double t = growsWithIntensity ? x : -x;
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        double range = hi > lo ? hi - lo : 1;
        for (int i = 0; i < values.length; i++) {
            double t = growsWithIntensity ? values[i] : -values[i];
            out[i] = (float) Math.exp(-LOG_RANGE * (hi - t) / range);
        }
        return out;
    }
}
