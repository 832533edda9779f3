package org.crossview.render.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Camera;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares us with plastimatch only if both render the same scene: an independent
 * implementation (plastimatch's trilinear "uniform" marcher, lengths in cm) must give our image.
 */
class PlastimatchAgreementTest {
    @Test
    void plastimatchRendersTheSameScene() throws Exception {
        Assumptions.assumeTrue(PlastimatchDrr.available(), "plastimatch not installed (apt-get install plastimatch): skipping");
        Volume vol = blobs(48);
        int size = 40;
        try (PlastimatchDrr peer = PlastimatchDrr.prepare(vol)) {
            peer.run("uniform", size, 1, 0);
            float[] theirs = peer.firstImage(size);
            Camera cam = BenchScene.camera(size);
            Image ours = new CpuRenderer(vol, new RenderSettings(PlastimatchDrr.UNIFORM_STEP_FRACTION)).render(cam, BenchScene.gantryPose(0));
            double[] best = RenderBenchmark.bestAgreement(ours, theirs, 10);
            System.out.printf("plastimatch vs ours: relative RMS difference %.2e (symmetry #%d)%n", best[0], (int) best[1]);
            assertTrue(best[0] < 1e-3, "plastimatch and CpuRenderer disagree: relative RMS " + best[0]);
            // Its rows run the other way (symmetry 2 = rows flipped): make sure the images are not trivially symmetric.
            double[] unflipped = RenderBenchmark.bestAgreement(ours, flipRows(theirs, size), 10);
            assertTrue((int) unflipped[1] != (int) best[1], "symmetry detection");
        }
    }

    /** Asymmetric smooth blobs that vanish well inside the box (edge handling differs between renderers). */
    private static Volume blobs(int n) {
        double half = (n - 1) / 2.0;
        double[][] b = {{-6, 3, 2, 5, 0.03}, {7, -4, -3, 3.5, 0.05}, {2, 8, -6, 3, 0.04}};
        float[] data = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double mu = 0;
                    for (double[] g : b) {
                        double dx = i - half - g[0], dy = j - half - g[1], dz = k - half - g[2];
                        mu += g[4] * Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * g[3] * g[3]));
                    }
                    data[i + n * (j + n * k)] = (float) mu;
                }
            }
        }
        return new Volume(n, n, n, new double[] {1, 1, 1}, new double[] {-half, -half, -half}, data);
    }

    private static float[] flipRows(float[] im, int n) {
        float[] out = new float[im.length];
        for (int v = 0; v < n; v++) System.arraycopy(im, v * n, out, (n - 1 - v) * n, n);
        return out;
    }
}
