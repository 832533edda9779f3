package org.crossview.loss;

import java.util.Random;
import org.crossview.image.Image;

/** Seeded test images: smooth random fields plus noise, so every patch has texture. */
final class TestImages {
    private TestImages() {}

    static Image smooth(int cols, int rows, long seed) {
        Random r = new Random(seed);
        double[][] c = new double[6][4];
        for (double[] k : c) for (int i = 0; i < 4; i++) k[i] = r.nextGaussian();
        float[] d = new float[cols * rows];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (double[] k : c) s += k[0] * Math.sin(0.7 * k[1] * u + 0.9 * k[2] * v + k[3]);
                d[v * cols + u] = (float) (1.5 + 0.5 * s + 0.2 * r.nextGaussian());
            }
        }
        return new Image(cols, rows, d);
    }

    /** A mask with weights in [0, 1]: a disc of ones with a soft rim and some zeros. */
    static Image mask(int cols, int rows) {
        float[] d = new float[cols * rows];
        double cx = (cols - 1) / 2.0, cy = (rows - 1) / 2.0, r = 0.4 * Math.max(cols, rows);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double dist = Math.hypot(u - cx, v - cy);
                d[v * cols + u] = (float) Math.max(0, Math.min(1, (r - dist) / 2));
            }
        }
        return new Image(cols, rows, d);
    }

    static Image affine(Image im, double scale, double offset) {
        float[] s = im.data(), d = new float[s.length];
        for (int i = 0; i < s.length; i++) d[i] = (float) (scale * s[i] + offset);
        return new Image(im.cols(), im.rows(), d);
    }

    static Image constant(int cols, int rows, float value) {
        float[] d = new float[cols * rows];
        java.util.Arrays.fill(d, value);
        return new Image(cols, rows, d);
    }
}
