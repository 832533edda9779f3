package org.crossview.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DeepFluoro pinhole camera against numbers worked out by hand from DESIGN.md §2. */
class CameraTest {
    private final Camera full = Camera.deepFluoroFullRes();

    @Test
    void deepFluoroIntrinsics() {
        assertEquals(-1020 / 0.194, full.fx(), 1e-9);
        assertEquals(-5257.73, full.fx(), 0.005);
        assertEquals(767.5, full.cx(), 0);
        assertEquals(767.5, full.cy(), 0);
        Camera b8 = full.binned(8);
        assertEquals(192, b8.cols());
        assertEquals(192, b8.rows());
        assertEquals(-657.2165, b8.fx(), 1e-4);
        assertEquals(-657.2165, b8.fy(), 1e-4);
        assertEquals(95.5, b8.cx(), 1e-12);
        assertEquals(95.5, b8.cy(), 1e-12);
        assertEquals(1.552, b8.pixelColSpacingMm(), 1e-12);
    }

    @Test
    void projectsByHand() {
        // u = cx + fx·x/z: a point 10 mm along +x at 1000 mm depth lands 10·1020/1000/0.194 px right of centre.
        double[] uv = full.project(new double[] {10, -5, -1000});
        assertEquals(767.5 + 10 * 1.020 / 0.194, uv[0], 1e-9);
        assertEquals(767.5 - 5 * 1.020 / 0.194, uv[1], 1e-9);
        // On the optical axis: the principal point.
        double[] c = full.project(new double[] {0, 0, -400});
        assertEquals(767.5, c[0], 1e-12);
        assertEquals(767.5, c[1], 1e-12);
        // Behind the source: not imaged.
        assertTrue(Double.isNaN(full.project(new double[] {0, 0, 10})[0]));
    }

    @Test
    void detectorPointsLieOnTheDetectorAndProjectBack() {
        for (double[] uv : new double[][] {{0, 0}, {1535, 1535}, {100.25, 1200.75}, {767.5, 767.5}}) {
            double[] d = full.detectorPoint(uv[0], uv[1]);
            assertEquals(-1020, d[2], 1e-12);
            double[] back = full.project(d);
            assertEquals(uv[0], back[0], 1e-9);
            assertEquals(uv[1], back[1], 1e-9);
            // Any point on the ray source → detector point projects to the same pixel.
            double[] mid = full.project(new double[] {d[0] * 0.3, d[1] * 0.3, d[2] * 0.3});
            assertEquals(uv[0], mid[0], 1e-9);
        }
        // Pixel (0, 0) is the centre of the first pixel: 767.5 pixels of 0.194 mm from the centre, at −x, −y.
        double[] corner = full.detectorPoint(0, 0);
        assertEquals(-767.5 * 0.194, corner[0], 1e-9);
        assertEquals(-767.5 * 0.194, corner[1], 1e-9);
    }

    @Test
    void binnedResizedAndCroppedKeepAPointOnTheSameAnatomy() {
        double[][] points = {{23.5, -41.2, -760}, {-80, 60, -820}, {0.3, 0.2, -700}};
        for (double[] x : points) {
            double[] uv = full.project(x);
            for (int b : new int[] {2, 4, 8}) {
                double[] ub = full.binned(b).project(x);
                assertEquals((uv[0] - (b - 1) / 2.0) / b, ub[0], 1e-9, "binned " + b);
                assertEquals((uv[1] - (b - 1) / 2.0) / b, ub[1], 1e-9, "binned " + b);
                assertEquals(Camera.binnedCoordinate(uv[0], b), ub[0], 1e-9);
            }
            // Resizing 1536 → 500: pixel edges scale, u' = (u + 0.5)·s − 0.5.
            double s = 500.0 / 1536;
            double[] ur = full.resized(500, 500).project(x);
            assertEquals((uv[0] + 0.5) * s - 0.5, ur[0], 1e-9);
            assertEquals((uv[1] + 0.5) * s - 0.5, ur[1], 1e-9);
            // Cropping 50 px off the left and 30 off the top shifts the pixel.
            double[] uc = full.cropped(50, 30, 1400, 1450).project(x);
            assertEquals(uv[0] - 50, uc[0], 1e-9);
            assertEquals(uv[1] - 30, uc[1], 1e-9);
        }
        // Binning 8× and resizing to 192 are the same camera.
        Camera a = full.binned(8), r = full.resized(192, 192);
        assertEquals(a.fx(), r.fx(), 1e-9);
        assertEquals(a.cx(), r.cx(), 1e-9);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Camera.centred(10, 10, 0, 1, 1020));
        assertTrue(e.getMessage().contains("pixel spacing"));
        assertThrows(IllegalArgumentException.class, () -> Camera.centred(10, 10, 1, 1, -5));
        assertThrows(IllegalArgumentException.class, () -> new Camera(10, 10, 100, -100, 5, 5, 1020)); // positive fx
        assertThrows(IllegalArgumentException.class, () -> full.cropped(1500, 0, 100, 100));
        assertThrows(IllegalArgumentException.class, () -> full.binned(0));
    }
}
