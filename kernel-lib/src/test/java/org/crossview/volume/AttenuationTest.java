package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** HU → μ against values worked out by hand from μ = μ_water·(1 + HU/1000). */
class AttenuationTest {
    private static Volume line(float... hu) {
        return new Volume(hu.length, 1, 1, new double[] {1, 2, 3}, new double[] {4, 5, 6}, hu);
    }

    @Test
    void linearLawClampedAtZero() {
        Volume mu = Attenuation.fromHu(line(-1100, -1000, -500, 0, 350, 1000, 2000));
        float[] m = mu.data();
        assertEquals(0, m[0], 0, "below air clamps to 0");
        assertEquals(0, m[1], 1e-9);
        assertEquals(0.01, m[2], 1e-8);
        assertEquals(0.02, m[3], 1e-8, "water");
        assertEquals(0.027, m[4], 1e-8);
        assertEquals(0.04, m[5], 1e-8);
        assertEquals(0.06, m[6], 1e-8);
        assertEquals(7, mu.nx(), "grid kept");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3}, mu.spacingMm());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {4, 5, 6}, mu.originMm());
    }

    @Test
    void boneMultiplierScalesOnlyTheExcessAboveTheThreshold() {
        float[] m = Attenuation.fromHu(line(0, 350, 351, 1350), 0.025, 3).data();
        assertEquals(0.025, m[0], 1e-8, "soft tissue untouched");
        assertEquals(0.025 * 1.35, m[1], 1e-8, "at the threshold untouched");
        assertEquals(0.025 * 1.35 + 3 * 0.025 * 0.001, m[2], 1e-8, "continuous above it");
        assertEquals(0.025 * 1.35 + 3 * 0.025, m[3], 1e-7);
        // Multiplier 1 is the plain law.
        assertEquals(0.025 * 2.35, Attenuation.fromHu(line(1350), 0.025, 1).data()[0], 1e-8);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attenuation.fromHu(line(0, Float.NaN, 3)));
        assertTrue(e.getMessage().contains("hu") && e.getMessage().contains("(1,0,0)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Attenuation.fromHu(line(0), -0.02, 1));
        assertTrue(e.getMessage().contains("muWaterPerMm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Attenuation.fromHu(line(0), 0.02, 0));
        assertTrue(e.getMessage().contains("boneMultiplier"), e.getMessage());
        assertEquals(0, Attenuation.huOf(0.02, 0.02), 1e-9);
    }
}
