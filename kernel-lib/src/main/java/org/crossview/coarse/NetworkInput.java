package org.crossview.coarse;

import org.crossview.image.Image;

/**
 * The preprocessing every image takes on its way into the network, whether a training DRR or a real
 * X-ray: the image must already be in the log domain (a line integral: DRRs are; X-rays after
 * −log(I/I0)); it is brought to the network's square size (block averaging for an integer factor,
 * bilinear otherwise — the camera must be resized the same way, see {@link org.crossview.geometry.Camera#resized}),
 * then standardised per image (zero mean, unit variance), which removes I0 and global contrast.
 */
public final class NetworkInput {
    private NetworkInput() {}

    /** Resized to size×size and standardised; a new array. */
    public static float[] prepare(Image logImage, int size) {
        Image r = resize(logImage, size, size);
        float[] out = r.data() == logImage.data() ? r.data().clone() : r.data();
        standardise(out);
        return out;
    }

    /** In place: (x − mean)/sd; a constant image becomes all zeros. */
    public static void standardise(float[] x) {
        double m = 0;
        for (float v : x) m += v;
        m /= x.length;
        double s = 0;
        for (float v : x) s += (v - m) * (v - m);
        double sd = Math.sqrt(s / x.length);
        double inv = sd > 1e-12 ? 1 / sd : 0;
        for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - m) * inv);
    }

    /** Resampling over the same detector area (pixel centres follow Camera.resized). */
    public static Image resize(Image in, int cols, int rows) {
        if (in.cols() == cols && in.rows() == rows) return in;
        if (in.cols() % cols == 0 && in.rows() % rows == 0 && in.cols() / cols == in.rows() / rows) return bin(in, in.cols() / cols);
        float[] out = new float[cols * rows];
        double sx = (double) in.cols() / cols, sy = (double) in.rows() / rows;
        for (int v = 0; v < rows; v++) {
            double y = Math.min(Math.max((v + 0.5) * sy - 0.5, 0), in.rows() - 1);
            int y0 = Math.min((int) y, in.rows() - 2 < 0 ? 0 : in.rows() - 2);
            double fy = in.rows() == 1 ? 0 : y - y0;
            for (int u = 0; u < cols; u++) {
                double x = Math.min(Math.max((u + 0.5) * sx - 0.5, 0), in.cols() - 1);
                int x0 = Math.min((int) x, in.cols() - 2 < 0 ? 0 : in.cols() - 2);
                double fx = in.cols() == 1 ? 0 : x - x0;
                int x1 = Math.min(x0 + 1, in.cols() - 1), y1 = Math.min(y0 + 1, in.rows() - 1);
                double a = in.get(x0, y0) * (1 - fx) + in.get(x1, y0) * fx;
                double b = in.get(x0, y1) * (1 - fx) + in.get(x1, y1) * fx;
                out[v * cols + u] = (float) (a * (1 - fy) + b * fy);
            }
        }
        return new Image(cols, rows, out);
    }

    /** Averages factor×factor blocks (matches Camera.binned). */
    public static Image bin(Image in, int factor) {
        int cols = in.cols() / factor, rows = in.rows() / factor;
        float[] out = new float[cols * rows];
        float[] d = in.data();
        double norm = 1.0 / (factor * factor);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int dv = 0; dv < factor; dv++) {
                    int row = (v * factor + dv) * in.cols() + u * factor;
                    for (int du = 0; du < factor; du++) s += d[row + du];
                }
                out[v * cols + u] = (float) (s * norm);
            }
        }
        return new Image(cols, rows, out);
    }
}
