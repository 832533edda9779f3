package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class XraySimulatorLogTest {
    @Test
    void withoutBlurAndNoiseTheLogImageIsTheLineIntegral() {
        float[] d = new float[20 * 20 * 20];
        for (int i = 0; i < d.length; i++) d[i] = 0.01f + 0.001f * (i % 13);
        Volume mu = new Volume(20, 20, 20, new double[] {5, 5, 5}, new double[] {-47.5, -47.5, -47.5}, d);
        Camera cam = Camera.centred(16, 12, 12, 12, 1020);
        Rigid pose = CArm.atIsocentre(new double[] {0, 0, 0}).volFromCam(10, 5);
        try (CpuRenderer r = new CpuRenderer(mu, new RenderSettings(1))) {
            XraySimulator sim = new XraySimulator(r, new XraySimulator.Settings(1e4, 0.194, 0, 1, false));
            Image log = sim.simulateLog(cam, pose, 3);
            Image drr = r.render(cam, pose);
            double worst = 0;
            for (int i = 0; i < drr.data().length; i++) worst = Math.max(worst, Math.abs(log.data()[i] - drr.data()[i]));
            assertEquals(0, worst, 1e-4 * drr.max(), "−log(I/I₀) undoes I = I₀·exp(−DRR)");
        }
    }
}
