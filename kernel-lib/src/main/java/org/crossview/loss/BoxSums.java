package org.crossview.loss;

/**
 * Separable p×q box sums over "valid" windows (every window lies inside the image), and their adjoint,
 * in O(cols·rows) each whatever the window size: running prefix sums along rows, then along columns, in
 * double. Hand-written because the per-window statistics and their adjoint must stay exact and
 * allocation-light; ND4J has no adjoint of a strided box filter.
 *
 * <p>Window (x, y) covers columns [x, x+px) and rows [y, y+py); there are (cols−px+1)×(rows−py+1).
 */
final class BoxSums {
    final int cols, rows, px, py, wx, wy;
    private final double[] line;

    BoxSums(int cols, int rows, int px, int py) {
        if (px < 1 || py < 1 || px > cols || py > rows) {
            throw new IllegalArgumentException("box: window " + px + "x" + py + " does not fit a " + cols + "x" + rows + " image");
        }
        this.cols = cols;
        this.rows = rows;
        this.px = px;
        this.py = py;
        this.wx = cols - px + 1;
        this.wy = rows - py + 1;
        this.line = new double[Math.max(cols, rows) + 1];
    }

    int windows() {
        return wx * wy;
    }

    /** out[y·wx + x] = Σ in over window (x, y). {@code tmp} has ≥ wx·rows entries. */
    void forward(double[] in, double[] tmp, double[] out) {
        double[] c = line;
        for (int v = 0; v < rows; v++) {
            int o = v * cols;
            c[0] = 0;
            for (int u = 0; u < cols; u++) c[u + 1] = c[u] + in[o + u];
            for (int x = 0; x < wx; x++) tmp[v * wx + x] = c[x + px] - c[x];
        }
        for (int x = 0; x < wx; x++) {
            c[0] = 0;
            for (int v = 0; v < rows; v++) c[v + 1] = c[v] + tmp[v * wx + x];
            for (int y = 0; y < wy; y++) out[y * wx + x] = c[y + py] - c[y];
        }
    }

    /**
     * The adjoint: out[pixel] = Σ in[window] over the windows covering the pixel. {@code tmp} has ≥
     * wx·rows entries.
     */
    void adjoint(double[] in, double[] tmp, double[] out) {
        double[] c = line;
        for (int x = 0; x < wx; x++) {
            c[0] = 0;
            for (int y = 0; y < wy; y++) c[y + 1] = c[y] + in[y * wx + x];
            for (int v = 0; v < rows; v++) {
                int hi = Math.min(v, wy - 1) + 1, lo = Math.max(v - py + 1, 0);
                tmp[v * wx + x] = c[hi] - c[lo];
            }
        }
        for (int v = 0; v < rows; v++) {
            c[0] = 0;
            for (int x = 0; x < wx; x++) c[x + 1] = c[x] + tmp[v * wx + x];
            int o = v * cols;
            for (int u = 0; u < cols; u++) {
                int hi = Math.min(u, wx - 1) + 1, lo = Math.max(u - px + 1, 0);
                out[o + u] = c[hi] - c[lo];
            }
        }
    }
}
