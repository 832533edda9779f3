package org.crossview.data;

/**
 * A 2D landmark of a projection, pixel (u, v) = (column, row) with index 0 at the first pixel's centre.
 * {@code inImage} is false for a landmark that falls outside the detector (DeepFluoro stores those too).
 */
public record Landmark2D(String name, double u, double v, boolean inImage) {
    public double[] uv() {
        return new double[] {u, v};
    }
}
