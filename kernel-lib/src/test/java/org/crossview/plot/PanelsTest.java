package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BoxChart;

class PanelsTest {
    private static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage p = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) p.setRGB(x, y, rgb);
        return p;
    }

    @Test
    void stackPutsPicturesBelowEachOther() {
        BufferedImage s = Panels.stack(List.of(filled(10, 4, 0xff0000), filled(6, 3, 0x00ff00)));
        assertEquals(10, s.getWidth());
        assertEquals(7, s.getHeight());
        assertEquals(0xff0000, s.getRGB(9, 3) & 0xffffff);
        assertEquals(0x00ff00, s.getRGB(5, 4) & 0xffffff);
        assertEquals(0xffffff, s.getRGB(8, 5) & 0xffffff, "white where the narrower picture leaves room");
        assertThrows(IllegalArgumentException.class, () -> Panels.stack(List.of()));
    }

    @Test
    void captionAddsRoomBelowAndKeepsThePicture() {
        BufferedImage c = Panels.caption(filled(50, 20, 0x0000ff), "one", "two");
        assertEquals(50, c.getWidth());
        assertTrue(c.getHeight() >= 20 + 2 * 12, "two lines of text fit below");
        assertEquals(0x0000ff, c.getRGB(25, 10) & 0xffffff);
    }

    @Test
    void standardisedHasZeroMeanAndUnitSd() {
        Image im = new Image(2, 2, new float[] {1, 3, 5, 7});
        float[] z = Panels.standardised(im).data();
        double mean = (z[0] + z[1] + z[2] + z[3]) / 4.0;
        double var = 0;
        for (float x : z) var += (x - mean) * (x - mean) / 4;
        assertEquals(0, mean, 1e-6);
        assertEquals(1, var, 1e-5);
        assertEquals(-3 / Math.sqrt(5), z[0], 1e-5, "(1 − 4)/√5");
        assertEquals(1, im.data()[0], "input untouched");
    }

    @Test
    void checkerboardAlternatesBetweenTheStandardisedImages() {
        // fixed: a left-right ramp; moving: the opposite ramp. Squares of 2 px on a 4×4 image.
        float[] a = new float[16], b = new float[16];
        for (int v = 0; v < 4; v++) for (int u = 0; u < 4; u++) {
            a[v * 4 + u] = u;
            b[v * 4 + u] = 3 - u;
        }
        BufferedImage p = Panels.checkerboard(new Image(4, 4, a), new Image(4, 4, b), 2, 1);
        // top-left square from the fixed image (dark at u = 0), top-right square from the moving one (dark at u = 3)
        assertTrue((p.getRGB(0, 0) & 0xff) < (p.getRGB(1, 0) & 0xff));
        assertTrue((p.getRGB(3, 0) & 0xff) < (p.getRGB(2, 0) & 0xff));
    }

    @Test
    void boxChartHasOneSeriesPerGroupAndRejectsEmptyGroups() {
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("a", new double[] {1, 2, 3, 4, 10});
        groups.put("b", new double[] {2, 2, 2});
        BoxChart chart = StatCharts.box("t", "mm", groups);
        assertEquals(List.of("a", "b"), chart.getSeriesCollection().stream().map(x -> x.getName()).toList());
        BufferedImage p = Charts.picture(chart);
        assertEquals(1100, p.getWidth());
        groups.put("c", new double[0]);
        assertThrows(IllegalArgumentException.class, () -> StatCharts.box("t", "mm", groups));
    }
}
