package org.crossview.image;

/** Pixel-wise arithmetic and summaries of {@link Image}s, for comparisons in notebooks, reports and tests. */
public final class ImageMath {
    private ImageMath() {}

    /** a − b, pixel by pixel. */
    public static Image difference(Image a, Image b) {
        requireSameSize(a, b);
        float[] x = a.data(), y = b.data(), d = new float[x.length];
        for (int i = 0; i < d.length; i++) d[i] = x[i] - y[i];
        return new Image(a.cols(), a.rows(), d);
    }

    /** Root mean square of the pixel values. */
    public static double rms(Image a) {
        double s = 0;
        for (float x : a.data()) s += (double) x * x;
        return Math.sqrt(s / a.data().length);
    }

    /** RMS(a − reference) / RMS(reference): 0 for equal images (NaN when the reference is all zero). */
    public static double relativeRmsDifference(Image a, Image reference) {
        requireSameSize(a, reference);
        float[] x = a.data(), y = reference.data();
        double d = 0, r = 0;
        for (int i = 0; i < x.length; i++) {
            d += ((double) x[i] - y[i]) * ((double) x[i] - y[i]);
            r += (double) y[i] * y[i];
        }
        return r == 0 ? Double.NaN : Math.sqrt(d / r);
    }

    /** Largest |a − b| over the pixels. */
    public static double maxAbsDifference(Image a, Image b) {
        requireSameSize(a, b);
        float[] x = a.data(), y = b.data();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs((double) x[i] - y[i]));
        return m;
    }

    private static void requireSameSize(Image a, Image b) {
        if (a.cols() != b.cols() || a.rows() != b.rows()) {
            throw new IllegalArgumentException("images differ in size: " + a.cols() + "x" + a.rows() + " and " + b.cols() + "x" + b.rows());
        }
    }
}
