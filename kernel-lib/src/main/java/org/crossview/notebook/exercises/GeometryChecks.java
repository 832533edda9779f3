package org.crossview.notebook.exercises;

import java.util.Random;
import org.crossview.geometry.Camera;

/**
 * Checks of the pinhole exercises (DESIGN.md §2): a camera point X lands at pixel dehomog(K·X), and binning by b
 * maps pixel u to (u − (b−1)/2)/b. The answers come from the detector points −f·K⁻¹(u, v, 1) (a point on pixel
 * (u, v)'s ray must project to (u, v)) and from DeepFluoro's published 8× intrinsics.
 */
final class GeometryChecks {
    private GeometryChecks() {}

    static void projection(Exercises.Projection student) {
        Camera full = Camera.deepFluoroFullRes();
        double[] onAxis = Expect.call("project(K, (0, 0, −750))", () -> student.project(full.intrinsic(), new double[] {0, 0, -750}));
        Expect.near("project(K, (0, 0, −750)), a point on the optical axis,", new String[] {"u", "v"}, new double[] {full.cx(), full.cy()}, onAxis, 1e-6,
                "it must land on the principal point (cx, cy)");
        Random random = new Random(11);
        Camera offCentre = new Camera(300, 200, -1200, -1100, 140.3, 92.7, 1000);
        for (Camera camera : new Camera[] {full, offCentre}) {
            for (int n = 0; n < 20; n++) {
                double u = random.nextDouble() * camera.cols(), v = random.nextDouble() * camera.rows(), s = 0.3 + 0.9 * random.nextDouble();
                double[] d = camera.detectorPoint(u, v);
                double[] x = {s * d[0], s * d[1], s * d[2]};
                double[] uv = Expect.call("project(K, X)", () -> student.project(camera.intrinsic(), x));
                Expect.near("project(K, X) for X = " + Expect.vec(x) + " on the ray of pixel (u, v), with K = " + camera,
                        new String[] {"u", "v"}, new double[] {u, v}, uv, 1e-6 * (1 + Math.abs(u) + Math.abs(v)),
                        "divide by the third coordinate w = z of K·X (z < 0 in front of the source; fx, fy are negative)");
            }
        }
        Expect.pass("pixels of 40 points on known rays, on- and off-centre K");
    }

    static void binning(Exercises.Binning student) {
        Camera full = Camera.deepFluoroFullRes();
        double[] k8 = Expect.call("binnedIntrinsics(K, 8)", () -> student.binnedIntrinsics(full.intrinsic(), 8));
        if (k8.length != 9) Expect.fail("binnedIntrinsics must return a row-major 3×3 matrix (9 values), got " + k8.length, null);
        // DESIGN.md §2: 8× DeepFluoro is 192² pixels of 1.552 mm, fx = −1020/1.552 = −657.2165, cx = 95.5.
        Expect.near("DeepFluoro 8×: fx", -1020 / 1.552, k8[0], 1e-3, "binning by b makes pixels b times larger, so fx = −f/(b·pixel)");
        Expect.near("DeepFluoro 8×: fy", -1020 / 1.552, k8[4], 1e-3, "fy scales like fx");
        Expect.near("DeepFluoro 8×: cx", 95.5, k8[2], 1e-9, "the centre of a 192-pixel row is at 95.5: u' = (u − (b−1)/2)/b, not u/b");
        Expect.near("DeepFluoro 8×: cy", 95.5, k8[5], 1e-9, "the centre of a 192-pixel column is at 95.5: v' = (v − (b−1)/2)/b");
        Expect.near("DeepFluoro 8×: K[2][2]", 1, k8[8], 1e-12, "the last row of K stays (0, 0, 1)");
        Random random = new Random(12);
        Camera camera = new Camera(300, 200, -1200, -1100, 140.3, 92.7, 1000);
        for (int b : new int[] {2, 3, 4}) {
            double[] kb = Expect.call("binnedIntrinsics(K, " + b + ")", () -> student.binnedIntrinsics(camera.intrinsic(), b));
            for (int n = 0; n < 10; n++) {
                double[] x = {random.nextGaussian() * 60, random.nextGaussian() * 60, -400 - 400 * random.nextDouble()};
                double[] uv = camera.project(x);
                double[] expected = {(uv[0] - (b - 1) / 2.0) / b, (uv[1] - (b - 1) / 2.0) / b};
                double[] got = {(kb[0] * x[0] + kb[1] * x[1] + kb[2] * x[2]) / x[2], (kb[4] * x[1] + kb[5] * x[2]) / x[2]};
                Expect.near("binning by " + b + ": the pixel of X = " + Expect.vec(x) + " under your K'", new String[] {"u'", "v'"}, expected, got,
                        1e-6, "it must be the full-resolution pixel mapped by u' = (u − (b−1)/2)/b");
            }
        }
        Expect.pass("DeepFluoro's 8× intrinsics, and pixels under binning by 2, 3 and 4 of an off-centre K");
    }
}
