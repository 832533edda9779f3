package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Test;

class GeometryChartsTest {
    @Test
    void drawsEachSourceAndDetectorWhereTheGeometryPutsThem() {
        CArm carm = CArm.atIsocentre(new double[] {0, 0, 0});
        Camera cam = Camera.centred(100, 80, 3, 3, 1000);
        Map<String, Rigid> views = new LinkedHashMap<>();
        views.put("AP", carm.volFromCam(0, 0));
        views.put("LAO 90", carm.volFromCam(90, 0));
        Volume box = new Volume(2, 2, 2, new double[] {100, 100, 100}, new double[] {-50, -50, -50}, new float[8]);
        XYChart chart = GeometryCharts.views("test", Slices.Plane.AXIAL, box, cam, views, Map.of("p", new double[] {1, 2, 3}));
        // AP: the source is 750 mm posterior of the isocentre; seen from the head the chart plots (L, P)
        XYSeries ap = chart.getSeries("AP (source ●, detector ▬)");
        assertEquals(0, ap.getXData()[0], 1e-9);
        assertEquals(750, ap.getYData()[0], 1e-9);
        // LAO 90: the detector turned to the patient's left, so the source is on the patient's right (−L)
        XYSeries lao = chart.getSeries("LAO 90 (source ●, detector ▬)");
        assertEquals(-750, lao.getXData()[0], 1e-6);
        assertEquals(0, lao.getYData()[0], 1e-6);
        // AP's detector lies 1000 − 750 = 250 mm anterior of the isocentre, 100 pixels of 3 mm along L
        XYSeries det = chart.getSeries("AP: detector");
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < det.getXData().length; i++) {
            minX = Math.min(minX, det.getXData()[i]);
            maxX = Math.max(maxX, det.getXData()[i]);
            assertEquals(-250, det.getYData()[i], 1e-6);
        }
        assertEquals(300, maxX - minX, 1e-6);
        XYSeries volume = chart.getSeries("CT volume");
        assertEquals(-50, volume.getXData()[0], 1e-9);
        assertEquals(50, volume.getXData()[1], 1e-9);
    }

    @Test
    void needsAView() {
        assertThrows(IllegalArgumentException.class,
                () -> GeometryCharts.views("t", Slices.Plane.AXIAL, null, Camera.centred(2, 2, 1, 1, 10), Map.of(), Map.of()));
    }
}
