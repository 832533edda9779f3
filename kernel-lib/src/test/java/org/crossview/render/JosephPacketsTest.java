package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link JosephPackets}: Joseph's rays in packets over vector lanes give the same floating-point numbers as the scalar
 * loops ({@link JosephLoops}, which JosephProjectorTest checks against closed forms and finite differences): images,
 * pose gradients (with some pixels weighted 0, so packets have holes) and per-pixel Jacobians, on a volume whose rays
 * march several runs each (jumps between runs) and on one with no empty brick, over poses where every axis and direction
 * is the plane axis somewhere and images whose tiles are cut short by the border.
 */
class JosephPacketsTest {
    private static CpuRenderer joseph(Volume vol, boolean skip, boolean lanes) {
        return new CpuRenderer(vol, new RenderSettings(1.0, Projector.JOSEPH), skip, lanes);
    }

    private static Image[] weights(Camera cam, int poses, long seed) {
        Random rnd = new Random(seed);
        Image[] w = new Image[poses];
        for (int p = 0; p < poses; p++) {
            float[] x = new float[cam.cols() * cam.rows()];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(4) == 0 ? 0f : (float) (rnd.nextGaussian() + 0.3);
            w[p] = new Image(cam.cols(), cam.rows(), x);
        }
        return w;
    }

    private static Rigid[] poses() {
        Rigid[] a = EmptySpaceSkippingTest.poses();
        Rigid[] out = java.util.Arrays.copyOf(a, a.length + 3);
        out[a.length] = Scenes.lookAt(new double[] {3, 1, -2}, 290, 0, Math.PI, 0.3); // from the other side
        out[a.length + 1] = Scenes.lookAt(new double[] {0, 0, 0}, 300, Math.PI / 4, Math.PI / 4, 0); // plane axis changes across the image
        out[a.length + 2] = Scenes.lookAt(new double[] {-2, 0, 4}, 270, -Math.PI / 2, 0.2, 0);
        return out;
    }

    private static void assertSameNumbers(Volume vol, boolean skip, Camera cam, String what) {
        Assumptions.assumeTrue(CpuRenderer.VECTOR_LANES, "no vector lanes in this JVM (needs --add-modules jdk.incubator.vector and 256-bit vectors)");
        CpuRenderer packets = joseph(vol, skip, true), scalar = joseph(vol, skip, false);
        assertEquals("joseph", packets.name());
        assertEquals("joseph-scalar", scalar.name());
        Rigid[] poses = poses();
        Image[] a = packets.render(cam, poses), b = scalar.render(cam, poses);
        double peak = 0;
        for (int p = 0; p < poses.length; p++) {
            assertArrayEquals(b[p].data(), a[p].data(), what + ", pose " + p + ": image");
            peak = Math.max(peak, b[p].max());
        }
        assertTrue(peak > 0.05, what + ": the volume should be in view (peak " + peak + ")");
        Image[] w = weights(cam, poses.length, 5);
        double[][] ga = packets.poseGradient(cam, poses, w), gb = scalar.poseGradient(cam, poses, w);
        for (int p = 0; p < poses.length; p++) assertArrayEquals(gb[p], ga[p], what + ", pose " + p + ": gradient");
        for (int p : new int[] {1, poses.length - 2}) {
            double[][] ja = packets.jacobian(cam, poses[p]), jb = scalar.jacobian(cam, poses[p]);
            for (int i = 0; i < ja.length; i++) assertArrayEquals(jb[i], ja[i], what + ", pose " + p + ", pixel " + i + ": Jacobian row");
        }
        Linearisation la = packets.linearise(cam, poses), lb = scalar.linearise(cam, poses);
        double[][] va = la.vjp(w), vb = lb.vjp(w);
        for (int p = 0; p < poses.length; p++) {
            assertArrayEquals(b[p].data(), la.images()[p].data(), what + ", pose " + p + ": linearised image");
            assertArrayEquals(vb[p], va[p], what + ", pose " + p + ": VJP");
        }
    }

    @Test
    void sparseVolumeWithSeveralRunsPerRay() {
        Volume vol = EmptySpaceSkippingTest.sparseVolume(EmptySpaceSkippingTest.A, EmptySpaceSkippingTest.B);
        Camera cam = Camera.centred(45, 37, 3.0, 3.0, 500); // tiles of 16×8 cut short at both borders
        assertSameNumbers(vol, true, cam, "sparse, skipping");
        assertSameNumbers(vol, false, cam, "sparse, every sample");
    }

    /**
     * Three slabs of random μ stacked along z with air between, seen along z (one of the poses) and obliquely: rays with
     * several runs, whose jumps leave float partials of sharp-edged, non-zero blocks behind.
     */
    @Test
    void raysThroughSeveralSlabs() {
        int n = 64;
        float[] d = new float[n * n * n];
        Random rnd = new Random(3);
        for (int z = 0; z < n; z++) {
            boolean slab = (z >= 2 && z <= 12) || (z >= 26 && z <= 38) || (z >= 52 && z <= 62);
            for (int y = 14; y < 50 && slab; y++) {
                for (int x = 14; x < 50; x++) d[x + n * (y + n * z)] = (float) (0.01 + 0.04 * rnd.nextDouble());
            }
        }
        double o = -(n - 1) / 2.0;
        Volume vol = new Volume(n, n, n, new double[] {1, 1, 1}, new double[] {o, o, o}, d);
        assertSameNumbers(vol, true, Camera.centred(45, 37, 1.5, 1.5, 500), "slabs");
    }

    @Test
    void volumeWithoutEmptyBricks() {
        assertSameNumbers(JosephProjectorTest.smoothVolume(), true, Camera.centred(27, 21, 1.6, 1.6, 450), "smooth");
    }
}
