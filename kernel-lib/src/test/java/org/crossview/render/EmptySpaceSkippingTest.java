package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * Empty-space skipping leaves out exact zeros only: the same images and pose gradients as marching every
 * sample, on volumes that are mostly air, and the same answers as closed-form line integrals.
 */
class EmptySpaceSkippingTest {
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** Two compact Gaussian blobs in opposite corners of a 112³ grid of 1 mm, zero beyond 6σ: mostly empty bricks. */
    static Volume sparseVolume(Scenes.Gaussian... blobs) {
        int n = 112;
        double o = -(n - 1) / 2.0;
        Volume v = Scenes.gaussians(new int[] {n, n, n}, new double[] {1, 1, 1}, new double[] {o, o, o}, IDENTITY, blobs);
        float[] d = v.data();
        double floor = 0;
        for (Scenes.Gaussian g : blobs) floor = Math.max(floor, g.amp() * Math.exp(-18)); // 6σ
        for (int i = 0; i < d.length; i++) {
            if (d[i] < floor) d[i] = 0;
        }
        return v;
    }

    static final Scenes.Gaussian A = new Scenes.Gaussian(new double[] {-30, -25, 28}, 3.5, 0.03);
    static final Scenes.Gaussian B = new Scenes.Gaussian(new double[] {27, 31, -26}, 4.0, 0.02);

    static Rigid[] poses() {
        return new Rigid[] {
            Scenes.lookAt(new double[] {0, 0, 0}, 300, 0.1, -0.2, 0.3),
            Scenes.lookAt(new double[] {5, -3, 2}, 260, 1.2, 0.5, -0.4),
            Scenes.lookAt(new double[] {-4, 2, -6}, 320, -0.7, 2.0, 1.1),
            Scenes.lookAt(new double[] {0, 0, 0}, 280, Math.PI / 2, 0, 0), // axis-aligned rays: DDA steps along one axis
            Scenes.lookAt(new double[] {0, 0, 0}, 280, 0, 0, 0),
        };
    }

