package org.crossview.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The imaging geometry drawn as an XChart plot in LPS millimetres, seen along one axis (e.g. from the head:
 * {@link Slices.Plane#AXIAL}): the CT's box, and for each view its X-ray source, its detector's outline, the
 * four rays through the detector's corners and the central ray. Equal scales on both axes, so angles and
 * distances look as they are.
 */
public final class GeometryCharts {
    private GeometryCharts() {}

    private static final Color[] VIEW_COLOURS = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233)};
    private static final String[] AXIS_NAMES = {"L (mm, + = patient left)", "P (mm, + = posterior)", "S (mm, + = superior)"};

    /**
     * @param plane        which plane to draw in (AXIAL: L across, P up; CORONAL: L across, S up; SAGITTAL: P across, S up)
     * @param volume       its box is drawn (may be null)
     * @param camera       the detector of every view
     * @param views        view name → volFromCam (camera projective frame → volume LPS)
     * @param landmarksLps drawn as small black points (may be empty)
     */
    public static XYChart views(String title, Slices.Plane plane, Volume volume, Camera camera, Map<String, Rigid> views,
            Map<String, double[]> landmarksLps) {
        if (views == null || views.isEmpty()) throw new IllegalArgumentException("views: at least one view is needed");
        int a = plane.uAxis, b = plane.vAxis;
        List<double[]> all = new ArrayList<>();
        XYChart chart = new XYChartBuilder().width(640).height(760).title(title).xAxisTitle(AXIS_NAMES[a]).yAxisTitle(AXIS_NAMES[b]).build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Vertical);
        st.setMarkerSize(9);
        if (volume != null) {
            double[] ea = Slices.extentMm(volume, a), eb = Slices.extentMm(volume, b);
            double[] xs = {ea[0], ea[1], ea[1], ea[0], ea[0]}, ys = {eb[0], eb[0], eb[1], eb[1], eb[0]};
            XYSeries box = chart.addSeries("CT volume", xs, ys);
            box.setMarker(SeriesMarkers.NONE);
            box.setLineColor(Color.DARK_GRAY);
            box.setLineStyle(new BasicStroke(2f));
            all.add(new double[] {ea[0], eb[0]});
            all.add(new double[] {ea[1], eb[1]});
        }
        int n = 0;
        for (Map.Entry<String, Rigid> e : views.entrySet()) {
            Color c = VIEW_COLOURS[n++ % VIEW_COLOURS.length];
            Rigid volFromCam = e.getValue();
            double[] src = volFromCam.translation();
            double[][] corners = {
                volFromCam.apply(camera.detectorPoint(-0.5, -0.5)), volFromCam.apply(camera.detectorPoint(camera.cols() - 0.5, -0.5)),
                volFromCam.apply(camera.detectorPoint(camera.cols() - 0.5, camera.rows() - 0.5)),
                volFromCam.apply(camera.detectorPoint(-0.5, camera.rows() - 0.5))};
            double[] centre = volFromCam.apply(camera.detectorPoint(camera.cx(), camera.cy()));
            // the frustum: source to each detector corner (one series, lifting the pen between rays via NaN)
            List<Double> rx = new ArrayList<>(), ry = new ArrayList<>();
            for (double[] k : corners) {
                rx.add(src[a]); ry.add(src[b]);
                rx.add(k[a]); ry.add(k[b]);
                rx.add(Double.NaN); ry.add(Double.NaN);
            }
            XYSeries rays = chart.addSeries(e.getKey() + ": rays", unbox(rx), unbox(ry));
            style(rays, c, new BasicStroke(0.8f));
            rays.setShowInLegend(false);
            XYSeries central = chart.addSeries(e.getKey() + ": central ray", new double[] {src[a], centre[a]}, new double[] {src[b], centre[b]});
            style(central, c, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            central.setShowInLegend(false);
            double[] dx = new double[5], dy = new double[5];
            for (int i = 0; i < 5; i++) {
                dx[i] = corners[i % 4][a];
                dy[i] = corners[i % 4][b];
            }
            XYSeries det = chart.addSeries(e.getKey() + ": detector", dx, dy);
            style(det, c, new BasicStroke(4f));
            det.setShowInLegend(false);
            XYSeries source = chart.addSeries(e.getKey() + " (source ●, detector ▬)", new double[] {src[a]}, new double[] {src[b]});
            source.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            source.setMarker(SeriesMarkers.CIRCLE);
            source.setMarkerColor(c);
            all.add(src);
            for (double[] k : corners) all.add(k);
        }
        if (landmarksLps != null && !landmarksLps.isEmpty()) {
            double[] lx = new double[landmarksLps.size()], ly = new double[landmarksLps.size()];
            int i = 0;
            for (double[] p : landmarksLps.values()) {
                lx[i] = p[a];
                ly[i++] = p[b];
            }
            XYSeries l = chart.addSeries("landmarks", lx, ly);
            l.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            l.setMarker(SeriesMarkers.DIAMOND);
            l.setMarkerColor(Color.BLACK);
        }
        int legendEntries = views.size() + (volume != null ? 1 : 0) + (landmarksLps != null && !landmarksLps.isEmpty() ? 1 : 0);
        equalScales(chart, all, a, b, legendEntries);
        return chart;
    }

    /** Axis ranges with the same mm per pixel both ways (approximately: the plot area's margins are estimated). */
    private static void equalScales(XYChart chart, List<double[]> points, int a, int b, int legendEntries) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            double x = p.length == 2 ? p[0] : p[a], y = p.length == 2 ? p[1] : p[b];
            x0 = Math.min(x0, x); x1 = Math.max(x1, x);
            y0 = Math.min(y0, y); y1 = Math.max(y1, y);
        }
        double plotW = chart.getWidth() - 90, plotH = chart.getHeight() - 100 - 20 * legendEntries - 20; // axis titles, title, legend below
        double mmPerPx = 1.08 * Math.max((x1 - x0) / plotW, (y1 - y0) / plotH);
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        chart.getStyler().setXAxisMin(cx - mmPerPx * plotW / 2);
        chart.getStyler().setXAxisMax(cx + mmPerPx * plotW / 2);
        chart.getStyler().setYAxisMin(cy - mmPerPx * plotH / 2);
        chart.getStyler().setYAxisMax(cy + mmPerPx * plotH / 2);
    }

    private static void style(XYSeries s, Color c, BasicStroke stroke) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
    }

    private static double[] unbox(List<Double> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) out[i] = xs.get(i);
        return out;
    }
}
