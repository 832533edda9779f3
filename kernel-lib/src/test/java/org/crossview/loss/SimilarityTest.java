package org.crossview.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimilarityTest {

    static Stream<Arguments> similarities() {
        return Stream.of(
                Arguments.of(new GlobalNcc()),
                Arguments.of(new PatchNcc(3)),
                Arguments.of(new PatchNcc(5)),
                Arguments.of(new PatchNcc(13)),
                Arguments.of(new PatchNcc(40)), // larger than the test images: clamped
                Arguments.of(MultiscaleNcc.diffPose()),
                Arguments.of(new GradientNcc(5, 1.0)),
                Arguments.of(new GradientNcc(new GlobalNcc(), 0.7)),
                Arguments.of(Similarities.mnccAndGradient()));
    }

    /** Central differences on the float image, using the perturbation actually stored. */
    static void checkGradient(ImageSimilarity s, Image fixed, Image moving, Image mask, long seed) {
        float[] g = new float[moving.data().length];
        s.evaluate(fixed, moving, mask, g);
        double gmax = 0;
        for (float x : g) gmax = Math.max(gmax, Math.abs(x));
        assertTrue(gmax > 0, s.name() + ": gradient is identically zero");
        Random r = new Random(seed);
        float[] b = moving.data();
        int checked = 0;
        for (int t = 0; t < 12; t++) {
            int i = r.nextInt(b.length);
            float orig = b[i];
            float up = orig + 1e-2f, dn = orig - 1e-2f;
            b[i] = up;
            double fu = s.value(fixed, moving, mask);
            b[i] = dn;
            double fd = s.value(fixed, moving, mask);
            b[i] = orig;
            double numeric = (fu - fd) / ((double) up - dn);
            assertEquals(numeric, g[i], 2e-3 * gmax + 1e-4 * Math.abs(numeric),
                    s.name() + ": ∂S/∂moving at pixel " + i + " (" + moving.cols() + "x" + moving.rows() + ", mask " + (mask != null) + ")");
            checked++;
        }
        assertEquals(12, checked);
    }

    @ParameterizedTest
    @MethodSource("similarities")
    void gradientMatchesFiniteDifferences(ImageSimilarity s) {
        int[][] sizes = {{16, 16}, {23, 17}, {9, 30}};
        long seed = 1;
        for (int[] sz : sizes) {
            Image fixed = TestImages.smooth(sz[0], sz[1], seed++);
            Image moving = TestImages.smooth(sz[0], sz[1], seed++);
            // moving correlated with fixed, so the value is far from 0 and all terms matter
            float[] m = moving.data(), f = fixed.data();
            for (int i = 0; i < m.length; i++) m[i] = 0.6f * f[i] + 0.4f * m[i];
            checkGradient(s, fixed, moving, null, seed);
            checkGradient(s, fixed, moving, TestImages.mask(sz[0], sz[1]), seed + 100);
        }
    }

    @ParameterizedTest
    @MethodSource("similarities")
    void identicalInvertedAndAffine(ImageSimilarity s) {
        Image a = TestImages.smooth(24, 20, 7);
        Image mask = TestImages.mask(24, 20);
        double tol = 5e-4; // ε is 1e-4 of the variance
        assertEquals(1, s.value(a, a, null), tol, s.name() + "(a, a)");
        assertEquals(-1, s.value(a, TestImages.affine(a, -1, 0), null), tol, s.name() + "(a, −a)");
        // masked: windows on the rim hold one or two pixels of little weight, nearly flat, and score below 1
        assertEquals(1, s.value(a, a, mask), 5e-3, s.name() + "(a, a) masked");
        Image b = TestImages.smooth(24, 20, 8);
        double ab = s.value(a, b, mask);
        assertTrue(Math.abs(ab) < 0.9, s.name() + ": unrelated images should not look identical, got " + ab);
        // affine intensity changes of either image leave the value unchanged (ε is relative)
        assertEquals(ab, s.value(TestImages.affine(a, 3.5, -20), TestImages.affine(b, 0.02, 4), mask), 1e-4, s.name() + " affine");
        assertEquals(-ab, s.value(a, TestImages.affine(b, -2, 1), mask), 1e-4, s.name() + " negated");
    }

    @Test
    void patchNccEqualsBruteForceMeanOfWindowNcc() {
        Image a = TestImages.smooth(14, 11, 3), b = TestImages.smooth(14, 11, 4);
        for (int p : new int[] {1, 2, 5, 11}) {
            double sum = 0;
            int count = 0;
            for (int y = 0; y + p <= 11; y++) {
                for (int x = 0; x + p <= 14; x++) {
                    sum += windowNcc(a, b, x, y, p, PatchNcc.DEFAULT_EPS_REL * variance(a), PatchNcc.DEFAULT_EPS_REL * variance(b));
                    count++;
                }
            }
            assertEquals(sum / count, new PatchNcc(p).value(a, b, null), 1e-9, "patch " + p);
        }
    }

    private static double variance(Image im) {
        double m = im.mean(), s = 0;
        for (float x : im.data()) s += (x - m) * (x - m);
        return s / im.data().length;
    }

    /** Independent per-window NCC from the definition mean(z(a)·z(b)). */
    private static double windowNcc(Image a, Image b, int x0, int y0, int p, double epsA, double epsB) {
        double ma = 0, mb = 0;
        for (int y = y0; y < y0 + p; y++) for (int x = x0; x < x0 + p; x++) {
            ma += a.get(x, y);
            mb += b.get(x, y);
        }
        ma /= p * p;
        mb /= p * p;
        double va = 0, vb = 0;
        for (int y = y0; y < y0 + p; y++) for (int x = x0; x < x0 + p; x++) {
            va += (a.get(x, y) - ma) * (a.get(x, y) - ma);
            vb += (b.get(x, y) - mb) * (b.get(x, y) - mb);
        }
        va /= p * p;
        vb /= p * p;
        double s = 0;
        for (int y = y0; y < y0 + p; y++) for (int x = x0; x < x0 + p; x++) {
            s += (a.get(x, y) - ma) / Math.sqrt(va + epsA) * (b.get(x, y) - mb) / Math.sqrt(vb + epsB);
        }
        return s / (p * p);
    }

    @Test
    void binaryMaskRestrictsGlobalNccToItsPixels() {
        Image a = TestImages.smooth(20, 20, 5), b = TestImages.smooth(20, 20, 6);
        float[] m = new float[400];
        int n = 0;
        for (int i = 0; i < 400; i++) if ((i * 7) % 3 == 0) {
            m[i] = 1;
            n++;
        }
        float[] sa = new float[n], sb = new float[n];
        for (int i = 0, k = 0; i < 400; i++) if (m[i] == 1) {
            sa[k] = a.data()[i];
            sb[k++] = b.data()[i];
        }
        GlobalNcc ncc = new GlobalNcc();
        assertEquals(ncc.value(new Image(n, 1, sa), new Image(n, 1, sb), null), ncc.value(a, b, new Image(20, 20, m)), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("similarities")
    void degenerateInputsGiveDefinedValuesOrClearErrors(ImageSimilarity s) {
        Image a = TestImages.smooth(16, 16, 9);
        float[] g = new float[256];
        // constant images: 0, with a zero gradient, never NaN
        assertEquals(0, s.evaluate(a, TestImages.constant(16, 16, 3f), null, g), 0, s.name() + " constant moving");
        for (float x : g) assertEquals(0, x, 0);
        assertEquals(0, s.evaluate(TestImages.constant(16, 16, 0f), a, null, g), 0, s.name() + " constant fixed");
        // 1×1 images: a single pixel has no variance
        Image one = new Image(1, 1, new float[] {2f});
        float[] g1 = new float[1];
        assertEquals(0, s.evaluate(one, new Image(1, 1, new float[] {5f}), null, g1), 0, s.name() + " 1x1");
        assertEquals(0, g1[0], 0);
        // NaN, size mismatch, bad mask: clear errors naming the argument
        Image nan = a.copy();
        nan.data()[17] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.evaluate(a, nan, null, g));
        assertTrue(e.getMessage().contains("moving image") && e.getMessage().contains("(1,1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.evaluate(nan, a, null, g));
        assertTrue(e.getMessage().contains("fixed image"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.evaluate(a, TestImages.smooth(16, 15, 1), null, g));
        e = assertThrows(IllegalArgumentException.class, () -> s.evaluate(a, a, TestImages.constant(16, 16, 0f), g));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.evaluate(a, a, TestImages.constant(16, 16, -1f), g));
    }

    @Test
    void multiscaleIsTheWeightedSum() {
        Image a = TestImages.smooth(20, 18, 11), b = TestImages.smooth(20, 18, 12);
        double expect = 0.5 * new GlobalNcc().value(a, b, null) + 0.5 * new PatchNcc(13).value(a, b, null);
        assertEquals(expect, Similarities.mncc().value(a, b, null), 1e-12);
        MultiscaleNcc m = new MultiscaleNcc(List.of(new PatchNcc(3), new PatchNcc(7)), new double[] {0.25, 2});
        assertEquals(0.25 * new PatchNcc(3).value(a, b, null) + 2 * new PatchNcc(7).value(a, b, null), m.value(a, b, null), 1e-12);
    }

    @Test
    void gradientNccSeesEdgesNotIntensities() {
        // a ramp has a constant gradient: with a step added, gradient NCC against the step alone is high
        int n = 24;
        float[] step = new float[n * n], ramp = new float[n * n];
        for (int v = 0; v < n; v++) for (int u = 0; u < n; u++) {
            step[v * n + u] = (u > 11 ? 1f : 0f) + (v > 7 ? 0.5f : 0f);
            ramp[v * n + u] = step[v * n + u] + 0.02f * u * u;
        }
        Image a = new Image(n, n, step), b = new Image(n, n, ramp);
        double g = new GradientNcc(new GlobalNcc(), 1.0).value(a, b, null);
        assertTrue(g > 0.5, "gradient NCC of step vs step+ramp: " + g);
    }

    @Test
    void batchedEvaluationMatchesOneByOne() {
        Image[] f = new Image[3], m = new Image[3];
        for (int i = 0; i < 3; i++) {
            f[i] = TestImages.smooth(16, 16, 20 + i);
            m[i] = TestImages.smooth(16, 16, 30 + i);
        }
        Similarity[] all = Similarities.evaluateAll(Similarities.mncc(), f, m, new Image[] {null, TestImages.mask(16, 16), null});
        for (int i = 0; i < 3; i++) {
            Similarity one = Similarities.mncc().evaluate(f[i], m[i], i == 1 ? TestImages.mask(16, 16) : null);
            assertEquals(one.value(), all[i].value(), 0);
            assertEquals(one.gradient(), all[i].gradient());
        }
    }

    @Test
    void lossAndGradientIsOneMinusSimilarity() {
        Image a = TestImages.smooth(16, 16, 40), b = TestImages.smooth(16, 16, 41);
        ImageSimilarity s = Similarities.mncc();
        Similarity sim = s.evaluate(a, b, null);
        float[] g = new float[256];
        assertEquals(1 - sim.value(), s.lossAndGradient(a, b, null, g), 1e-15);
        for (int i = 0; i < 256; i++) assertEquals(-sim.gradient().data()[i], g[i], 0);
        assertEquals("patch-ncc-9", Similarities.byName("patch9").name());
        assertThrows(IllegalArgumentException.class, () -> Similarities.byName("mse"));
    }
}
