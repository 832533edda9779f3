package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
    /** A stand-in renderer whose "DRR" is pixel value = a·ξ-free linear function of the pose's translation. */
    private static final class LinearRenderer implements Renderer {
        @Override
        public Image[] render(Camera camera, Rigid[] poses) {
            Image[] out = new Image[poses.length];
            for (int p = 0; p < poses.length; p++) {
                double[] t = poses[p].translation();
                float[] d = new float[camera.cols() * camera.rows()];
                for (int i = 0; i < d.length; i++) d[i] = (float) (i * t[0] + 2 * t[1] - t[2]);
                out[p] = new Image(camera.cols(), camera.rows(), d);
            }
            return out;
        }

        @Override
        public double[][] poseGradient(Camera camera, Rigid[] poses, Image[] w) {
            double[][] g = new double[poses.length][6];
            for (int p = 0; p < poses.length; p++) {
                float[] x = w[p].data();
                double s0 = 0, s1 = 0;
                for (int i = 0; i < x.length; i++) { s0 += i * x[i]; s1 += x[i]; }
                // translation of T·exp(ξ) moves by R·v: here R = I, so ∂t/∂v = I and rotations about the origin do not move t
                g[p] = new double[] {0, 0, 0, s0, 2 * s1, -s1};
            }
            return g;
        }

        @Override
        public String name() { return "linear"; }
    }

    @Test
    void agreesOnAFunctionItCanDifferentiateExactly() {
        Camera cam = Camera.centred(4, 3, 1, 1, 100);
        Image w = GradientCheck.smoothWeights(4, 3, 1);
        GradientCheck.Result r = GradientCheck.check(new LinearRenderer(), cam, Rigid.identity(), w, 1e-3, 0.5);
        assertArrayEquals(r.analytic(), r.centralDifference(), 1e-3);
        for (double e : r.relativeError()) assertEquals(0, e, 1e-4);
        assertArrayEquals(new double[] {1e-3, 1e-3, 1e-3, 0.5, 0.5, 0.5}, r.step(), 0);
    }

    @Test
    void relativeErrorAndBadSteps() {
        GradientCheck.Result r = new GradientCheck.Result(new double[] {1, 0, 2, 0, 0, 0}, new double[] {1.1, 0, 1, 0, 0, 0}, new double[6]);
        assertEquals(0.1 / 1.1, r.relativeError()[0], 1e-12);
        assertEquals(0, r.relativeError()[1], 0);
        assertEquals(0.5, r.relativeError()[2], 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(new LinearRenderer(), Camera.centred(2, 2, 1, 1, 10), Rigid.identity(), new Image(2, 2), 0, 1));
    }
}
