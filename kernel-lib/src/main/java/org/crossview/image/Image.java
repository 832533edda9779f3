package org.crossview.image;

import java.util.Arrays;

/**
 * A 2D float image, row-major: pixel (u, v) = (column, row) is {@code data[v * cols + u]}.
 * The one small image type of the hot paths; the array is shared, not copied.
 */
public final class Image {
    private final int cols;
    private final int rows;
    private final float[] data;

    public Image(int cols, int rows, float[] data) {
        if (cols <= 0 || rows <= 0) throw new IllegalArgumentException("image: size must be positive, got " + cols + "x" + rows);
        if (data.length != cols * rows) {
            throw new IllegalArgumentException("image: " + cols + "x" + rows + " needs " + cols * rows + " values, got " + data.length);
        }
        this.cols = cols;
        this.rows = rows;
        this.data = data;
    }

    public Image(int cols, int rows) {
        this(cols, rows, new float[cols * rows]);
    }

    public int cols() { return cols; }
    public int rows() { return rows; }
    public float[] data() { return data; }

    public float get(int u, int v) {
        return data[v * cols + u];
    }

    public void set(int u, int v, float value) {
        data[v * cols + u] = value;
    }

    public Image copy() {
        return new Image(cols, rows, data.clone());
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float x : data) m = Math.min(m, x);
        return m;
    }

    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : data) m = Math.max(m, x);
        return m;
    }

    public double mean() {
        double s = 0;
        for (float x : data) s += x;
        return s / data.length;
    }

    /** Throws naming {@code what} if a value is NaN or infinite. */
    public Image requireFinite(String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException(what + ": non-finite value at pixel (" + (i % cols) + "," + (i / cols) + ")");
            }
        }
        return this;
    }

    /** Throws naming {@code what} unless the image has the expected size. */
    public Image requireSize(String what, int expectedCols, int expectedRows) {
        if (cols != expectedCols || rows != expectedRows) {
            throw new IllegalArgumentException(what + ": expected " + expectedCols + "x" + expectedRows + " pixels, got " + cols + "x" + rows);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image im && im.cols == cols && im.rows == rows && Arrays.equals(im.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cols + rows) + Arrays.hashCode(data);
    }
}
