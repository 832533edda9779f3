package org.crossview.image;

import java.util.Arrays;

/**
 * Separable Gaussian blur with clamped edges, the one the synthetic X-rays (focal spot, detector, scatter) and the
 * training stream use. Hand-written: a few lines, on plain float images (ND4J's convolutions want batched NCHW tensors,
 * a copy each way). Per pixel the taps are summed in double in tap order; the loops run tap by tap over a whole row (the
 * row padded with its edge values), so the JIT vectorises them: the scatter kernel of a 64² training image reaches
 * ~100 taps.
 */
public final class GaussianBlur {
    private GaussianBlur() {}

    /** Blurs {@code x} (cols × rows, row-major) in place with a Gaussian of σ = {@code sigmaPx} pixels; σ ≤ 0.05 is a no-op. */
    public static void inPlace(float[] x, int cols, int rows, double sigmaPx) {
        if (x.length != cols * rows) throw new IllegalArgumentException("x: " + x.length + " pixels for " + cols + "×" + rows);
        if (sigmaPx <= 0.05) return;
        int r = (int) Math.ceil(3 * sigmaPx);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        float[] tmp = new float[x.length], padded = new float[cols + 2 * r];
        double[] acc = new double[cols];
        for (int v = 0; v < rows; v++) {
            int row = v * cols;
            for (int j = 0; j < padded.length; j++) padded[j] = x[row + Math.min(cols - 1, Math.max(0, j - r))];
            Arrays.fill(acc, 0);
            for (int i = 0; i < k.length; i++) {
                double ki = k[i];
                for (int u = 0; u < cols; u++) acc[u] += ki * padded[u + i];
            }
            for (int u = 0; u < cols; u++) tmp[row + u] = (float) acc[u];
        }
        for (int v = 0; v < rows; v++) {
            Arrays.fill(acc, 0);
            for (int i = 0; i < k.length; i++) {
                double ki = k[i];
                int src = Math.min(rows - 1, Math.max(0, v + i - r)) * cols;
                for (int u = 0; u < cols; u++) acc[u] += ki * tmp[src + u];
            }
            for (int u = 0; u < cols; u++) x[v * cols + u] = (float) acc[u];
        }
    }

    /** A blurred copy of {@code in} ({@link #inPlace}). */
    public static Image of(Image in, double sigmaPx) {
        float[] d = in.data().clone();
        inPlace(d, in.cols(), in.rows(), sigmaPx);
        return new Image(in.cols(), in.rows(), d);
    }
}
