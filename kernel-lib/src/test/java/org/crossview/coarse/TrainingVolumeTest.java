package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crossview.geometry.Camera;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class TrainingVolumeTest {

    /** DeepFluoro's detector (1536 × 0.194 mm, SDD 1020 mm) at 64²: 4.656 mm pixels, 3.424 mm at 750 mm. */
    @Test
    void footprintIsThePixelScaledToTheIsocentre() {
        Camera c64 = Camera.deepFluoroFullRes().resized(64, 64);
        assertEquals(1536 * 0.194 / 64 * 750 / 1020, TrainingVolume.footprintMm(c64, 750), 1e-3);
    }

    @Test
    void aOneMillimetreCtIsAveragedThreeTimesAndKeepsItsIntegral() {
        int n = 30;
        float[] data = new float[n * n * n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        double sum = 0;
        for (int i = 0; i < data.length; i++) sum += data[i] = (float) rng.nextDouble(0, 0.03);
        Volume mu = new Volume(n, n, n, new double[] {1, 1, 1}, new double[] {-15, -15, -15}, data);
        TrainingVolume tv = TrainingVolume.forCamera(mu, Camera.deepFluoroFullRes().resized(64, 64), 750);
        assertEquals(3, tv.factor());
        assertEquals(3.424, tv.stepMm(), 1e-3);
        double coarse = 0;
        for (float v : tv.mu().data()) coarse += v * 27.0;
        assertEquals(sum, coarse, 1e-4 * sum, "block averaging keeps the total attenuation (line integrals on average)");
        // A CT coarser than the footprint is kept as it is.
        Volume four = new Volume(4, 4, 4, new double[] {4, 4, 4}, new double[] {0, 0, 0}, new float[64]);
        TrainingVolume same = TrainingVolume.forCamera(four, Camera.deepFluoroFullRes().resized(64, 64), 750);
        assertEquals(1, same.factor());
        assertEquals(4.0, same.stepMm(), 1e-12);
    }
}
