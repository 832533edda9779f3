package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * {@link Renderer#linearise}: the CPU back end's one walk for images and Jacobians gives the same floating-point numbers
 * as its two walks ({@link Renderer#render}, {@link Renderer#poseGradient}; same per-ray sums, same order), and the VJP of a non-linear loss of its images against central
 * differences of that loss over a double-precision statement of each projector's forward model. Among the views, one
 * where part of the image misses the volume.
 */
class LinearisationTest {
    private static final Camera CAMERA = Camera.centred(24, 20, 1.6, 1.6, 450);

    /** Views from several directions (each index axis dominant somewhere); the last aims 22 mm beside the volume's centre. */
    private static Rigid[] poses() {
        return new Rigid[] {
            Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.1, -0.2, 0.3),
            Scenes.lookAt(new double[] {-1, 2, -2}, 270, -0.7, 2.0, 1.1),
            Scenes.lookAt(new double[] {1, 0, -1}, 240, 0, 1.6, 0),
            Scenes.lookAt(new double[] {22, -4, 0}, 250, 0.2, 0.1, -0.3),
        };
    }

    private static CpuRenderer renderer(Projector projector, boolean skip) {
        return new CpuRenderer(JosephProjectorTest.smoothVolume(), new RenderSettings(projector == Projector.JOSEPH ? 1.0 : 0.5, projector), skip);
    }

    private static Image[] weights(int poses, long seed) {
        Image[] w = new Image[poses];
        for (int p = 0; p < poses; p++) w[p] = GradientCheck.smoothWeights(CAMERA.cols(), CAMERA.rows(), seed + p);
        return w;
    }

    @Test
    void oneWalkGivesTheImagesAndGradientsOfTheTwoWalks() {
        for (Projector projector : Projector.values()) {
            for (boolean skip : new boolean[] {true, false}) {
                CpuRenderer r = renderer(projector, skip);
                Rigid[] poses = poses();
                Linearisation lin = r.linearise(CAMERA, poses);
                Image[] rendered = r.render(CAMERA, poses);
                String what = projector + (skip ? ", skipping" : ", every sample");
                for (int p = 0; p < poses.length; p++) assertArrayEquals(rendered[p].data(), lin.images()[p].data(), 0f, what + ", image " + p);
                int missed = 0, hit = 0;
                for (float x : rendered[poses.length - 1].data()) {
                    if (x == 0) missed++;
                    else hit++;
                }
                assertTrue(missed > 50 && hit > 50, what + ": the last view should be partly off the volume (" + missed + " rays miss, " + hit + " hit)");
                for (long seed : new long[] {3, 40}) { // the VJP of any d(loss)/d(image), any number of times
                    Image[] w = weights(poses.length, seed);
                    double[][] twoWalks = r.poseGradient(CAMERA, poses, w), oneWalk = lin.vjp(w);
                    for (int p = 0; p < poses.length; p++) {
                        double scale = 0;
                        for (double x : twoWalks[p]) scale = Math.max(scale, Math.abs(x));
                        assertTrue(scale > 0, what + ": pose " + p + " should have a gradient");
                        assertArrayEquals(twoWalks[p], oneWalk[p], 0, what + ", pose " + p + ", weights " + seed);
                    }
                }
            }
        }
    }

    /** L(I) = ½ Σ_u (I(u) − target(u))², so d(loss)/d(image) = I − target comes from the linearisation's own images. */
    private static double loss(double[] image, float[] target) {
        double s = 0;
        for (int i = 0; i < target.length; i++) s += 0.5 * (image[i] - target[i]) * (image[i] - target[i]);
        return s;
    }

    @Test
    void vjpOfALossOfItsImagesMatchesFiniteDifferences() {
        Volume vol = JosephProjectorTest.smoothVolume();
        for (Projector projector : Projector.values()) {
            CpuRenderer r = renderer(projector, true);
            // The double-precision forward model of each projector (Joseph's reads the 16-bit voxels it stores).
            Volume stored = Scenes.asStored(vol, r.voxels());
            Function<Rigid, double[]> reference = projector == Projector.JOSEPH ? pose -> JosephProjectorTest.referenceJoseph(stored, CAMERA, pose)
                    : pose -> ReferenceDrr.render(vol, CAMERA, pose, r.stepMm());
            Rigid[] poses = poses();
            Image[] target = r.render(CAMERA, moved(poses));
            Linearisation lin = r.linearise(CAMERA, poses);
            Image[] dLoss = new Image[poses.length];
            for (int p = 0; p < poses.length; p++) {
                float[] im = lin.images()[p].data(), t = target[p].data(), d = new float[im.length];
                for (int i = 0; i < d.length; i++) d[i] = im[i] - t[i];
                dLoss[p] = new Image(CAMERA.cols(), CAMERA.rows(), d);
            }
            double[][] grad = lin.vjp(dLoss);
            for (int p = 0; p < poses.length; p++) {
                float[] t = target[p].data();
                double[] fd = PoseDifferences.central(poses[p], pose -> loss(reference.apply(pose), t));
                PoseDifferences.assertMatches(fd, grad[p], projector + ", pose " + p);
            }
        }
    }

    /** Targets: each pose moved by a few degrees and millimetres. */
    private static Rigid[] moved(Rigid[] poses) {
        Rigid[] out = new Rigid[poses.length];
        for (int p = 0; p < poses.length; p++) out[p] = poses[p].perturbRight(0.03, -0.02, 0.04, 1.5, -1, 2);
        return out;
    }

    @Test
    void theDefaultRendersThenWalksAgainForEachVjp() {
        CpuRenderer inner = renderer(Projector.TRILINEAR, true);
        int[] gradientWalks = {0};
        Renderer twoWalks = new Renderer() { // a back end without a one-walk linearisation (as OpenCL)
            @Override
            public Image[] render(Camera camera, Rigid[] volFromCam) {
                return inner.render(camera, volFromCam);
            }

            @Override
            public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
                gradientWalks[0]++;
                return inner.poseGradient(camera, volFromCam, dLossdImage);
            }

            @Override
            public String name() {
                return "two walks";
            }
        };
        Rigid[] poses = poses();
        Linearisation a = twoWalks.linearise(CAMERA, poses), b = inner.linearise(CAMERA, poses);
        Image[] w = weights(poses.length, 5);
        double[][] ga = a.vjp(w), gb = b.vjp(w);
        assertEquals(1, gradientWalks[0]);
        for (int p = 0; p < poses.length; p++) {
            assertArrayEquals(b.images()[p].data(), a.images()[p].data(), 0f);
            assertArrayEquals(ga[p], gb[p], 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.vjp(new Image[] {w[0]}));
        System.out.println("one image for four poses: " + e.getMessage());
    }
}
