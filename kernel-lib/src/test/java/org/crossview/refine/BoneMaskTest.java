package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class BoneMaskTest {

    /** Soft tissue everywhere, with a bone sphere of radius 30 mm at the origin (4 mm voxels). */
    private static Volume body() {
        int n = 40;
        float[] mu = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = (i - 19.5) * 4, y = (j - 19.5) * 4, z = (k - 19.5) * 4;
                    mu[i + n * (j + n * k)] = x * x + y * y + z * z < 30 * 30 ? 0.04f : 0.02f;
                }
            }
        }
        return new Volume(n, n, n, new double[] {4, 4, 4}, new double[] {-78, -78, -78}, mu);
    }

    @Test
    void keepsTheBonesImagePlusAMargin() {
        BoneMask mask = BoneMask.forVolume(body(), 0.03, v -> new CpuRenderer(v, new RenderSettings(1)));
        Camera camera = TestCases.camera(64);
        Image m = mask.mask(CaseView.single("ap", camera, new Image(64, 64)), TestCases.apVolFromCam());
        // The sphere's shadow: radius 30·1020/750 = 40.8 mm on the detector, 8.8 pixels of 4.656 mm; the mask
        // keeps rays with ≥ 2 mm of bone (radius ≈ 8.6 px) plus 3 pixels of margin.
        assertEquals(1f, m.get(32, 32));
        assertEquals(1f, m.get(31 + 11, 32), "within the margin");
        assertEquals(0f, m.get(31 + 14, 32), "beyond the margin");
        assertEquals(0f, m.get(2, 2), "soft tissue only");
    }

    @Test
    void anEstimateThatMissesTheBoneIsAClearError() {
        BoneMask mask = BoneMask.forVolume(body(), 0.03, v -> new CpuRenderer(v, new RenderSettings(1)));
        Rigid away = TestCases.apVolFromCam().compose(Rigid.translation(400, 0, 0));
        assertThrows(IllegalStateException.class, () -> mask.mask(CaseView.single("ap", TestCases.camera(32), new Image(32, 32)), away));
    }
}
