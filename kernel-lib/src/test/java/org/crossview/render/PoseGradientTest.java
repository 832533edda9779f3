package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * Pose gradients against central finite differences, for each of the six components of the right
 * perturbation volFromCam·exp(ξ), ξ = (ω, v). The volume is smooth (Gaussian blobs) on an anisotropic grid
 * with a rotated direction matrix, so the chain through the index affine is exercised.
 *
 * <p>The 1e-3 comparisons difference {@link ReferenceDrr}, a double-precision statement of the same forward
 * model, with tiny steps: the trilinear field has kinks at voxel faces, so wider steps see O(step/voxel)
 * errors, and the float renderer's rounding of sample positions swamps narrower ones. A separate check
 * ties the float renderer's own images to its gradient at a wider step and a looser tolerance, and to the
 * reference forward model to float precision.
 */
class PoseGradientTest {
    private static final double H_ROT = 1e-7; // rad: ~25 nm at 250 mm, far below the voxel, so kinks at voxel faces are rarely straddled
    private static final double H_TRANS = 1e-6; // mm

    private static Volume smoothVolume() {
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

    private static double weightedSum(Image im, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += (double) w[i] * im.data()[i];
        return s;
    }

    private static double weightedSum(double[] im, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * im[i];
        return s;
    }

    /** Central differences of Σ w·I with I from the double-precision reference forward model. */
    private static double[] finiteDifference(Volume vol, double step, Camera cam, Rigid pose, float[] w) {
        double[] fd = new double[6];
        for (int c = 0; c < 6; c++) {
            double h = c < 3 ? H_ROT : H_TRANS;
            double[] xi = new double[6];
            xi[c] = h;
            double plus = weightedSum(ReferenceDrr.render(vol, cam, pose.perturbRight(xi), step), w);
            xi[c] = -h;
            double minus = weightedSum(ReferenceDrr.render(vol, cam, pose.perturbRight(xi), step), w);
            fd[c] = (plus - minus) / (2 * h);
        }
        return fd;
    }

    @Test
    void vectorJacobianProductMatchesFiniteDifferencesAtSeveralPoses() {
        Volume vol = smoothVolume();
        CpuRenderer r = new CpuRenderer(vol, new RenderSettings(0.5));
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid[] poses = {
            Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.1, -0.2, 0.3),
            Scenes.lookAt(new double[] {2, -3, 1}, 230, 1.2, 0.5, -0.4),
            Scenes.lookAt(new double[] {-1, 2, -2}, 270, -0.7, 2.0, 1.1),
        };
        Random rnd = new Random(7);
        Image[] weights = new Image[poses.length];
        for (int p = 0; p < poses.length; p++) {
            float[] w = new float[cam.cols() * cam.rows()];
            for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() + 0.3);
            weights[p] = new Image(cam.cols(), cam.rows(), w);
        }
        double[][] grad = r.poseGradient(cam, poses, weights);
        for (int p = 0; p < poses.length; p++) {
            double[] fd = finiteDifference(vol, 0.5, cam, poses[p], weights[p].data());
            double scale = 0;
            for (int c = 0; c < 6; c++) scale = Math.max(scale, Math.abs(fd[c]));
            for (int c = 0; c < 6; c++) {
                double rel = Math.abs(grad[p][c] - fd[c]) / Math.abs(fd[c]);
                System.out.printf("pose %d, component %d: analytic %.6e, finite difference %.6e, relative error %.1e%n", p, c, grad[p][c], fd[c], rel);
            }
            for (int c = 0; c < 6; c++) {
                double rel = Math.abs(grad[p][c] - fd[c]) / Math.abs(fd[c]);
                if (Math.abs(fd[c]) > 1e-2 * scale) {
                    assertTrue(rel < 1e-3, "pose " + p + " component " + c + ": analytic " + grad[p][c] + " vs FD " + fd[c]);
                } else {
                    assertEquals(fd[c], grad[p][c], 1e-5 * scale, "pose " + p + " component " + c + " (small)");
                }
            }
        }
    }

    @Test
    void perPixelJacobianMatchesFiniteDifferences() {
        CpuRenderer r = new CpuRenderer(smoothVolume(), new RenderSettings(0.5));
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(10, 8, 3, 3, 450);
        Rigid pose = Scenes.lookAt(new double[] {1, 0, -1}, 240, 0.4, -0.9, 0.2);
        double[][] jac = r.jacobian(cam, pose);
        assertEquals(cam.cols() * cam.rows(), jac.length);
        int checked = 0;
        for (int c = 0; c < 6; c++) {
            double h = c < 3 ? H_ROT : H_TRANS;
            double[] xi = new double[6];
            xi[c] = h;
            Rigid plus = pose.perturbRight(xi);
            xi[c] = -h;
            double[] ip = ReferenceDrr.render(vol, cam, plus, 0.5), im = ReferenceDrr.render(vol, cam, pose.perturbRight(xi), 0.5);
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
    void floatRendererImagesAgreeWithReferenceAndWithTheirGradient() {
        CpuRenderer r = new CpuRenderer(smoothVolume(), new RenderSettings(0.5));
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid pose = Scenes.lookAt(new double[] {1, -1, 0}, 240, 0.5, -0.3, 0.8);
        Image drr = r.render(cam, pose);
        double[] ref = ReferenceDrr.render(vol, cam, pose, 0.5);
        double max = 0, worst = 0;
        for (double x : ref) max = Math.max(max, x);
        for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(drr.data()[i] - ref[i]));
        System.out.printf("float renderer vs double reference: worst |difference| %.2e of max %.3f%n", worst, max);
        assertTrue(worst < 2e-6 * max, "float renderer vs reference: " + worst);

        // Differences of the float images themselves, at steps wide enough to rise above float rounding.
        Random rnd = new Random(11);
        float[] w = new float[cam.cols() * cam.rows()];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() + 0.3);
        double[] grad = r.poseGradient(cam, new Rigid[] {pose}, new Image[] {new Image(cam.cols(), cam.rows(), w)})[0];
        for (int c = 0; c < 6; c++) {
            double h = c < 3 ? 1e-4 : 2e-2;
            double[] xi = new double[6];
            xi[c] = h;
            Rigid plus = pose.perturbRight(xi);
            xi[c] = -h;
            Image[] ims = r.render(cam, new Rigid[] {plus, pose.perturbRight(xi)});
            double fd = (weightedSum(ims[0], w) - weightedSum(ims[1], w)) / (2 * h);
            System.out.printf("float images, component %d: analytic %.5e, finite difference %.5e%n", c, grad[c], fd);
            assertEquals(fd, grad[c], 0.05 * Math.abs(fd) + 1e-3 * Math.abs(grad[0]), "component " + c);
        }
    }

    @Test
    void zeroWeightsGiveZeroGradientAndBatchMatchesSingle() {
        Volume vol = smoothVolume();
        CpuRenderer r = new CpuRenderer(vol, new RenderSettings(1.0));
        Camera cam = Camera.centred(12, 12, 2, 2, 450);
        Rigid a = Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.1, 0.2, 0.3);
        Rigid b = Scenes.lookAt(new double[] {1, 1, 0}, 260, -0.3, 0.2, 0.0);
        double[][] g = r.poseGradient(cam, new Rigid[] {a}, new Image[] {new Image(12, 12)});
        for (double x : g[0]) assertEquals(0.0, x);
        Image wa = new Image(12, 12), wb = new Image(12, 12);
        java.util.Arrays.fill(wa.data(), 1f);
        java.util.Arrays.fill(wb.data(), -0.5f);
        double[][] batch = r.poseGradient(cam, new Rigid[] {a, b}, new Image[] {wa, wb});
        double[] single = r.poseGradient(cam, new Rigid[] {b}, new Image[] {wb})[0];
        for (int c = 0; c < 6; c++) assertEquals(single[c], batch[1][c], 1e-12 * Math.abs(single[c]) + 1e-15);
    }
}
