package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit voxels ({@link Fixed16}, {@link VoxelFormat#U16}, Joseph's): the code's round trip error bound, exact zeros,
 * the rejection of what it cannot store, and the bound that rounding puts on a DRR against the float voxels.
 */
class VoxelFormatTest {
    @Test
    void roundTripIsWithinHalfAStepAndZeroStaysZero() {
        Random rnd = new Random(3);
        for (double max : new double[] {0.05, 1.0, 3.7e-3, 20}) {
            double scale = Fixed16.scale(max);
            assertEquals(Fixed16.MAX_CODE, Fixed16.encode((float) max, scale), "the largest voxel takes the top code");
            assertEquals(0, Fixed16.encode(0f, scale));
            assertEquals(0, Fixed16.encode(Float.MIN_VALUE, scale), "subnormal μ is physically 0");
            assertEquals(0.0, Fixed16.decode((char) 0, scale), 0.0);
            double worst = 0;
            for (int i = 0; i < 100_000; i++) {
                float mu = (float) (max * rnd.nextDouble());
                worst = Math.max(worst, Math.abs(Fixed16.decode(Fixed16.encode(mu, scale), scale) - mu));
            }
            assertTrue(worst <= 0.5 * scale * (1 + 1e-9), "max " + max + ": round trip error " + worst + " > scale/2 = " + 0.5 * scale);
            assertTrue(worst > 0.4 * scale, "the bound should be nearly reached on 1e5 random values: " + worst / scale);
        }
        assertEquals(0, Fixed16.encode(0f, Fixed16.scale(0)), "an all-zero volume");
    }

    @Test
    void whatCannotBeStoredIsRejectedWithTheFieldNamed() {
        double scale = Fixed16.scale(1);
        for (float bad : new float[] {-1e-3f, Float.NaN, Float.NEGATIVE_INFINITY, 1.01f}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixed16.encode(bad, scale), "μ = " + bad);
            assertTrue(e.getMessage().startsWith("mu:"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Fixed16.scale(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Fixed16.scale(-1));
    }

    @Test
    void eachProjectorReadsItsFormatAndJosephRejectsNegativeVoxelsWithTheFieldNamed() {
        Volume v = smallVolume(new Random(5));
        assertEquals(VoxelFormat.U16, new CpuRenderer(v, new RenderSettings(1.0, Projector.JOSEPH)).voxels());
        assertEquals(VoxelFormat.F32, new CpuRenderer(v, RenderSettings.defaults()).voxels());
        v.data()[17] = -0.01f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuRenderer(v, new RenderSettings(1.0, Projector.JOSEPH)));
        assertTrue(e.getMessage().startsWith("mu:"), e.getMessage());
        assertEquals(VoxelFormat.F32, new CpuRenderer(v, RenderSettings.defaults()).voxels(), "the trilinear projector keeps any μ");
    }

    @Test
    void backEndNamesPickTheProjector() {
        Volume v = smallVolume(new Random(6));
        assertEquals("cpu", Renderers.create("cpu", v, RenderSettings.defaults()).name());
        assertEquals("joseph", Renderers.create("joseph", v, RenderSettings.defaults()).name());
        assertEquals(VoxelFormat.U16, ((CpuRenderer) Renderers.create("joseph", v, RenderSettings.defaults())).voxels());
        for (String gone : new String[] {"cpu-u16", "joseph-f32"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Renderers.create(gone, v, RenderSettings.defaults()));
            assertTrue(e.getMessage().startsWith("backend:"), e.getMessage());
        }
    }

    /**
     * Each sample's bilinear weights sum to 1 and each voxel is off by at most scale/2, so a ray's Joseph sum is off by at
     * most scale/2 · (samples · their weight), and samples · weight ≤ the chord through the padded grid plus a step. The
     * reference is Joseph's sum in double over the float voxels ({@link JosephProjectorTest#referenceJoseph}), which shares
     * no code with the renderer; float rounding of the renderer's sums comes on top (its own test holds it to 2e-6 of max).
     */
    @Test
    void josephDrrsDifferFromTheFloatVolumesByAtMostHalfACodePerMillimetreOfRay() {
        Volume v = smallVolume(new Random(7));
        double max = 0;
        for (float x : v.data()) max = Math.max(max, x);
        double scale = Fixed16.scale(max);
        double[] sp = v.spacingMm();
        double chordMm = Math.sqrt(Math.pow((v.nx() + 4) * sp[0], 2) + Math.pow((v.ny() + 4) * sp[1], 2) + Math.pow((v.nz() + 4) * sp[2], 2));
        Camera cam = Camera.centred(32, 28, 1.2, 1.2, 400);
        Rigid[] poses = {Scenes.lookAt(new double[] {0, 0, 0}, 250, 0.3, -0.5, 0.2), Scenes.lookAt(new double[] {2, -1, 3}, 230, 1.4, 0.2, -0.9)};
        Image[] a = new CpuRenderer(v, new RenderSettings(0.7, Projector.JOSEPH)).render(cam, poses);
        double step = Math.max(sp[0], Math.max(sp[1], sp[2])) * Math.sqrt(3);
        double bound = 0.5 * scale * (chordMm + step);
        double worst = 0, peak = 0;
        for (int k = 0; k < poses.length; k++) {
            double[] ref = JosephProjectorTest.referenceJoseph(v, cam, poses[k]);
            for (int i = 0; i < ref.length; i++) peak = Math.max(peak, ref[i]);
            for (int i = 0; i < ref.length; i++) {
                double d = Math.abs(a[k].data()[i] - ref[i]);
                assertTrue(d <= bound + 2e-6 * peak, "pose " + k + " pixel " + i + ": |Δ| " + d + " > bound " + bound);
                worst = Math.max(worst, d);
            }
        }
        System.out.printf("joseph 16-bit vs double over floats: worst |Δ| %.2e, bound %.2e, peak %.3f%n", worst, bound, peak);
        assertTrue(worst > 0 && peak > 0.1, "the volume should be in view and rounded somewhere");
    }

    /** 40×36×30 voxels of (1, 1.2, 1.5) mm: a smooth field plus noise, μ ≥ 0, centred at the origin. */
    private static Volume smallVolume(Random rnd) {
        int nx = 40, ny = 36, nz = 30;
        double[] sp = {1, 1.2, 1.5};
        float[] d = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double r2 = Math.pow((i - nx / 2.0) / 15, 2) + Math.pow((j - ny / 2.0) / 13, 2) + Math.pow((k - nz / 2.0) / 11, 2);
                    d[i + nx * (j + ny * k)] = r2 < 1 ? (float) (0.02 * (1 - r2) + 0.005 * rnd.nextDouble()) : 0f;
                }
            }
        }
        double[] origin = {-(nx - 1) * sp[0] / 2, -(ny - 1) * sp[1] / 2, -(nz - 1) * sp[2] / 2};
        return new Volume(nx, ny, nz, sp, origin, d);
    }
}
