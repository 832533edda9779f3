package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;
import org.junit.jupiter.api.Test;

/** The simulator's own steps, checked against analytic answers with a stub renderer whose DRR is a known function. */
class XraySimulatorTest {
    /** DRR = k · (detector x in mm): a ramp along the columns, independent of the pose. */
    record RampRenderer(double k) implements Renderer {
        @Override
        public Image[] render(Camera camera, Rigid[] volFromCam) {
            Image[] out = new Image[volFromCam.length];
            for (int p = 0; p < out.length; p++) {
                out[p] = new Image(camera.cols(), camera.rows());
                for (int v = 0; v < camera.rows(); v++) {
                    for (int u = 0; u < camera.cols(); u++) out[p].set(u, v, (float) (k * camera.detectorPoint(u, v)[0]));
                }
            }
            return out;
        }

        @Override
        public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String name() {
            return "ramp";
        }
    }

    static final Camera CAM = Camera.deepFluoroFullRes().binned(32); // 48×48 pixels of 6.208 mm

    @Test
    void supersamplingAveragesIntensitiesNotLineIntegrals() {
        double k = 0.05; // per mm of detector x
        XraySimulator.Settings s = new XraySimulator.Settings(1e4, 0.194, 0, 4, false);
        Image im = new XraySimulator(new RampRenderer(k), s).simulate(CAM, Rigid.identity(), 1);
        double ps = CAM.pixelColSpacingMm();
        for (int u : new int[] {0, 13, 47}) {
            double x = CAM.detectorPoint(u, 0)[0];
            double expected = 0;
            for (int i = 0; i < 4; i++) expected += 1e4 * Math.exp(-k * (x + (i - 1.5) * ps / 4)) / 4; // 4 sub-rays across the pixel
            assertEquals(expected, im.get(u, 5), expected * 1e-5, "pixel " + u);
        }
        XraySimulator.Settings one = s.withSupersample(1);
        Image centre = new XraySimulator(new RampRenderer(k), one).simulate(CAM, Rigid.identity(), 1);
        assertEquals(1e4 * Math.exp(-k * CAM.detectorPoint(13, 0)[0]), centre.get(13, 0), 1e-1);
        Camera fine = XraySimulator.supersampled(CAM, 3).binned(3);
        assertEquals(CAM.toString(), fine.toString());
    }

    @Test
    void poissonNoiseHasTheRightMeanAndVariance() {
        // DRR ≡ 0 over a 48×48 camera of 6.208 mm pixels: λ = I0·(6.208/0.194)² = 1024·I0 photons per pixel;
        // I0 = 0.01 (λ ≈ 10) takes the exact sampler, I0 = 10 (λ ≈ 1e4) the normal limit.
        for (double i0 : new double[] {0.01, 10}) {
            XraySimulator.Settings s = new XraySimulator.Settings(i0, 0.194, 0, 1, true);
            Image im = new XraySimulator(new RampRenderer(0), s).simulate(CAM, Rigid.identity(), 42);
            double area = Math.pow(CAM.pixelColSpacingMm() / 0.194, 2);
            double mean = im.mean(), var = 0;
            for (float x : im.data()) var += (x - mean) * (x - mean);
            int n = im.data().length;
            var /= n - 1;
            assertEquals(i0, mean, 4 * Math.sqrt(i0 / area / n), "mean at I0 " + i0);
            assertEquals(i0 / area, var, i0 / area * 5 * Math.sqrt(2.0 / n), "variance at I0 " + i0); // sd of a sample variance ≈ σ²·√(2/n)
            Image again = new XraySimulator(new RampRenderer(0), s).simulate(CAM, Rigid.identity(), 42);
            assertArrayEquals(im.data(), again.data(), "same seed, same image");
            Image other = new XraySimulator(new RampRenderer(0), s).simulate(CAM, Rigid.identity(), 43);
            assertFalse(Arrays.equals(im.data(), other.data()));
        }
    }

    @Test
    void binMeanAverages() {
        Image im = new Image(4, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        Image b = XraySimulator.binMean(im, 2);
        assertArrayEquals(new float[] {3.5f, 5.5f}, b.data());
        assertTrue(b.cols() == 2 && b.rows() == 1);
    }
}
