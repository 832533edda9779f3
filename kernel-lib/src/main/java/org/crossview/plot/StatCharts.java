package org.crossview.plot;

import java.awt.Color;
import java.util.Map;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart charts of distributions: box plots of groups of values and scatter plots of point clouds. */
public final class StatCharts {
    private StatCharts() {}

    /** One box per entry (name → values): median, quartiles, whiskers at 1.5 IQR, outliers as points. */
    public static BoxChart box(String title, String yLabel, Map<String, double[]> groups) {
        if (groups.isEmpty()) throw new IllegalArgumentException("box chart: no groups");
        BoxChart chart = new BoxChartBuilder().width(1100).height(440).title(title).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        for (Map.Entry<String, double[]> e : groups.entrySet()) {
            if (e.getValue().length == 0) throw new IllegalArgumentException("box chart: group '" + e.getKey() + "' has no values");
            chart.addSeries(e.getKey(), e.getValue());
        }
        return chart;
    }

    /** Points, one series per entry (name → {x[], y[]}), no lines. */
    public static XYChart scatter(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(480).height(400).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
