package org.crossview.loss;

/**
 * A 2D filter that is a horizontal 1D kernel followed by a vertical one, with replicated ("clamped")
 * borders, so the output has the input's size, and its exact adjoint (the transpose of the same linear
 * map, which scatters back onto the clamped pixels). Hand-written: the adjoint of clamped-border
 * convolution is not offered by the image libraries at hand.
 */
final class SeparableFilter {
    private final double[] kx, ky; // taps for offsets −rx..rx and −ry..ry (correlation)

    SeparableFilter(double[] kx, double[] ky) {
        if (kx.length % 2 != 1 || ky.length % 2 != 1) throw new IllegalArgumentException("filter: kernels need odd lengths");
        this.kx = kx.clone();
        this.ky = ky.clone();
    }

    /** Normalised Gaussian taps of standard deviation sigma (pixels), radius ceil(3σ). */
    static double[] gaussian(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("blur sigma: must be positive and finite, got " + sigma);
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= s;
        return k;
    }

    /** out(u,v) = Σ_j ky[j] Σ_i kx[i] in(clamp(u+i), clamp(v+j)). */
    void apply(double[] in, int cols, int rows, double[] out) {
        double[] tmp = new double[in.length];
        int rx = kx.length / 2, ry = ky.length / 2;
        for (int v = 0; v < rows; v++) {
            int o = v * cols;
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int i = -rx; i <= rx; i++) s += kx[i + rx] * in[o + clamp(u + i, cols)];
                tmp[o + u] = s;
            }
        }
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int j = -ry; j <= ry; j++) s += ky[j + ry] * tmp[clamp(v + j, rows) * cols + u];
                out[v * cols + u] = s;
            }
        }
    }

    /** The transpose of {@link #apply}: out += Aᵀ in (out is overwritten). */
    void adjoint(double[] in, int cols, int rows, double[] out) {
        double[] tmp = new double[in.length];
        int rx = kx.length / 2, ry = ky.length / 2;
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double g = in[v * cols + u];
                for (int j = -ry; j <= ry; j++) tmp[clamp(v + j, rows) * cols + u] += ky[j + ry] * g;
            }
        }
        java.util.Arrays.fill(out, 0);
        for (int v = 0; v < rows; v++) {
            int o = v * cols;
            for (int u = 0; u < cols; u++) {
                double g = tmp[o + u];
                for (int i = -rx; i <= rx; i++) out[o + clamp(u + i, cols)] += kx[i + rx] * g;
            }
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
