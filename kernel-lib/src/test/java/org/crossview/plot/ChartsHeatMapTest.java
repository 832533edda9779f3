package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.knowm.xchart.HeatMapChart;
import org.junit.jupiter.api.Test;

class ChartsHeatMapTest {
    @Test
    void aHeatMapHasOneCellPerValueAndDrawsToAPicture() {
        double[] x = {-1, 0, 1}, y = {10, 20};
        double[][] v = {{0, 1, 2}, {3, 4, 5}};
        HeatMapChart chart = Charts.heatMap("t", "x", "y", x, y, v, 0, 5, "%.0f");
        assertEquals(6, chart.getSeries("1 − S").getHeatData().size());
        assertEquals("-1", chart.getSeries("1 − S").getXData().get(0));
        BufferedImage p = Charts.picture(chart);
        assertEquals(540, p.getWidth());
        assertThrows(IllegalArgumentException.class, () -> Charts.heatMap("t", "x", "y", x, new double[] {1}, v, 0, 1, "%.0f"));
        assertThrows(IllegalArgumentException.class, () -> Charts.heatMap("t", "x", "y", new double[] {1}, y, v, 0, 1, "%.0f"));
    }
}
