package org.crossview.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small XChart helpers: line charts from named series, and charts as pictures or PNG files. */
public final class Charts {
    private Charts() {}

    /** A line chart with one series per entry: name → {x[], y[]}. */
    public static XYChart lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        return lines(title, xLabel, yLabel, series, 640, 400);
    }

    /** As {@link #lines(String, String, String, Map)}, {@code width×height} pixels (e.g. small panels of a grid). */
    public static XYChart lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
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

    /**
     * A heat map of values[iy][ix] over the grid x[ix], y[iy] (y upwards), colours from {@link Pictures#heatColour}
     * between {@code min} and {@code max} (e.g. the same range for maps that are to be compared; values beyond are
     * clipped to the end colours); tick labels are
     * the grid values, formatted with {@code tickFormat} (e.g. "%.0f").
     */
    public static HeatMapChart heatMap(String title, String xLabel, String yLabel, double[] x, double[] y, double[][] values, double min, double max,
            String tickFormat) {
        if (values.length != y.length) throw new IllegalArgumentException("heat map: " + values.length + " rows of values for " + y.length + " y values");
        List<String> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (double v : x) xs.add(String.format(Locale.ROOT, tickFormat, v));
        for (double v : y) ys.add(String.format(Locale.ROOT, tickFormat, v));
        List<Number[]> cells = new ArrayList<>();
        for (int iy = 0; iy < y.length; iy++) {
            if (values[iy].length != x.length) throw new IllegalArgumentException("heat map: row " + iy + " has " + values[iy].length + " values for " + x.length + " x values");
            for (int ix = 0; ix < x.length; ix++) cells.add(new Number[] {ix, iy, values[iy][ix]});
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(540).height(480).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        HeatMapStyler st = chart.getStyler();
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        java.awt.Color[] colours = new java.awt.Color[9];
        for (int i = 0; i < colours.length; i++) colours[i] = Pictures.heatColour(i / (colours.length - 1.0));
        st.setRangeColors(colours);
        st.setMin(min);
        st.setMax(max);
        st.setShowValue(false);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setHeatMapValueDecimalPattern("0.00");
        st.setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.2f", v));
        st.setGradientColorColumnWeight(12);
        chart.addSeries("1 − S", xs, ys, cells);
        return chart;
    }

    public static BufferedImage picture(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the chart as a PNG, atomically. */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        return Pictures.savePng(picture(chart), file);
    }
}
