package org.crossview.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small XChart helpers: line charts from named series, and charts as pictures or PNG files. */
public final class Charts {
    private Charts() {}

    /** A line chart with one series per entry: name → {x[], y[]}. */
    public static XYChart lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** One series y(x). */
    public static XYChart line(String title, String xLabel, String yLabel, String name, double[] x, double[] y) {
        Map<String, double[][]> m = new LinkedHashMap<>();
        m.put(name, new double[][] {x, y});
        return lines(title, xLabel, yLabel, m);
    }

    public static BufferedImage picture(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the chart as a PNG, atomically. */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        return Pictures.savePng(picture(chart), file);
    }
}