    private static Image[] weights(Camera cam, int poses, long seed) {
        Random rnd = new Random(seed);
        Image[] w = new Image[poses];
        for (int p = 0; p < poses; p++) {
            float[] x = new float[cam.cols() * cam.rows()];
            for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() + 0.2);
            w[p] = new Image(cam.cols(), cam.rows(), x);
        }
        return w;
    }

    /** The trilinear projector (float voxels); Joseph's 16-bit codes: JosephProjectorTest. */
    @Test
    void skippingGivesTheSameNumbersAsMarchingEverySample() {
        Volume vol = sparseVolume(A, B);
        Camera cam = Camera.centred(48, 40, 3.0, 3.0, 500);
        Rigid[] poses = poses();
        for (double step : new double[] {0.37, 1.0, 2.5}) {
            CpuRenderer skip = new CpuRenderer(vol, new RenderSettings(step), true);
            CpuRenderer all = new CpuRenderer(vol, new RenderSettings(step), false);
            long marched = skip.sampleCount(cam, poses), every = all.sampleCount(cam, poses);
            System.out.printf("step %.2f mm: %d of %d samples marched (%.1f%%)%n", step, marched, every, 100.0 * marched / every);
            assertTrue(marched < every / 4, "skipping should leave out most samples of a mostly empty volume: " + marched + " of " + every);
            Image[] a = skip.render(cam, poses), b = all.render(cam, poses);
            double peak = 0;
            for (int p = 0; p < poses.length; p++) {
                assertArrayEquals(b[p].data(), a[p].data(), "step " + step + ", pose " + p + ": image changed by skipping");
                peak = Math.max(peak, b[p].max());
            }
            assertTrue(peak > 0.1, "the blobs should be in view (peak " + peak + ")");
            Image[] w = weights(cam, poses.length, 11);
            double[][] ga = skip.poseGradient(cam, poses, w), gb = all.poseGradient(cam, poses, w);
            for (int p = 0; p < poses.length; p++) assertArrayEquals(gb[p], ga[p], "step " + step + ", pose " + p + ": gradient changed by skipping");
            double[][] ja = skip.jacobian(cam, poses[1]), jb = all.jacobian(cam, poses[1]);
            for (int i = 0; i < ja.length; i++) assertArrayEquals(jb[i], ja[i], "pixel " + i + ": Jacobian changed by skipping");
        }
    }

    @Test
    void skippingMatchesClosedFormLineIntegralsAndTheirPoseDerivatives() {
        // Pre-compensated for the trilinear kernel (variance 1/6 voxel² per axis) so the interpolated field is the Gaussian.
        Scenes.Gaussian g = new Scenes.Gaussian(new double[] {-28, 24, 30}, 4.0, 0.03);
        Volume raw = Scenes.compensatedGaussian(g, 112, 1.0, 1.0 / 6);
        float[] d = raw.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0.03 * Math.exp(-18)) d[i] = 0;
        }
        CpuRenderer r = new CpuRenderer(raw, new RenderSettings(0.25), true);
        Camera cam = Camera.centred(32, 32, 0.9, 0.9, 500);
        Rigid pose = Scenes.lookAt(g.c(), 300, 0.4, -0.3, 0.2);
        Image drr = r.render(cam, pose);
        double worst = 0, peak = 0;
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double want = exact(g, cam, pose, u, v);
                peak = Math.max(peak, want);
                worst = Math.max(worst, Math.abs(drr.get(u, v) - want));
            }
        }
        System.out.printf("closed form: worst |error| %.2e of peak %.3e%n", worst, peak);
        assertTrue(worst < 2e-3 * peak, "DRR vs closed form: worst error " + worst + " of peak " + peak);

        // Pose gradient of Σ w·I against central differences of the closed form.
        Image w = weights(cam, 1, 5)[0];
        double[] grad = r.poseGradient(cam, new Rigid[] {pose}, new Image[] {w})[0];
        double h = 1e-4;
        double[] fd = new double[6], scale = new double[2]; // rotation and translation have different units
        for (int c = 0; c < 6; c++) {
            double[] xi = new double[6];
            xi[c] = h;
            double plus = weighted(g, cam, pose.perturbRight(xi), w);
            xi[c] = -h;
            double minus = weighted(g, cam, pose.perturbRight(xi), w);
            fd[c] = (plus - minus) / (2 * h);
            scale[c / 3] = Math.max(scale[c / 3], Math.abs(fd[c]));
        }
        for (int c = 0; c < 6; c++) {
            System.out.printf("component %d: renderer %.6e, closed form %.6e%n", c, grad[c], fd[c]);
            assertEquals(fd[c], grad[c], 1e-2 * scale[c / 3], "component " + c + " of the pose gradient vs the closed form");
        }
    }

    private static double exact(Scenes.Gaussian g, Camera cam, Rigid pose, int u, int v) {
        double[][] ray = Scenes.ray(cam, pose, u, v);
        return g.lineIntegral(ray[0], ray[1]);
    }

    private static double weighted(Scenes.Gaussian g, Camera cam, Rigid pose, Image w) {
        double s = 0;
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) s += w.get(u, v) * exact(g, cam, pose, u, v);
        }
        return s;
    }

    @Test
    void emptyBricksAndTightBoxFollowTheNonZeroVoxels() {
        org.junit.jupiter.api.Assumptions.assumeTrue(EmptySpace.CELL == 8, "expected bricks worked out for the default 8-voxel cell");
        float[] d = new float[40 * 30 * 20];
        Volume v = new Volume(40, 30, 20, new double[] {1, 1, 1}, new double[] {0, 0, 0}, d);
        d[v.index(20, 3, 11)] = 1f;
        EmptySpace s = new EmptySpace(v);
        int pad = PaddedVolume.PAD;
        // Trilinear μ is non-zero on the open box (i − 1, i + 1) around voxel i, in padded coordinates.
        assertEquals(20 + pad - 1, s.boxLo(0));
        assertEquals(20 + pad + 1, s.boxHi(0));
        assertEquals(3 + pad - 1, s.boxLo(1));
        assertEquals(11 + pad + 1, s.boxHi(2));
        // Voxel at padded x = 22 is read by cells 21 and 22 (brick 2); with the one-voxel margin, cells 21..23 of bricks 2 only.
        int occupied = 0;
        for (int bz = 0; bz < s.bricksZ(); bz++) {
            for (int by = 0; by < s.bricksY(); by++) {
                for (int bx = 0; bx < s.bricksX(); bx++) occupied += s.occupied(bx, by, bz) ? 1 : 0;
            }
        }
        assertTrue(s.occupied(2, 0, 1), "the brick holding the voxel's cells");
        // padded y = 5: cells 4, 5 (brick 0), margin to 3..6; padded z = 13: cells 12, 13 (brick 1), margin 11..14: one brick per axis.
        assertEquals(1, occupied, "only the brick around the single voxel");
    }
}
