package org.crossview.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link GaussianBlur} against its analytic moments and against the blur written out pixel by pixel, tap by tap. */
class GaussianBlurTest {
    @Test
    void hasUnitMassAndTheRequestedWidth() {
        Image delta = new Image(41, 41);
        delta.set(20, 20, 1);
        double sigma = 2.3;
        Image b = GaussianBlur.of(delta, sigma);
        double mass = 0, m2 = 0;
        for (int v = 0; v < 41; v++) {
            for (int u = 0; u < 41; u++) {
                mass += b.get(u, v);
                m2 += b.get(u, v) * (u - 20) * (u - 20);
            }
        }
        assertEquals(1, mass, 1e-5);
        assertEquals(sigma * sigma, m2, sigma * sigma * 0.02);
        assertEquals(b.get(17, 20), b.get(23, 20), 1e-7);
        assertEquals(0, delta.get(19, 20), "of() leaves its input alone");
    }

    /** Kernels wider than the image (σ = 9 on 13 × 7) too: clamped edges repeat the border pixel. */
    @Test
    void isTheClampedSeparableSumPixelByPixel() {
        SplittableRandom rng = new SplittableRandom(3);
        for (double sigma : new double[] {0.4, 1.7, 9}) {
            int cols = 13, rows = 7;
            float[] x = new float[cols * rows];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 5);
            float[] got = x.clone();
            GaussianBlur.inPlace(got, cols, rows, sigma);
            assertArrayEquals(direct(x, cols, rows, sigma), got, 0f, "σ " + sigma);
        }
    }

    @Test
    void smallSigmaIsANoOp() {
        float[] x = {1, 2, 3, 4};
        float[] same = x;
        GaussianBlur.inPlace(x, 2, 2, 0.05);
        assertSame(same, x);
        assertArrayEquals(new float[] {1, 2, 3, 4}, x, 0f);
    }

    /** The blur as written before its loops were turned tap-major: per pixel, the taps summed in order, edges clamped. */
    private static float[] direct(float[] x, int cols, int rows, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        float[] tmp = new float[x.length], out = new float[x.length];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * x[v * cols + Math.min(Math.max(u + i, 0), cols - 1)];
                tmp[v * cols + u] = (float) s;
            }
        }
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int i = -r; i <= r; i++) s += k[i + r] * tmp[Math.min(Math.max(v + i, 0), rows - 1) * cols + u];
                out[v * cols + u] = (float) s;
            }
        }
        return out;
    }
}
