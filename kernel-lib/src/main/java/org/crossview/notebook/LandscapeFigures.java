package org.crossview.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.LossLandscape;
import org.crossview.loss.PoseDistance;
import org.crossview.plot.Charts;
import org.crossview.plot.Pictures;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The set-up and drawing behind {@code 03_losses}: a simulated multi-view case, one panel per 1-D sweep, and the table of
 * pose distances for unit errors. The landscapes themselves are {@link LossLandscape}'s.
 */
public final class LandscapeFigures {
    private LandscapeFigures() {}

    /** The six pose parameters of {@link LossLandscape}, with their units, as axis titles. */
    public static final String[] PARAMETERS = {"rx (deg)", "ry (deg)", "rz (deg)", "tx (mm)", "ty (mm)", "tz, depth (mm)"};

    /**
     * One simulated X-ray (log domain) per C-arm view, with its camera's transform to the reference view (the view
     * at {@code volFromCamRef}); view k gets noise seed {@code firstSeed + k}.
     */
    public static List<CaseView> simulateCase(XraySimulator xrays, Camera camera, CArm carm, Map<String, CArm.View> views, Rigid volFromCamRef,
            long firstSeed) {
        if (views.isEmpty()) throw new IllegalArgumentException("views: at least one C-arm view is needed");
        List<CaseView> out = new ArrayList<>();
        long seed = firstSeed;
        for (Map.Entry<String, CArm.View> v : views.entrySet()) {
            Rigid volFromCam = carm.volFromCam(v.getValue());
            out.add(new CaseView(v.getKey(), camera, xrays.simulateLog(camera, volFromCam, seed++), null, CaseView.camRefFromCam(volFromCamRef, volFromCam)));
        }
        return out;
    }

    /** The views' images side by side, titled by name. */
    public static BufferedImage casePicture(List<CaseView> views, int enlarge) {
        List<BufferedImage> pictures = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (CaseView v : views) {
            pictures.add(Pictures.enlarge(Pictures.grey(v.image()), enlarge));
            titles.add(v.name());
        }
        return Pictures.grid(pictures, titles, views.size());
    }

    /** One sweep's curves (1 − S against the offset) on a 0 … 1.05 axis; {@code dashed} names the curve drawn dashed. */
    public static BufferedImage sweepPanel(int parameter, double[] offsets, Map<String, double[]> curves, boolean legend, String dashed) {
        XYChart chart = Charts.lines(PARAMETERS[parameter], PARAMETERS[parameter], "1 − S", LossLandscape.series(offsets, curves), 440, 340);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.05).setLegendVisible(legend).setLegendPosition(Styler.LegendPosition.InsideN);
        if (dashed != null && curves.containsKey(dashed)) chart.getSeries(dashed).setLineStyle(SeriesLines.DASH_DASH);
        return Charts.picture(chart);
    }

    /** Each distance for a 1° rotation or a 1 mm translation along each parameter, one column per distance. */
    public static Table unitErrorTable(LossLandscape landscape, List<PoseDistance> distances) {
        Table table = Table.create("pose distances for a 1° rotation or a 1 mm translation about the isocentre (AP camera axes)")
                .addColumns(StringColumn.create("error", new String[] {"rx 1°", "ry 1°", "rz 1°", "tx 1 mm", "ty 1 mm", "tz 1 mm"}));
        for (PoseDistance d : distances) {
            DoubleColumn column = DoubleColumn.create(d.name());
            for (int k = 0; k < 6; k++) column.append(landscape.poseDistances(List.of(d), k, new double[] {1}).get(d.name())[0]);
            table.addColumns(column);
        }
        return table;
    }

    /** A distance along each kind of parameter: rx (= ry), rz and tx (= ty = tz), against offsets in ° or mm. */
    public static Map<String, double[]> alongParameters(LossLandscape landscape, PoseDistance d, double[] offsets) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("rx or ry (°)", landscape.poseDistances(List.of(d), 0, offsets).get(d.name()));
        out.put("rz (°)", landscape.poseDistances(List.of(d), 2, offsets).get(d.name()));
        out.put("tx, ty or tz (mm)", landscape.poseDistances(List.of(d), 3, offsets).get(d.name()));
        return out;
    }
}
