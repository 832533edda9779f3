package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.RotationParams;
import org.junit.jupiter.api.Test;

/** Resampling, block averaging, masks and crops, checked with linear fields whose values are known everywhere. */
class ResampleTest {
    /** f(x) = 3 + 0.5x − 0.25y + 0.125z (LPS mm): trilinear interpolation and block means reproduce it exactly. */
    private static double field(double[] p) {
        return 3 + 0.5 * p[0] - 0.25 * p[1] + 0.125 * p[2];
    }

    private static Volume linearVolume(int nx, int ny, int nz, double[] spacing, double[] origin, double[] dir) {
        Volume shape = new Volume(nx, ny, nz, spacing, origin, dir, new float[nx * ny * nz]);
        float[] d = shape.data();
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) d[shape.index(i, j, k)] = (float) field(shape.indexToLps(i, j, k));
        return shape;
    }

    private static final double[] OBLIQUE = RotationParams.fromEuler(RotationParams.EulerConvention.INTRINSIC_ZYX, 0.3, 0.1, -0.2);

    @Test
    void blockAveragingKeepsPositions() {
        Volume v = linearVolume(10, 9, 7, new double[] {1, 1.5, 2}, new double[] {-5, 3, 10}, OBLIQUE);
        Volume d = Resample.downsample(v, 2);
        assertEquals(5, d.nx());
        assertEquals(4, d.ny()); // the partial block is dropped
        assertEquals(3, d.nz());
        assertArrayEquals(new double[] {2, 3, 4}, d.spacingMm(), 1e-12);
        for (int k = 0; k < d.nz(); k++) for (int j = 0; j < d.ny(); j++) for (int i = 0; i < d.nx(); i++) {
            assertEquals(field(d.indexToLps(i, j, k)), d.get(i, j, k), 1e-4, "block mean at its centre");
        }
        // The output voxel (0,0,0) sits at the centre of the input's first 2×2×2 block.
        assertArrayEquals(v.indexToLps(0.5, 0.5, 0.5), d.originMm(), 1e-12);
    }

    @Test
    void trilinearResamplingReproducesALinearField() {
        Volume v = linearVolume(12, 10, 8, new double[] {1, 1, 1.5}, new double[] {0, -4, 2}, OBLIQUE);
        Volume r = Resample.toSpacing(v, new double[] {0.7, 1.3, 2.1}, Resample.Interpolation.LINEAR);
        assertEquals(Math.round(12 / 0.7), r.nx());
        assertEquals(Math.round(10 / 1.3), r.ny());
        assertEquals(Math.round(12 / 2.1), r.nz());
        // Both grids are centred on the same box.
        assertArrayEquals(v.centreLps(), r.centreLps(), 1e-9);
        int checked = 0;
        for (int k = 0; k < r.nz(); k++) for (int j = 0; j < r.ny(); j++) for (int i = 0; i < r.nx(); i++) {
            double[] idx = v.lpsToIndex(r.indexToLps(i, j, k));
            boolean interior = idx[0] >= 0 && idx[0] <= 11 && idx[1] >= 0 && idx[1] <= 9 && idx[2] >= 0 && idx[2] <= 7;
            if (!interior) continue; // beyond the outermost centres the edge value is held
            assertEquals(field(r.indexToLps(i, j, k)), r.get(i, j, k), 1e-4);
            checked++;
        }
        assertTrue(checked > 300, "checked " + checked);
    }

    @Test
    void nearestKeepsLabelValues() {
        float[] labels = new float[6 * 6 * 6];
        for (int n = 0; n < labels.length; n++) labels[n] = n % 7;
        Volume v = new Volume(6, 6, 6, new double[] {1, 1, 1}, new double[] {0, 0, 0}, labels);
        Volume r = Resample.toSpacing(v, 0.5, Resample.Interpolation.NEAREST);
        assertEquals(12, r.nx());
        for (float x : r.data()) assertEquals(Math.round(x), x, 0);
        // Voxel (2,2,2) of the half-mm grid lies at 0.75 mm → nearest old voxel 1 (0.75 rounds up).
        assertEquals(v.get(1, 1, 1), r.get(2, 2, 2));
    }

    @Test
    void masksAndRestrictionsByLabel() {
        float[] lab = {0, 1, 2, 5, 5, 7, 1, 0};
        Volume labels = new Volume(2, 2, 2, new double[] {1, 1, 1}, new double[] {0, 0, 0}, lab);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 0, 1, 0}, Labels.mask(labels, 1, 5).data());
        float[] mu = {9, 8, 7, 6, 5, 4, 3, 2};
        Volume values = labels.withData(mu);
        assertArrayEquals(new float[] {0, 0, 7, 0, 0, 4, 0, 0}, Labels.restrict(values, labels, 2, 7).data());
        assertEquals(2, Labels.count(labels, 5));
        Volume other = new Volume(2, 2, 2, new double[] {1, 1, 2}, new double[] {0, 0, 0}, mu);
        assertThrows(IllegalArgumentException.class, () -> Labels.restrict(other, labels, 1));
        assertThrows(IllegalArgumentException.class, () -> Labels.mask(labels));
    }

    @Test
    void cropKeepsEveryVoxelWhereItWas() {
        Volume v = linearVolume(9, 8, 7, new double[] {1, 2, 3}, new double[] {5, -5, 0}, OBLIQUE);
        int[] box = {2, 1, 3, 7, 8, 5};
        Volume c = Crop.toBox(v, box);
        assertEquals(5, c.nx());
        assertEquals(7, c.ny());
        assertEquals(2, c.nz());
        for (int k = 0; k < c.nz(); k++) for (int j = 0; j < c.ny(); j++) for (int i = 0; i < c.nx(); i++) {
            assertEquals(v.get(i + 2, j + 1, k + 3), c.get(i, j, k));
            assertArrayEquals(v.indexToLps(i + 2, j + 1, k + 3), c.indexToLps(i, j, k), 1e-12);
        }
        float[] d = new float[9 * 8 * 7];
        Volume one = v.withData(d);
        d[one.index(4, 3, 2)] = 5;
        d[one.index(6, 3, 5)] = 2;
        assertArrayEquals(new int[] {4, 3, 2, 7, 4, 6}, Crop.boundingBox(one, 1, 0));
        assertArrayEquals(new int[] {3, 2, 1, 8, 5, 7}, Crop.boundingBox(one, 1, 1)); // clipped at nz = 7
        assertThrows(IllegalArgumentException.class, () -> Crop.boundingBox(one, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> Crop.toBox(v, new int[] {0, 0, 0, 10, 1, 1}));
    }
}
