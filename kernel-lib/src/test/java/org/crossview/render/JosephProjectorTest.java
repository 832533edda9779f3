package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * {@link Projector#JOSEPH}: its image against closed-form line integrals and the trilinear projector at a fine step,
 * its pose gradient against central differences of its own forward sum (stated independently below, in double),
 * and the same numbers with and without empty-space skipping and on any fork–join schedule.
 */
class JosephProjectorTest {
    private static final double MU = 0.02;

    private static CpuRenderer joseph(Volume vol, boolean skip) {
        return new CpuRenderer(vol, new RenderSettings(1.0, Projector.JOSEPH), skip);
    }

    /**
     * Joseph's sum from its definition, in double, sharing no code with the renderer: in the volume's index space the
     * ray is q(t) = o + t·e; a is the axis of largest |e_a|; one trilinear sample on every plane q_a = n (n = −1 .. size,
     * the planes where μ can be non-zero) with t in [0, distance to the detector], each weighted by 1/|e_a| mm.
     */
    static double[] referenceJoseph(Volume vol, Camera cam, Rigid volFromCam) {
        double[] out = new double[cam.cols() * cam.rows()];
        double[] s = volFromCam.apply(0, 0, 0);
        double[] o = vol.lpsToIndex(s[0], s[1], s[2]);
        int[] size = {vol.nx(), vol.ny(), vol.nz()};
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[] p = volFromCam.apply(cam.detectorPoint(u, v));
                double len = Math.sqrt(Math.pow(p[0] - s[0], 2) + Math.pow(p[1] - s[1], 2) + Math.pow(p[2] - s[2], 2));
                double[] q1 = vol.lpsToIndex(s[0] + (p[0] - s[0]) / len, s[1] + (p[1] - s[1]) / len, s[2] + (p[2] - s[2]) / len);
                double[] e = {q1[0] - o[0], q1[1] - o[1], q1[2] - o[2]}; // index units per mm along the ray
                int a = 0;
                for (int k = 1; k < 3; k++) {
                    if (Math.abs(e[k]) > Math.abs(e[a])) a = k;
                }
                double acc = 0;
                for (int n = -1; n <= size[a]; n++) {
                    double t = (n - o[a]) / e[a];
                    if (t < 0 || t > len) continue;
                    double[] q = {o[0] + t * e[0], o[1] + t * e[1], o[2] + t * e[2]};
                    q[a] = n;
                    acc += ReferenceDrr.trilinear(vol, q[0], q[1], q[2]);
                }
                out[v * cam.cols() + u] = acc / Math.abs(e[a]);
            }
        }
        return out;
    }

    /** Smooth blobs on an anisotropic grid with a rotated direction matrix (the chain through the index affine). */
    static Volume smoothVolume() {
        double[] dir = Rigid.exp(0.3, -0.2, 0.4, 0, 0, 0).rotation();
        double[] spacing = {0.9, 1.1, 1.3};
        int[] n = {40, 36, 32};
        double[] centreOffset = {-(n[0] - 1) / 2.0 * spacing[0], -(n[1] - 1) / 2.0 * spacing[1], -(n[2] - 1) / 2.0 * spacing[2]};
        double[] origin = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) origin[r] += dir[r * 3 + c] * centreOffset[c];
        }
        return Scenes.gaussians(n, spacing, origin, dir,
                new Scenes.Gaussian(new double[] {3, -2, 1}, 5, 0.03),
                new Scenes.Gaussian(new double[] {-5, 4, -2}, 3.5, 0.05),
                new Scenes.Gaussian(new double[] {1, 6, 4}, 2.5, 0.04));
    }

    /** Poses whose rays have each index axis dominant somewhere, and both signs. */
    private static Rigid[] poses() {
        return new Rigid[] {
            Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.1, -0.2, 0.3),
            Scenes.lookAt(new double[] {2, -3, 1}, 230, 1.2, 0.5, -0.4),
            Scenes.lookAt(new double[] {-1, 2, -2}, 270, -0.7, 2.0, 1.1),
            Scenes.lookAt(new double[] {1, 0, -1}, 240, 0, 1.6, 0),
            Scenes.lookAt(new double[] {0, 1, 0}, 260, -1.5, 0, 0.2),
        };
    }

    private static Image[] weights(Camera cam, int poses, long seed) {
        Random rnd = new Random(seed);
        Image[] w = new Image[poses];
        for (int p = 0; p < poses; p++) {
            float[] x = new float[cam.cols() * cam.rows()];
            for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() + 0.3);
            w[p] = new Image(cam.cols(), cam.rows(), x);
        }
        return w;
    }

    private static double weightedSum(double[] im, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * im[i];
        return s;
    }

    /** The reference reads the volume as the renderer stores it, 16-bit codes ({@link Scenes#asStored}). */
    @Test
    void imagesMatchTheDoublePrecisionStatementOfTheSum() {
        Volume vol = Scenes.asStored(smoothVolume(), VoxelFormat.U16);
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid[] poses = poses();
        Image[] drr = new CpuRenderer(smoothVolume(), new RenderSettings(1.0, Projector.JOSEPH)).render(cam, poses);
        for (int p = 0; p < poses.length; p++) {
            double[] ref = referenceJoseph(vol, cam, poses[p]);
            double max = 0, worst = 0;
            for (double x : ref) max = Math.max(max, x);
            for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(drr[p].data()[i] - ref[i]));
            System.out.printf("pose %d: joseph vs double statement, worst |difference| %.2e of max %.3f%n", p, worst, max);
            assertTrue(max > 0.1, "the blobs should be in view");
            assertTrue(worst < 2e-6 * max, "pose " + p + ": float renderer vs reference " + worst);
        }
    }

    @Test
    void poseGradientMatchesFiniteDifferencesOfTheJosephSum() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid[] poses = poses();
        Image[] w = weights(cam, poses.length, 7);
        double[][] grad = joseph(vol, true).poseGradient(cam, poses, w);
        for (int p = 0; p < poses.length; p++) {
            float[] wp = w[p].data();
            double[] fd = PoseDifferences.central(poses[p], pose -> weightedSum(referenceJoseph(vol, cam, pose), wp));
            PoseDifferences.assertMatches(fd, grad[p], "pose " + p);
        }
    }

    @Test
    void perPixelJacobianMatchesFiniteDifferences() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(10, 8, 3, 3, 450);
        Rigid pose = Scenes.lookAt(new double[] {1, 0, -1}, 240, 0.4, -0.9, 0.2);
        double[][] jac = joseph(vol, true).jacobian(cam, pose);
        int checked = 0;
        for (int c = 0; c < 6; c++) {
            double h = c < 3 ? 1e-7 : 1e-6;
            double[] xi = new double[6];
            xi[c] = h;
            double[] ip = referenceJoseph(vol, cam, pose.perturbRight(xi));
            xi[c] = -h;
            double[] im = referenceJoseph(vol, cam, pose.perturbRight(xi));
            double scale = 0;
            for (double[] row : jac) scale = Math.max(scale, Math.abs(row[c]));
            for (int i = 0; i < jac.length; i++) {
                double fd = (ip[i] - im[i]) / (2 * h);
                if (Math.abs(fd) > 0.1 * scale) {
                    assertEquals(fd, jac[i][c], 1e-3 * Math.abs(fd), "pixel " + i + " component " + c);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "too few pixel derivatives compared: " + checked);
    }

    @Test
    void uniformCubeGivesTheExactSlabIntegral() {
        // Every plane of a uniform n-voxel cube crossed by the ray adds μ, the padding planes 0, so an axis-dominant ray
        // through both end faces sums n·μ·h/|cos|: the slab's exact line integral.
        int n = 20;
        float[] d = new float[n * n * n];
        java.util.Arrays.fill(d, (float) MU);
        Volume vol = new Volume(n, n, n, new double[] {0.5, 0.5, 0.5}, new double[] {-4.75, -4.75, -4.75}, d);
        Camera cam = Camera.centred(5, 5, 1, 1, 500);
        Rigid pose = Rigid.translation(0, 0, 250);
        Image im = joseph(vol, true).render(cam, pose);
        for (int v = 0; v < 5; v++) {
            for (int u = 0; u < 5; u++) {
                double[][] ray = Scenes.ray(cam, pose, u, v);
                double want = MU * 10 / Math.abs(ray[1][2]);
                assertEquals(want, im.get(u, v), 1e-6 * want, "pixel " + u + "," + v);
            }
        }
    }

    @Test
    void gaussianBlobMatchesClosedFormAndTheTrilinearProjectorAtAFineStep() {
        Scenes.Gaussian g = new Scenes.Gaussian(new double[] {0.7, -1.1, 0.4}, 3.0, 0.05);
        double h = 0.5;
        Volume vol = Scenes.compensatedGaussian(g, 64, h, h * h / 6);
        Camera cam = Camera.centred(20, 20, 1.2, 1.2, 500);
        for (double[] omega : new double[][] {{0.6, 0.3, -0.2}, {0, 0.78, 0}, {0.5, 0.6, 0.7}}) {
            Rigid pose = Scenes.lookAt(g.c(), 300, omega);
            Image j = joseph(vol, true).render(cam, pose);
            Image fine = new CpuRenderer(vol, new RenderSettings(0.02)).render(cam, pose);
            Image usual = new CpuRenderer(vol, new RenderSettings(0.75 * h)).render(cam, pose); // the benchmark's default step
            double worst = 0, worstFine = 0, worstUsual = 0, peak = 0;
            for (int v = 0; v < cam.rows(); v++) {
                for (int u = 0; u < cam.cols(); u++) {
                    double[][] ray = Scenes.ray(cam, pose, u, v);
                    double want = g.lineIntegral(ray[0], ray[1]);
                    peak = Math.max(peak, want);
                    worst = Math.max(worst, Math.abs(j.get(u, v) - want));
                    worstFine = Math.max(worstFine, Math.abs(j.get(u, v) - fine.get(u, v)));
                    worstUsual = Math.max(worstUsual, Math.abs(usual.get(u, v) - want));
                }
            }
            System.out.printf("gaussian, ω = (%.2f, %.2f, %.2f), worst error of peak: joseph vs closed form %.2e (trilinear at 0.75 voxel %.2e),"
                    + " vs trilinear at 0.02 mm %.2e%n", omega[0], omega[1], omega[2], worst / peak, worstUsual / peak, worstFine / peak);
            // Same bound as the trilinear projector at about a voxel (LineIntegralTest); at 45° (the second pose) the
            // planes meet the cells at one phase, Joseph's worst case.
            assertTrue(worst < 1e-2 * peak, "joseph vs closed form: " + worst / peak);
            assertTrue(worstFine < 2e-3 * peak, "joseph vs trilinear at a fine step: " + worstFine / peak);
        }
    }

    @Test
    void uniformSphereMatchesItsChords() {
        double r = 12;
        double[] c = {0, 0, 0};
        Camera cam = Camera.centred(24, 24, 0.9, 0.9, 500);
        Rigid pose = Scenes.lookAt(c, 250, 0.3, -0.2, 0.5);
        Volume vol = Scenes.partialVolume(Scenes.sphere(c, r), MU, 112, 0.25, 8);
        Image im = joseph(vol, true).render(cam, pose);
        double worst = 0, sum2 = 0;
        int used = 0;
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[][] ray = Scenes.ray(cam, pose, u, v);
                double want = MU * Scenes.chord(Scenes.sphere(c, r), ray[0], ray[1]);
                if (want < 0.87 * 2 * MU * r) continue; // chords well inside the sphere (as in LineIntegralTest)
                double e = Math.abs(im.get(u, v) - want) / want;
                worst = Math.max(worst, e);
                sum2 += e * e;
                used++;
            }
        }
        System.out.printf("sphere r = 12 mm, voxel 0.25 mm, joseph: relative error worst %.2e, rms %.2e over %d pixels%n", worst, Math.sqrt(sum2 / used), used);
        assertTrue(used > 20, "too few pixels: " + used);
        assertTrue(Math.sqrt(sum2 / used) < 1e-3 && worst < 3e-3, "sphere: worst " + worst);
    }

    @Test
    void skippingAndTheThreadScheduleLeaveTheNumbersUnchanged() throws Exception {
        Volume vol = EmptySpaceSkippingTest.sparseVolume(EmptySpaceSkippingTest.A, EmptySpaceSkippingTest.B);
        Camera cam = Camera.centred(48, 40, 3.0, 3.0, 500);
        Rigid[] poses = EmptySpaceSkippingTest.poses();
        CpuRenderer skip = joseph(vol, true), all = joseph(vol, false);
        long marched = skip.sampleCount(cam, poses), every = all.sampleCount(cam, poses);
        System.out.printf("joseph: %d of %d samples marched (%.1f%%)%n", marched, every, 100.0 * marched / every);
        assertTrue(marched < every / 4, "skipping should leave out most samples of a mostly empty volume: " + marched + " of " + every);
        Image[] a = skip.render(cam, poses), b = all.render(cam, poses);
        double peak = 0;
        for (int p = 0; p < poses.length; p++) {
            assertArrayEquals(b[p].data(), a[p].data(), "pose " + p + ": image changed by skipping");
            peak = Math.max(peak, b[p].max());
        }
        assertTrue(peak > 0.1, "the blobs should be in view (peak " + peak + ")");
        Image[] w = weights(cam, poses.length, 11);
        double[][] ga = skip.poseGradient(cam, poses, w), gb = all.poseGradient(cam, poses, w);
        for (int p = 0; p < poses.length; p++) assertArrayEquals(gb[p], ga[p], "pose " + p + ": gradient changed by skipping");
        double[][] ja = skip.jacobian(cam, poses[1]), jb = all.jacobian(cam, poses[1]);
        for (int i = 0; i < ja.length; i++) assertArrayEquals(jb[i], ja[i], "pixel " + i + ": Jacobian changed by skipping");

        // A volume with no empty brick: one run per ray, whose ends fall on voxel planes (and so on brick faces).
        Volume full = smoothVolume();
        Camera small = Camera.centred(24, 20, 1.6, 1.6, 450);
        Image[] fs = joseph(full, true).render(small, poses()), fa = joseph(full, false).render(small, poses());
        for (int p = 0; p < fs.length; p++) assertArrayEquals(fa[p].data(), fs[p].data(), "full volume, pose " + p + ": image changed by skipping");

        // One worker instead of the common pool's: same images and gradients to the bit.
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            Image[] a1 = one.submit(() -> skip.render(cam, poses)).get();
            double[][] g1 = one.submit(() -> skip.poseGradient(cam, poses, w)).get();
            for (int p = 0; p < poses.length; p++) {
                assertArrayEquals(a[p].data(), a1[p].data(), "pose " + p + ": image depends on the schedule");
                assertArrayEquals(ga[p], g1[p], "pose " + p + ": gradient depends on the schedule");
            }
        } finally {
            one.shutdown();
        }
    }

    @Test
    void selectedByNameAndRejectedByTheOpenClBackEnd() {
        Volume vol = smoothVolume();
        assertEquals("joseph", Renderers.create("joseph", vol, RenderSettings.defaults()).name());
        assertEquals("cpu", Renderers.create("cpu", vol, RenderSettings.defaults()).name());
        if (!org.crossview.render.opencl.OpenClDevices.available()) return; // nothing to reject here
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Renderers.create("opencl", vol, RenderSettings.defaults().withProjector(Projector.JOSEPH)));
        assertTrue(e.getMessage().contains("joseph"), e.getMessage());
    }
}
