package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Pivot;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class PoseJacobianTest {
    /** A smooth blob (Gaussian, σ = 12 mm) in a 64³ volume of 2 mm voxels centred at the origin. */
    private static Volume blob() {
        int n = 64;
        float[] d = new float[n * n * n];
        double c = (n - 1) / 2.0;
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double x = 2 * (i - c), y = 2 * (j - c) - 10, z = 2 * (k - c) + 6;
            d[i + n * (j + n * k)] = (float) (0.03 * Math.exp(-(x * x + y * y + z * z) / (2 * 144.0)));
        }
        return new Volume(n, n, n, new double[] {2, 2, 2}, new double[] {-2 * c, -2 * c, -2 * c}, d);
    }

    @Test
    void imagesAreTheDerivativesAboutThePivotPerDegreeAndMillimetre() {
        Volume mu = blob();
        Camera cam = Camera.centred(24, 20, 4, 4, 1020);
        Rigid pose = CArm.atIsocentre(new double[] {0, 0, 0}).volFromCam(15, 5);
        Pivot pivot = Pivot.atLps(pose, new double[] {25, -5, 12}); // off the blob's centre (0, 10, −6): rotations move it
        try (CpuRenderer r = new CpuRenderer(mu, new RenderSettings(0.25))) {
            Image[] images = PoseJacobian.images(r, cam, pose, pivot);
            double[] steps = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}; // degrees and mm: the blob is smooth on that scale
            for (int k = 0; k < 6; k++) {
                double[] plus = new double[6], minus = new double[6];
                plus[k] = steps[k];
                minus[k] = -steps[k];
                Image a = r.render(cam, pivot.perturbDegMm(pose, plus)), b = r.render(cam, pivot.perturbDegMm(pose, minus));
                double err = 0, scale = 0;
                for (int p = 0; p < a.data().length; p++) {
                    double fd = (a.data()[p] - b.data()[p]) / (2 * steps[k]);
                    err = Math.max(err, Math.abs(fd - images[k].data()[p]));
                    scale = Math.max(scale, Math.abs(fd));
                }
                assertTrue(scale > 0, PoseJacobian.NAMES[k] + " changes the image");
                // depth (tz) is the one direction where the exact derivative of the fixed-sample sum fluctuates around the
                // finite-difference trend (samples slide along the beam past voxel faces; see notebook 02): looser there
                double tolerance = k == 5 ? 0.15 : 0.03;
                assertTrue(err < tolerance * scale, PoseJacobian.NAMES[k] + ": max error " + err + " vs max " + scale);
            }
            double[] rms = PoseJacobian.rms(images);
            assertTrue(rms[5] < 0.3 * rms[3], "depth changes the image much less than a sideways shift: " + rms[5] + " vs " + rms[3]);
        }
    }

    @Test
    void rmsByHand() {
        assertEquals(Math.sqrt(12.5), PoseJacobian.rms(new Image[] {new Image(2, 1, new float[] {3, 4})})[0], 1e-12);
    }
}
