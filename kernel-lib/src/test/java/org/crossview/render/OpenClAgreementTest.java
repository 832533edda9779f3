package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.bench.BenchScene;
import org.crossview.render.opencl.OpenClDevice;
import org.crossview.render.opencl.OpenClDevices;
import org.crossview.render.opencl.OpenClRenderer;
import org.crossview.volume.Attenuation;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL back end against the Java one (DESIGN.md §3: "both must agree to float precision") and against
 * closed-form line integrals. Asserted tolerances, with the default (double set-up) kernels:
 * <ul>
 *   <li>images: |I_cl − I_cpu| ≤ 1e-5 · max I_cpu at every pixel (float rounding of the inner loop differs
 *       only by fused multiply–adds and the order of float partial sums);
 *   <li>pose gradients: |g_cl − g_cpu| ≤ 1e-4 · |g_cpu| per component, with components below 1e-3 of the
 *       largest of their kind (rotation, translation) compared absolutely at 1e-7 of that largest.
 * </ul>
 * The all-float kernels (for devices without doubles) are held to 1e-4 on images and 1e-3 on gradients.
 * Runs on whatever device {@link OpenClDevices#best} picks (PoCL on CI); skipped without an OpenCL device.
 * The Java renderer here is the trilinear projector, which stores float voxels ({@link VoxelFormat#F32}) as the OpenCL one does.
 */
class OpenClAgreementTest {
    private static OpenClDevice device;

    @BeforeAll
    static void needsOpenCl() {
        Assumptions.assumeTrue(OpenClDevices.available(), () -> "no OpenCL device, OpenCL agreement tests skipped: " + OpenClDevices.list().problem());
        device = OpenClDevices.best().orElseThrow();
        System.out.println("OpenCL agreement tests on " + device);
    }

    /** The Java renderer's settings: the trilinear projector, which reads float voxels, like the OpenCL back end. */
    private static RenderSettings f32(double stepMm) {
        return new RenderSettings(stepMm);
    }

    /** Smooth Gaussian blobs on an anisotropic grid with a rotated direction matrix (exercises the index affine). */
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

    private static Rigid[] poses() {
        return new Rigid[] {
            Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.1, -0.2, 0.3),
            Scenes.lookAt(new double[] {2, -3, 1}, 230, 1.2, 0.5, -0.4),
            Scenes.lookAt(new double[] {-1, 2, -2}, 270, -0.7, 2.0, 1.1),
            Scenes.lookAt(new double[] {4, 1, -3}, 300, 0, Math.PI / 2, 0), // axis-aligned beam: zero direction components
            Scenes.lookAt(new double[] {0, 0, 0}, 250, Math.PI, 0, 0),
        };
    }

    private static Image[] weights(Camera cam, int n, long seed) {
        Random rnd = new Random(seed);
        Image[] w = new Image[n];
        for (int p = 0; p < n; p++) {
            float[] x = new float[cam.cols() * cam.rows()];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(10) == 0 ? 0f : (float) (rnd.nextGaussian() + 0.3);
            w[p] = new Image(cam.cols(), cam.rows(), x);
        }
        return w;
    }

    /** Largest |a − b| over all pixels of all images, divided by the largest |b|. */
    private static double worstImageDifference(Image[] a, Image[] b) {
        double max = 0, worst = 0;
        for (int p = 0; p < b.length; p++) {
            for (int i = 0; i < b[p].data().length; i++) {
                max = Math.max(max, Math.abs(b[p].data()[i]));
                worst = Math.max(worst, Math.abs(a[p].data()[i] - b[p].data()[i]));
            }
        }
        assertTrue(max > 0, "reference images are empty");
        return worst / max;
    }

    /** Asserts gradient agreement (see the class comment) and returns the worst relative difference of the large components. */
    private static double assertGradientsAgree(double[][] got, double[][] want, double relative, String label) {
        double worst = 0;
        for (int p = 0; p < want.length; p++) {
            for (int kind = 0; kind < 2; kind++) {
                double scale = 0;
                for (int c = 3 * kind; c < 3 * kind + 3; c++) scale = Math.max(scale, Math.abs(want[p][c]));
                for (int c = 3 * kind; c < 3 * kind + 3; c++) {
                    String what = label + ", pose " + p + ", component " + c;
                    if (Math.abs(want[p][c]) > 1e-3 * scale) {
                        double rel = Math.abs(got[p][c] - want[p][c]) / Math.abs(want[p][c]);
                        worst = Math.max(worst, rel);
                        assertTrue(rel <= relative, what + ": OpenCL " + got[p][c] + " vs CPU " + want[p][c] + " (relative " + rel + ")");
                    } else {
                        assertEquals(want[p][c], got[p][c], relative * 1e-3 * scale + 1e-30, what + " (small)");
                    }
                }
            }
        }
        return worst;
    }

    @Test
    void imagesAndGradientsEqualTheCpuRenderersOnASmoothRotatedGrid() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid[] poses = poses();
        Image[] w = weights(cam, poses.length, 7);
        CpuRenderer cpu = new CpuRenderer(vol, f32(0.5));
        for (boolean bricked : new boolean[] {true, false}) { // both volume layouts
            OpenClRenderer.Options o = OpenClRenderer.Options.defaults(device).withBricked(bricked);
            try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.5), device, o)) {
                double img = worstImageDifference(cl.render(cam, poses), cpu.render(cam, poses));
                String label = "smooth grid, " + (bricked ? "bricked" : "row-major") + " volume";
                double grad = assertGradientsAgree(cl.poseGradient(cam, poses, w), cpu.poseGradient(cam, poses, w), 1e-4, label);
                System.out.printf("%s on %s: images worst |Δ|/max %.2e, gradients worst relative %.2e%n", label, cl.name(), img, grad);
                assertTrue(img <= 1e-5, label + ": images: worst |difference| / max = " + img);
            }
        }
    }

    @Test
    void emptySpaceSkippingChangesNeitherImagesNorGradients() {
        // Two compact blobs in opposite corners: most bricks are empty, so most samples are skipped.
        Volume vol = EmptySpaceSkippingTest.sparseVolume(EmptySpaceSkippingTest.A, EmptySpaceSkippingTest.B);
        Camera cam = Camera.centred(40, 32, 3.6, 3.6, 500);
        Rigid[] poses = EmptySpaceSkippingTest.poses();
        Image[] w = weights(cam, poses.length, 12);
        CpuRenderer cpu = new CpuRenderer(vol, f32(0.8), false);
        Image[] cpuImages = cpu.render(cam, poses);
        double[][] cpuGrad = cpu.poseGradient(cam, poses, w);
        for (boolean dbl : device.fp64() ? new boolean[] {true, false} : new boolean[] {false}) {
            OpenClRenderer.Options o = OpenClRenderer.Options.defaults(device).withDoubleSetup(dbl);
            try (OpenClRenderer skip = new OpenClRenderer(vol, new RenderSettings(0.8), device, o.withSkipEmpty(true));
                    OpenClRenderer all = new OpenClRenderer(vol, new RenderSettings(0.8), device, o.withSkipEmpty(false))) {
                String label = "sparse volume, " + (dbl ? "double" : "float") + " set-up";
                Image[] a = skip.render(cam, poses), b = all.render(cam, poses);
                double vsUnskipped = worstImageDifference(a, b), vsCpu = worstImageDifference(a, cpuImages);
                double[][] ga = skip.poseGradient(cam, poses, w);
                double gradVsUnskipped = assertGradientsAgree(ga, all.poseGradient(cam, poses, w), 1e-6, label + ", skipped vs not");
                double gradVsCpu = assertGradientsAgree(ga, cpuGrad, dbl ? 1e-4 : 1e-3, label + ", vs the Java renderer");
                System.out.printf("%s: images worst |Δ|/max %.2e vs unskipped, %.2e vs cpu; gradients worst relative %.2e vs unskipped, %.2e vs cpu%n",
                        label, vsUnskipped, vsCpu, gradVsUnskipped, gradVsCpu);
                assertTrue(vsUnskipped <= 1e-6, label + ": skipping changed the images by " + vsUnskipped + " of the maximum");
                assertTrue(vsCpu <= (dbl ? 1e-5 : 1e-4), label + ": images vs the Java renderer: " + vsCpu);
            }
        }
        if (device.images()) { // the texture-sampled forward kernel skips the same bricks
            OpenClRenderer.Options o = OpenClRenderer.Options.defaults(device).withImageForward(true);
            try (OpenClRenderer skip = new OpenClRenderer(vol, new RenderSettings(0.8), device, o.withSkipEmpty(true));
                    OpenClRenderer all = new OpenClRenderer(vol, new RenderSettings(0.8), device, o.withSkipEmpty(false))) {
                double d = worstImageDifference(skip.render(cam, poses), all.render(cam, poses));
                System.out.printf("sparse volume, image3d forward: worst |Δ|/max %.2e skipped vs not%n", d);
                assertTrue(d <= 1e-6, "image3d forward: skipping changed the images by " + d + " of the maximum");
            }
        }
    }

    @Test
    void allFloatKernelsAgreeToFloatPrecision() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(24, 20, 1.6, 1.6, 450);
        Rigid[] poses = poses();
        Image[] w = weights(cam, poses.length, 8);
        CpuRenderer cpu = new CpuRenderer(vol, f32(0.5));
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.5), device, OpenClRenderer.Options.defaults(device).withDoubleSetup(false))) {
            double img = worstImageDifference(cl.render(cam, poses), cpu.render(cam, poses));
            double grad = assertGradientsAgree(cl.poseGradient(cam, poses, w), cpu.poseGradient(cam, poses, w), 1e-3, "all float");
            System.out.printf("all-float kernels: images worst |Δ|/max %.2e, gradients worst relative %.2e%n", img, grad);
            assertTrue(img <= 1e-4, "images: worst |difference| / max = " + img);
        }
    }

    @Test
    void textureSampledForwardAgreesWhereTheDeviceFiltersInFloat() {
        // Opt-in image3d path. PoCL filters in float, so it agrees to 1e-5 of the maximum here; GPU texture units
        // interpolate with 8-bit weights (NVIDIA), which this tolerance would not admit: there it is a speed option.
        Assumptions.assumeTrue(device.images(), device.label() + " has no image support: texture path not tested");
        Assumptions.assumeTrue(device.kind() == OpenClDevice.Kind.CPU, "texture filtering precision is device-specific: tested on CPU devices only");
        Volume vol = BenchScene.syntheticVolume(48, 5);
        Camera cam = BenchScene.camera(24);
        Rigid[] poses = BenchScene.gantryPoses(3, 50);
        CpuRenderer cpu = new CpuRenderer(vol, f32(0.75));
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.75), device, OpenClRenderer.Options.defaults(device).withImageForward(true))) {
            double img = worstImageDifference(cl.render(cam, poses), cpu.render(cam, poses));
            System.out.printf("image3d forward on %s: worst |Δ|/max %.2e%n", cl.name(), img);
            assertTrue(img <= 1e-5, "texture-sampled images: worst |difference| / max = " + img);
        }
    }

    @Test
    void ctLikeVolumeWithSharpEdgesAndBatchOfGantryPoses() {
        // The benchmark's synthetic CT (soft-edged body, Gaussian bones) at 1 mm, 64³, imaged like a C-arm.
        Volume vol = BenchScene.syntheticVolume(64, 3);
        Camera cam = BenchScene.camera(32);
        Rigid[] poses = BenchScene.gantryPoses(6, 37);
        Image[] w = weights(cam, poses.length, 9);
        CpuRenderer cpu = new CpuRenderer(vol, f32(0.75));
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.75), device)) {
            Image[] want = cpu.render(cam, poses);
            double img = worstImageDifference(cl.render(cam, poses), want);
            double grad = assertGradientsAgree(cl.poseGradient(cam, poses, w), cpu.poseGradient(cam, poses, w), 1e-4, "synthetic CT");
            System.out.printf("synthetic CT: images worst |Δ|/max %.2e, gradients worst relative %.2e%n", img, grad);
            assertTrue(img <= 1e-5, "images: worst |difference| / max = " + img);
            // One pose alone gives the same image as in the batch.
            Image single = cl.render(cam, poses[4]);
            assertEquals(0.0, worstImageDifference(new Image[] {single}, new Image[] {cl.render(cam, poses)[4]}));
        }
    }

    @Test
    void pelvisPhantomImagesAndGradientsEqualTheCpuRenderers() {
        // The embedded pelvis (HU → μ with the bone boost), 5 mm voxels, on a binned DeepFluoro detector.
        Volume mu = Attenuation.fromHu(PelvisPhantom.generate(5).hu());
        Camera cam = Camera.deepFluoroFullRes().binned(32);
        double[] c = PelvisPhantom.CENTRE_LPS;
        Rigid[] poses = {
            Scenes.lookAt(c, 700, Math.PI / 2, 0, 0), // roughly antero-posterior
            Scenes.lookAt(c, 650, 1.3, 0.4, -0.2),
            Scenes.lookAt(c, 720, 0.2, 1.5, 0.1), // lateral
        };
        Image[] w = weights(cam, poses.length, 10);
        CpuRenderer cpu = new CpuRenderer(mu, f32(1.0));
        try (OpenClRenderer cl = new OpenClRenderer(mu, new RenderSettings(1.0), device)) {
            Image[] want = cpu.render(cam, poses);
            assertTrue(want[0].max() > 1, "phantom DRR looks empty: max " + want[0].max());
            double img = worstImageDifference(cl.render(cam, poses), want);
            double grad = assertGradientsAgree(cl.poseGradient(cam, poses, w), cpu.poseGradient(cam, poses, w), 1e-4, "pelvis phantom");
            System.out.printf("pelvis phantom: images worst |Δ|/max %.2e, gradients worst relative %.2e%n", img, grad);
            assertTrue(img <= 1e-5, "images: worst |difference| / max = " + img);
        }
    }

    @Test
    void uniformSphereGivesTwiceMuTimesHalfChord() {
        double mu = 0.02, r = 12, spacing = 0.25;
        double[] c = {0, 0, 0};
        Volume vol = Scenes.partialVolume(Scenes.sphere(c, r), mu, (int) Math.round(28 / spacing), spacing, 8);
        Camera cam = Camera.centred(24, 24, 0.9, 0.9, 500);
        Rigid pose = Scenes.lookAt(c, 250, 0.3, -0.2, 0.5);
        Image got;
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.02), device)) {
            got = cl.render(cam, pose);
        }
        Image cpu = new CpuRenderer(vol, f32(0.02)).render(cam, pose);
        double vsCpu = worstImageDifference(new Image[] {got}, new Image[] {cpu});
        // Against 2μ·sqrt(r² − d²) on rays whose chord stays well inside (d ≤ r/2, value ≥ 0.87 of the centre's):
        // what is left is the voxelised surface's blur, the same for both renderers (LineIntegralTest).
        double worst = 0, sum2 = 0;
        int used = 0;
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[][] ray = Scenes.ray(cam, pose, u, v);
                double[] q = {c[0] - ray[0][0], c[1] - ray[0][1], c[2] - ray[0][2]};
                double along = q[0] * ray[1][0] + q[1] * ray[1][1] + q[2] * ray[1][2];
                double d2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] - along * along;
                if (d2 > r * r / 4) continue;
                double exact = 2 * mu * Math.sqrt(r * r - d2);
                double e = Math.abs(got.get(u, v) - exact) / exact;
                worst = Math.max(worst, e);
                sum2 += e * e;
                used++;
            }
        }
        double rms = Math.sqrt(sum2 / used);
        System.out.printf("sphere on OpenCL: vs CPU %.2e, vs 2μ·sqrt(r²−d²) worst %.2e, rms %.2e over %d pixels%n", vsCpu, worst, rms, used);
        assertTrue(used > 50, "too few pixels compared: " + used);
        assertTrue(vsCpu <= 1e-5, "sphere: OpenCL vs CPU " + vsCpu);
        assertTrue(rms < 1e-3 && worst < 2e-3, "sphere: relative error vs analytic worst " + worst + ", rms " + rms);
    }

    @Test
    void raysMissingTheVolumeGiveZeroAndZeroGradient() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(8, 8, 1, 1, 450);
        Rigid away = Scenes.lookAt(new double[] {0, 0, 0}, 250, 0, 0, 0).compose(Rigid.translation(0, 0, -600)); // the volume is behind the source
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.5), device)) {
            for (float x : cl.render(cam, away).data()) assertEquals(0f, x);
            double[] g = cl.poseGradient(cam, new Rigid[] {away}, weights(cam, 1, 1))[0];
            for (double x : g) assertEquals(0.0, x);
            assertEquals(0, cl.render(cam, new Rigid[0]).length);
        }
    }

    @Test
    void badInputGetsTheSameMessagesAsTheCpuRenderer() {
        Volume vol = smoothVolume();
        Camera cam = Camera.centred(8, 8, 1, 1, 450);
        try (OpenClRenderer cl = new OpenClRenderer(vol, new RenderSettings(0.5), device)) {
            Rigid inside = Rigid.identity(); // source at the volume's centre
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cl.render(cam, inside));
            assertTrue(e.getMessage().contains("source inside the volume"), e.getMessage());
            Rigid ok = Scenes.lookAt(new double[] {0, 0, 0}, 250, 0, 0, 0);
            e = assertThrows(IllegalArgumentException.class, () -> cl.poseGradient(cam, new Rigid[] {ok}, new Image[] {new Image(4, 4)}));
            assertTrue(e.getMessage().startsWith("dLossdImage[0]"), e.getMessage());
            cl.close();
            assertThrows(IllegalStateException.class, () -> cl.render(cam, ok));
        }
        assertThrows(IllegalArgumentException.class, () -> new OpenClRenderer(vol.withData(new float[vol.data().length]), new RenderSettings(0.5), device));
    }
}
