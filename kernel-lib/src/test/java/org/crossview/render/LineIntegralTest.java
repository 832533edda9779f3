package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * DRR values against closed-form line integrals. Uniform bodies are voxelised by their exact
 * partial-volume fraction, so what is left is the blur of one voxel at the surface: the comparison uses
 * rays whose chord stays well inside (d ≤ r/2), where that blur costs ~ (voxel/r)². The smooth Gaussian
 * isolates the renderer's own error.
 */
class LineIntegralTest {
    private static final double MU = 0.02; // 1/mm, water

    /** Errors relative to the analytic value over the pixels whose analytic value is at least {@code minFraction} of the largest. */
    record Errors(double worst, double rms) {}

    private static Errors relativeErrors(Image drr, Camera cam, Rigid pose, BiFunction<double[], double[], Double> exact,
            double minFraction, String label) {
        double max = 0;
        double[] want = new double[cam.cols() * cam.rows()];
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[][] r = Scenes.ray(cam, pose, u, v);
                want[v * cam.cols() + u] = exact.apply(r[0], r[1]);
                max = Math.max(max, want[v * cam.cols() + u]);
            }
        }
        double worst = 0, sum2 = 0;
        int used = 0;
        for (int i = 0; i < want.length; i++) {
            if (want[i] < minFraction * max) continue;
            double e = Math.abs(drr.data()[i] - want[i]) / want[i];
            worst = Math.max(worst, e);
            sum2 += e * e;
            used++;
        }
        assertTrue(used > 20, label + ": too few pixels compared (" + used + ")");
        Errors out = new Errors(worst, Math.sqrt(sum2 / used));
        System.out.printf("%s: relative error worst %.2e, rms %.2e over %d pixels%n", label, out.worst, out.rms, used);
        return out;
    }

    private static double worstRelativeError(Image drr, Camera cam, Rigid pose, BiFunction<double[], double[], Double> exact,
            double minFraction, String label) {
        return relativeErrors(drr, cam, pose, exact, minFraction, label).worst();
    }

    @Test
    void uniformSphereGivesTwiceMuTimesHalfChord() {
        double r = 12;
        double[] c = {0, 0, 0};
        Camera cam = Camera.centred(24, 24, 0.9, 0.9, 500);
        Rigid pose = Scenes.lookAt(c, 250, 0.3, -0.2, 0.5);
        BiFunction<double[], double[], Double> exact = (s, d) -> {
            double[] q = {c[0] - s[0], c[1] - s[1], c[2] - s[2]};
            double along = q[0] * d[0] + q[1] * d[1] + q[2] * d[2];
            double d2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] - along * along;
            return d2 < r * r ? 2 * MU * Math.sqrt(r * r - d2) : 0; // 2μ·sqrt(r² − d²)
        };
        // Voxelising the surface leaves an error that shrinks with the voxel (O(voxel) for a single ray,
        // which crosses the blurred surface at one phase); at 0.25 mm it is within the target on average.
        Errors[] errors = new Errors[2];
        double[] spacings = {0.5, 0.25};
        for (int s = 0; s < 2; s++) {
            int n = (int) Math.round(28 / spacings[s]);
            Volume vol = Scenes.partialVolume(Scenes.sphere(c, r), MU, n, spacings[s], 8);
            Image drr = new CpuRenderer(vol, new RenderSettings(0.02)).render(cam, pose);
            errors[s] = relativeErrors(drr, cam, pose, exact, 0.87, "sphere r=12 mm, voxel " + spacings[s] + " mm, step 0.02 mm");
        }
        assertTrue(errors[1].rms() < 1e-3 && errors[1].worst() < 2e-3, "sphere: relative error " + errors[1]);
        assertTrue(errors[1].worst() < errors[0].worst() / 1.6, "sphere: error does not shrink with the voxel: " + errors[0] + " -> " + errors[1]);
    }

    @Test
    void ellipsoidAndBoxMatchTheirChords() {
        Scenes.Convex ellipsoid = Scenes.ellipsoid(new double[] {1, -0.5, 0.5}, new double[] {12, 9, 10});
        Volume ve = Scenes.partialVolume(ellipsoid, MU, 112, 0.25, 8);
        Camera cam = Camera.centred(24, 24, 0.8, 0.8, 500);
        Rigid pose = Scenes.lookAt(new double[] {1, -0.5, 0.5}, 250, -0.4, 0.25, 1.0);
        Errors err = relativeErrors(new CpuRenderer(ve, new RenderSettings(0.02)).render(cam, pose), cam, pose,
                (s, d) -> MU * Scenes.chord(ellipsoid, s, d), 0.87, "ellipsoid 12x9x10 mm, voxel 0.25 mm");
        assertTrue(err.rms() < 1e-3 && err.worst() < 3e-3, "ellipsoid: relative error " + err);

        Scenes.Convex box = Scenes.box(new double[] {-10, -8, -9}, new double[] {9, 10, 8});
        Volume vb = Scenes.partialVolume(box, MU, 112, 0.25, 8);
        // The chord through a box jumps where a ray crosses an edge; keep to rays well inside both end faces.
        Rigid boxPose = Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.05, -0.04, 0.3);
        Errors errBox = relativeErrors(new CpuRenderer(vb, new RenderSettings(0.02)).render(cam, boxPose), cam, boxPose,
                (s, d) -> MU * Scenes.chord(box, s, d), 0.95, "box 19x18x17 mm, voxel 0.25 mm");
        assertTrue(errBox.rms() < 1e-3 && errBox.worst() < 2e-3, "box: relative error " + errBox);
    }

    @Test
    void gaussianBlobMatchesClosedForm() {
        Scenes.Gaussian g = new Scenes.Gaussian(new double[] {0.7, -1.1, 0.4}, 3.0, 0.05);
        double h = 0.5;
        Volume vol = Scenes.compensatedGaussian(g, 64, h, h * h / 6);
        Camera cam = Camera.centred(20, 20, 1.2, 1.2, 500);
        Rigid pose = Scenes.lookAt(g.c(), 300, 0.6, 0.3, -0.2);
        Image drr = new CpuRenderer(vol, new RenderSettings(0.05)).render(cam, pose);
        double err = worstRelativeError(drr, cam, pose, g::lineIntegral, 0.05, "gaussian sigma=3 mm, voxel 0.5 mm, step 0.05 mm");
        assertTrue(err < 1e-4, "gaussian: relative error " + err);
        // At the default step of about a voxel the samples alias with the interpolant's ripple: still small.
        for (double step : new double[] {1.0, 0.5, 0.3}) {
            Image coarse = new CpuRenderer(vol, new RenderSettings(step)).render(cam, pose);
            double e = worstRelativeError(coarse, cam, pose, g::lineIntegral, 0.05, "gaussian, step " + step + " mm");
            assertTrue(e < 1e-2, "gaussian, step " + step + ": relative error " + e);
        }
    }

    @Test
    void siddonMatchesClosedFormAndTrilinearOnSmoothVolumes() {
        Scenes.Gaussian g = new Scenes.Gaussian(new double[] {-0.4, 0.9, 1.3}, 3.0, 0.05);
        double h = 0.5;
        Camera cam = Camera.centred(20, 20, 1.2, 1.2, 500);
        Rigid pose = Scenes.lookAt(g.c(), 300, -0.5, 0.4, 0.9);
        Image siddon = new SiddonRenderer(Scenes.compensatedGaussian(g, 64, h, h * h / 12)).render(cam, pose);
        double err = worstRelativeError(siddon, cam, pose, g::lineIntegral, 0.05, "gaussian sigma=3 mm, siddon");
        assertTrue(err < 1e-3, "siddon: relative error " + err);

        // One volume, both renderers: they differ only by their kernels' variance (h²/6 vs h²/12), which
        // changes the projected Gaussian by ≲ 2·(h²/12)/σ² (1.2e-3 for σ = 6 mm, h = 0.5 mm).
        Scenes.Gaussian wide = new Scenes.Gaussian(g.c(), 6.0, 0.05);
        Volume vol = Scenes.compensatedGaussian(wide, 120, h, h * h / 6);
        Image trilinear = new CpuRenderer(vol, new RenderSettings(0.05)).render(cam, pose);
        Image siddonSame = new SiddonRenderer(vol).render(cam, pose);
        double worst = 0;
        for (int i = 0; i < trilinear.data().length; i++) {
            if (siddonSame.data()[i] > 0.05 * siddonSame.max()) {
                worst = Math.max(worst, Math.abs(trilinear.data()[i] - siddonSame.data()[i]) / siddonSame.data()[i]);
            }
        }
        System.out.printf("gaussian: trilinear vs siddon on one volume, worst relative difference %.2e%n", worst);
        assertTrue(worst < 2e-3, "trilinear vs siddon: " + worst);
    }

    @Test
    void siddonOnUniformSphereConvergesWithTheVoxel() {
        // Nearest-voxel values make a single ray's error O(voxel) at the surface, not O(voxel²).
        double r = 12;
        double[] c = {0, 0, 0};
        Camera cam = Camera.centred(24, 24, 0.9, 0.9, 500);
        Rigid pose = Scenes.lookAt(c, 250, 0.3, -0.2, 0.5);
        Scenes.Convex sphere = Scenes.sphere(c, r);
        double[] errors = new double[2];
        double[] spacings = {0.5, 0.25};
        for (int s = 0; s < 2; s++) {
            Volume vol = Scenes.partialVolume(sphere, MU, (int) Math.round(28 / spacings[s]), spacings[s], 8);
            errors[s] = worstRelativeError(new SiddonRenderer(vol).render(cam, pose), cam, pose,
                    (p, d) -> MU * Scenes.chord(sphere, p, d), 0.87, "sphere, siddon, voxel " + spacings[s] + " mm");
        }
        assertTrue(errors[1] < 1e-2, "siddon sphere: relative error " + errors[1]);
        assertTrue(errors[1] < errors[0] / 1.5, "siddon sphere: error does not shrink: " + errors[0] + " -> " + errors[1]);
    }

    @Test
    void uniformCubeAlongAnAxisIsExactForBoth() {
        // Trilinear ramps over the padding voxel integrate to exactly half a voxel at each end, so a uniform
        // n-voxel cube gives μ·n·h along any ray through both end faces; so does Siddon.
        int n = 20;
        float[] d = new float[n * n * n];
        java.util.Arrays.fill(d, (float) MU);
        Volume vol = new Volume(n, n, n, new double[] {0.5, 0.5, 0.5}, new double[] {-4.75, -4.75, -4.75}, d);
        Camera cam = Camera.centred(5, 5, 1, 1, 500);
        Rigid pose = Rigid.translation(0, 0, 250);
        Image t = new CpuRenderer(vol, new RenderSettings(0.01)).render(cam, pose);
        Image s = new SiddonRenderer(vol).render(cam, pose);
        for (int u = 0; u < 5; u++) {
            double[][] ray = Scenes.ray(cam, pose, u, 2);
            double want = MU * 10 / Math.abs(ray[1][2]); // 10 mm thick slab along z, ray slightly oblique
            assertEquals(want, t.get(u, 2), 2e-6 * want * 100, "trilinear pixel " + u);
            assertEquals(want, s.get(u, 2), 1e-6 * want, "siddon pixel " + u);
        }
    }
}
