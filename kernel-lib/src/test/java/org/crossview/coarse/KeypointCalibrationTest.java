package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeypointCalibrationTest {
    @Test
    void robustSdIsTheGaussianSdAndIgnoresAFewFarPoints() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] e = new double[20_000];
        for (int i = 0; i < e.length; i++) e[i] = 0.2 * rng.nextGaussian();
        assertEquals(0.2, KeypointCalibration.robustSd(e), 0.006);
        // A tenth of the points far off (beyond the image): the median of |e| becomes the Gaussian part's 0.5/0.9 quantile,
        // Φ⁻¹((1 + 0.5/0.9)/2)·σ = 0.7647σ instead of 0.6745σ (+13 %), where the RMS would grow 8-fold.
        for (int i = 0; i < e.length; i += 10) e[i] = (i % 20 == 0 ? 5 : -5);
        double sd = KeypointCalibration.robustSd(e);
        assertEquals(0.2 * 0.7647 / 0.6745, sd, 0.01, "with 10 % outliers");
        assertThrows(IllegalArgumentException.class, () -> KeypointCalibration.robustSd(new double[0]));
    }
}
