package org.crossview.notebook.exercises;

import java.util.Random;
import org.crossview.image.Image;
import org.crossview.loss.GlobalNcc;

/**
 * Checks of the NCC exercises (DESIGN.md §4, with ε = 0): NCC(a, b) = cov(a, b)/sqrt(var a · var b) with population
 * (1/n) statistics. Answers: the analytic cases NCC(a, p·a + q) = sign(p), the library's {@link GlobalNcc} on random
 * images, and central finite differences for the gradient with respect to b.
 */
final class NccChecks {
    private NccChecks() {}

    static void ncc(Exercises.Ncc student) {
        Random random = new Random(13);
        double[] a = floats(random, 50);
        Expect.near("ncc(a, 2a + 3)", 1, Expect.call("ncc(a, 2a + 3)", () -> student.ncc(a, affine(a, 2, 3))), 1e-9,
                "an image and any positive affine change of it correlate perfectly: subtract the means and divide by both standard deviations");
        Expect.near("ncc(a, −0.5a + 7)", -1, Expect.call("ncc(a, −0.5a + 7)", () -> student.ncc(a, affine(a, -0.5, 7))), 1e-9,
                "a negative affine change gives −1");
        Expect.near("ncc(a + 100, a)", 1, Expect.call("ncc(a + 100, a)", () -> student.ncc(affine(a, 1, 100), a)), 1e-9,
                "adding a constant to a must not change NCC: subtract the means");
        GlobalNcc library = new GlobalNcc(0);
        for (int trial = 0; trial < 5; trial++) {
            double[] x = floats(random, 64), y = floats(random, 64);
            for (int i = 0; i < y.length; i++) y[i] = (float) (0.6 * x[i] + y[i]);
            double expected = library.value(image(x), image(y), null);
            Expect.near("ncc(a, b) of two random 8×8 images (trial " + (trial + 1) + ", library GlobalNcc)", expected,
                    Expect.call("ncc(a, b)", () -> student.ncc(x, y)), 1e-9, "use mean(z(a)·z(b)) with population variances (divide by n, not n − 1)");
        }
        Expect.pass("affine cases ±1, invariance to a constant, and 5 random pairs against the library");
    }

    static void gradient(Exercises.NccGradient student) {
        Random random = new Random(14);
        GlobalNcc library = new GlobalNcc(0);
        for (int trial = 0; trial < 3; trial++) {
            double[] a = floats(random, 30), b = floats(random, 30);
            for (int i = 0; i < b.length; i++) b[i] = (float) (0.5 * a[i] + b[i]);
            double[] got = Expect.call("nccGradient(a, b)", () -> student.nccGradient(a, b));
            if (got.length != b.length) Expect.fail("nccGradient(a, b) should have one value per pixel of b (" + b.length + "), got " + got.length, null);
            double[] fd = new double[b.length];
            double h = 1e-6;
            for (int i = 0; i < b.length; i++) {
                double[] plus = b.clone(), minus = b.clone();
                plus[i] += h;
                minus[i] -= h;
                fd[i] = (reference(a, plus) - reference(a, minus)) / (2 * h);
            }
            double scale = Expect.maxAbs(fd);
            Expect.near("∂NCC(a, b)/∂b by central finite differences (trial " + (trial + 1) + ")", Expect.indexNames("∂NCC/∂b", b.length), fd, got,
                    1e-6 * scale, "∂NCC/∂b_i = [(a_i − ā)/sqrt(var a·var b) − NCC·(b_i − b̄)/var b]/n");
            double sum = 0, alongB = 0, mean = mean(b);
            for (int i = 0; i < b.length; i++) {
                sum += got[i];
                alongB += got[i] * (b[i] - mean);
            }
            Expect.near("Σ_i ∂NCC/∂b_i (adding a constant to b does not change NCC)", 0, sum, 1e-5 * scale * b.length, null);
            Expect.near("Σ_i ∂NCC/∂b_i·(b_i − b̄) (scaling b does not change NCC)", 0, alongB, 1e-5 * scale * b.length, null);
            float[] libraryGradient = new float[b.length];
            library.evaluate(image(a), image(b), null, libraryGradient);
            double[] expected = new double[b.length];
            for (int i = 0; i < b.length; i++) expected[i] = libraryGradient[i];
            Expect.near("∂NCC(a, b)/∂b against the library's GlobalNcc", Expect.indexNames("∂NCC/∂b", b.length), expected, got, 1e-5 * scale, null);
        }
        Expect.pass("3 random pairs: finite differences, invariances and the library agree with your gradient");
    }

    /** The checker's own NCC in double precision (population statistics, ε = 0). */
    static double reference(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double[] affine(double[] x, double scale, double offset) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = scale * x[i] + offset;
        return y;
    }

    /** Random values that are exactly representable as floats, so the library (float images) sees the same inputs. */
    private static double[] floats(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (float) (2 + random.nextGaussian());
        return x;
    }

    private static Image image(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return new Image(x.length, 1, f);
    }
}
