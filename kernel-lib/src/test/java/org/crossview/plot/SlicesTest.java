package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.image.Image;
import org.crossview.plot.Slices.Plane;
import org.crossview.plot.Slices.Slice;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class SlicesTest {
    // 10×8×6 voxels of 1×2×3 mm; one bright voxel at (i, j, k) = (7, 2, 4), i.e. LPS (2, 4, 22)
    private static final double[] ORIGIN = {-5, 0, 10};
    private static final double[] BRIGHT_LPS = {2, 4, 22};

    private static Volume identityVolume() {
        float[] d = new float[10 * 8 * 6];
        d[7 + 10 * (2 + 8 * 4)] = 100;
        return new Volume(10, 8, 6, new double[] {1, 2, 3}, ORIGIN, d);
    }

    /** The same box and content, stored with i and j reversed (direction diag(−1, −1, 1)), as RAS-born files are. */
    private static Volume flippedVolume() {
        float[] d = new float[10 * 8 * 6];
        d[(9 - 7) + 10 * ((7 - 2) + 8 * 4)] = 100;
        double[] origin = {ORIGIN[0] + 9, ORIGIN[1] + 14, ORIGIN[2]};
        return new Volume(10, 8, 6, new double[] {1, 2, 3}, origin, new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, d);
    }

    @Test
    void aVoxelAppearsWhereTheRadiologicalConventionPutsIt() {
        Volume v = identityVolume();
        // axial: column = L from the left edge (x = −5), row = P from the anterior edge (y = 0)
        Slice axial = Slices.through(v, Plane.AXIAL, BRIGHT_LPS, 1.0);
        assertEquals(10, axial.image().cols());
        assertEquals(15, axial.image().rows());
        assertEquals(100, axial.image().get(7, 4), 1e-4);
        // coronal: row = down from the superior edge (z = 25)
        Slice coronal = Slices.through(v, Plane.CORONAL, BRIGHT_LPS, 1.0);
        assertEquals(100, coronal.image().get(7, 3), 1e-4);
        assertEquals(16, coronal.image().rows());
        // sagittal: column = P from the anterior edge, row = down from the top
        Slice sagittal = Slices.through(v, Plane.SAGITTAL, BRIGHT_LPS, 1.0);
        assertEquals(100, sagittal.image().get(4, 3), 1e-4);
        assertEquals(15, sagittal.image().cols());
    }

    @Test
    void pixelOfInvertsLpsOfAndMeasuresTheDistanceToThePlane() {
        for (Plane plane : Plane.values()) {
            Slice s = Slices.through(identityVolume(), plane, BRIGHT_LPS, 0.5);
            double[] p = s.lpsOf(3.25, 7.5);
            double[] back = s.pixelOf(p);
            assertEquals(3.25, back[0], 1e-9, plane.name());
            assertEquals(7.5, back[1], 1e-9, plane.name());
            assertEquals(0, back[2], 1e-9, plane.name());
            double[] off = p.clone();
            off[plane.normalAxis()] += 4;
            assertEquals(4, s.pixelOf(off)[2], 1e-9);
            double[] uv = s.pixelOf(BRIGHT_LPS);
            assertEquals(100, s.image().get((int) Math.round(uv[0] * 1), (int) Math.round(uv[1])), 1e-3, plane.name());
        }
    }

    @Test
    void pixelsNearKeepsOnlyPointsCloseToThePlane() {
        Slice axial = Slices.through(identityVolume(), Plane.AXIAL, BRIGHT_LPS, 1.0);
        Map<String, double[]> points = new LinkedHashMap<>();
        points.put("on", BRIGHT_LPS);
        points.put("near", new double[] {0, 2, 24});
        points.put("far", new double[] {0, 2, 40});
        Map<String, double[]> near = axial.pixelsNear(points, 3);
        assertEquals(2, near.size());
        assertArrayEquals(new double[] {7, 4}, near.get("on"), 1e-9);
        assertArrayEquals(new double[] {5, 2}, near.get("near"), 1e-9);
        assertEquals(3, axial.pixelsNear(points, Double.POSITIVE_INFINITY).size());
    }

    @Test
    void theDirectionMatrixDoesNotChangeThePicture() {
        for (Plane plane : Plane.values()) {
            Image a = Slices.through(identityVolume(), plane, BRIGHT_LPS, 1.0).image();
            Image b = Slices.through(flippedVolume(), plane, BRIGHT_LPS, 1.0).image();
            assertEquals(a.cols(), b.cols());
            assertEquals(a.rows(), b.rows());
            assertArrayEquals(a.data(), b.data(), 1e-4f, plane.name());
        }
    }

    @Test
    void trilinearHalfwayBetweenVoxelsAndNearestForLabels() {
        Volume v = identityVolume();
        // half a millimetre to the right of the bright voxel along L (voxels 1 mm apart): trilinear gives half
        Slice fine = Slices.at(v, Plane.AXIAL, 22, 0.5, false);
        assertEquals(50, fine.image().get(15, 8), 1e-3);
        assertEquals(100, fine.image().get(14, 8), 1e-3);
        Slice labels = Slices.at(v, Plane.AXIAL, 22, 0.5, true);
        float between = labels.image().get(15, 8);
        assertTrue(between == 0 || between == 100, "nearest never blends: " + between);
    }

    @Test
    void projectionsTakeTheMaximumOrTheMeanAlongTheNormal() {
        float[] d = new float[4 * 5 * 3];
        for (int j = 0; j < 5; j++) d[1 + 4 * (j + 5 * 2)] = j; // column i=1, k=2: values 0..4 along P
        Volume v = new Volume(4, 5, 3, new double[] {1, 1, 1}, new double[] {0, 0, 0}, d);
        Slice mip = Slices.mip(v, Plane.CORONAL, 1.0);
        Slice mean = Slices.mean(v, Plane.CORONAL, 1.0);
        // coronal: column = L (i), row 0 = the superior edge (k = 2)
        assertEquals(4, mip.image().get(1, 0), 1e-6);
        assertEquals(2, mean.image().get(1, 0), 1e-6);
        assertEquals(0, mean.image().get(0, 0), 1e-6);
    }

    @Test
    void badPixelSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Slices.at(identityVolume(), Plane.AXIAL, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Slices.at(identityVolume(), Plane.AXIAL, Double.NaN, 1, false));
    }
}
