package org.crossview.notebook;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.eval.ProjectionError;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.eval.ResultTables;
import org.crossview.geometry.Rigid;
import org.crossview.plot.Charts;
import org.crossview.refine.FileRegistration;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The evaluation of {@code 07_results}: every case of a specimen registered multi-view (and, for comparison, each view
 * alone from the same start), scored per projection with {@link RegistrationMetrics} into {@link ResultTables} rows; the
 * robustness study's results as success-rate curves; and a table of measured run times.
 */
public final class Results {
    private Results() {}

    /** Per-projection rows of a specimen's registrations, multi-view and single-view, and of the starts. */
    public record Registered(List<ResultTables.Row> multiView, List<ResultTables.Row> singleView, List<ResultTables.Row> initial) {}

    /**
     * Registers every case with {@link FileRegistration} (the code behind {@code crossview register}): multi-view, and
     * — when {@code singleView} — each projection alone, from a start of the same kind (the coarse network's prediction
     * for that view, or a fresh draw of the same perturbation). Every estimate is scored against the file's ground
     * truth ({@link RegistrationMetrics}); rows are named by {@code label} and projection id, multi-view rows carry
     * their case index. Refinement times go to {@code runtimes}.
     */
    public static Registered register(String label, DeepFluoroSpecimen specimen, FileRegistration registration, List<MultiViewCase> cases,
            boolean singleView, Runtimes runtimes, PrintStream log) {
        List<double[]> landmarks = new ArrayList<>(specimen.landmarksLps().values());
        List<ResultTables.Row> multi = new ArrayList<>(), single = new ArrayList<>(), initial = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            FileRegistration.CaseSpec c = FileRegistration.CaseSpec.of(cases.get(k));
            FileRegistration.Outcome o = registration.register(c);
            runtimes.add("start of a case (" + c.projections().size() + " views; coarse prediction when used)", o.coarseSeconds());
            runtimes.add("refinement, multi-view case (" + c.projections().size() + " views)", o.refineSeconds());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s case %d (%s):", label, k, String.join(",", c.projections())));
            double startSum = 0, endSum = 0;
            for (int v = 0; v < c.projections().size(); v++) {
                String id = c.projections().get(v);
                DeepFluoroProjection p = specimen.projection(id);
                ProjectionError start = RegistrationMetrics.compute(p.camera(), p.volFromCam(), o.startVolFromCamRef().compose(c.camRefFromCam().get(v)), landmarks);
                ProjectionError end = RegistrationMetrics.compute(p.camera(), p.volFromCam(), o.volFromCam().get(v), landmarks);
                initial.add(new ResultTables.Row(label, id, Integer.toString(k), start));
                multi.add(new ResultTables.Row(label, id, Integer.toString(k), end));
                startSum += start.mTreMm();
                endSum += end.mTreMm();
            }
            int n = c.projections().size();
            line.append(String.format(Locale.ROOT, " start mTRE %.1f mm → multi-view %.2f mm (%.1f s)", startSum / n, endSum / n, o.refineSeconds()));
            if (singleView) {
                line.append("; single-view");
                for (String id : c.projections()) {
                    FileRegistration.Outcome os = registration.register(new FileRegistration.CaseSpec(c.name() + "/" + id, List.of(id), List.of(Rigid.identity())));
                    runtimes.add("refinement, single view", os.refineSeconds());
                    DeepFluoroProjection p = specimen.projection(id);
                    ProjectionError e = RegistrationMetrics.compute(p.camera(), p.volFromCam(), os.volFromCam().get(0), landmarks);
                    single.add(new ResultTables.Row(label, id, "", e));
                    line.append(String.format(Locale.ROOT, " %.2f", e.mTreMm()));
                }
                line.append(" mm");
            }
            log.println(line);
        }
        return new Registered(multi, single, initial);
    }

    /**
     * The per-specimen table in the paper's form: n, mTRE mean ± sd, median (mm) and the success rates under 10, 2
     * and 1 mm (%), per specimen and over all ({@link ResultTables#perSpecimen}, rounded for reading).
     */
    public static Table paperTable(List<ResultTables.Row> rows, String title) {
        Table full = ResultTables.perSpecimen(rows);
        StringColumn specimen = StringColumn.create("specimen");
        IntColumn n = IntColumn.create("projections");
        StringColumn mtre = StringColumn.create("mTRE mean ± sd (mm)");
        DoubleColumn median = DoubleColumn.create("mTRE median (mm)");
        DoubleColumn u10 = DoubleColumn.create("< 10 mm (%)"), u2 = DoubleColumn.create("< 2 mm (%)"), u1 = DoubleColumn.create("< 1 mm (%)");
        for (int i = 0; i < full.rowCount(); i++) {
            specimen.append(full.stringColumn("specimen").get(i));
            n.append(full.intColumn("n").get(i));
            mtre.append(String.format(Locale.ROOT, "%.2f ± %.2f", full.doubleColumn("mtre_mm_mean").get(i), full.doubleColumn("mtre_mm_sd").get(i)));
            median.append(Math.round(full.doubleColumn("mtre_mm_median").get(i) * 100) / 100.0);
            u10.append(Math.round(full.doubleColumn("success_under_10mm_pct").get(i) * 10) / 10.0);
            u2.append(Math.round(full.doubleColumn("success_under_2mm_pct").get(i) * 10) / 10.0);
            u1.append(Math.round(full.doubleColumn("success_under_1mm_pct").get(i) * 10) / 10.0);
        }
        return Table.create(title + "; " + ResultTables.MTRE_DEFINITION, specimen, n, mtre, median, u10, u2, u1);
    }

    /**
     * Success rate (% of refinements with final mTRE under {@code thresholdMm}) against the mean initial mTRE of each
     * initial-error size, one series per mode ("multi", "single") of a {@link org.crossview.refine.RobustnessStudy}
     * results table (perturbed starts only).
     */
    public static XYChart successChart(Table robustness, double thresholdMm, String title) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String mode : new String[] {"multi", "single"}) {
            TreeMap<Double, double[]> byRot = new TreeMap<>(); // rotation size → {sum initial, successes, count}
            for (int i = 0; i < robustness.rowCount(); i++) {
                if (!robustness.stringColumn("mode").get(i).equals(mode) || !robustness.stringColumn("init").get(i).equals("perturbed")) continue;
                double key = robustness.doubleColumn("rotationOffsetDeg").get(i) * 1000 + robustness.doubleColumn("translationOffsetMm").get(i);
                double[] acc = byRot.computeIfAbsent(key, x -> new double[3]);
                acc[0] += robustness.doubleColumn("initialMtreMm").get(i);
                acc[1] += robustness.doubleColumn("finalMtreMm").get(i) < thresholdMm ? 1 : 0;
                acc[2] += 1;
            }
            if (byRot.isEmpty()) continue;
            double[] x = new double[byRot.size()], y = new double[byRot.size()];
            int k = 0;
            for (double[] acc : byRot.values()) {
                x[k] = acc[0] / acc[2];
                y[k++] = 100 * acc[1] / acc[2];
            }
            series.put(mode + "-view", new double[][] {x, y});
        }
        if (series.isEmpty()) throw new IllegalArgumentException("robustness table: no perturbed multi- or single-view rows");
        String limit = thresholdMm == Math.rint(thresholdMm) ? Long.toString((long) thresholdMm) : Double.toString(thresholdMm);
        XYChart chart = Charts.lines(title, "initial 3D mTRE (mm)", "success: final mTRE < " + limit + " mm (%)", series);
        // a little room above 100 % and below 0 %, so that lines lying there stay visible
        chart.getStyler().setYAxisMin(-3.0);
        chart.getStyler().setYAxisMax(103.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        for (var s : chart.getSeriesCollection()) s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        return chart;
    }

    /** Measured durations by task; {@link #table} gives n, mean and total seconds of each. */
    public static final class Runtimes {
        private final Map<String, List<Double>> seconds = new LinkedHashMap<>();

        public Runtimes add(String task, double s) {
            seconds.computeIfAbsent(task, k -> new ArrayList<>()).add(s);
            return this;
        }

        /** Times {@code work} and records it under {@code task}; returns its result. */
        public <T> T time(String task, java.util.function.Supplier<T> work) {
            long t0 = System.nanoTime();
            T r = work.get();
            add(task, (System.nanoTime() - t0) / 1e9);
            return r;
        }

        public Table table(String machine) {
            StringColumn task = StringColumn.create("task");
            IntColumn n = IntColumn.create("n");
            DoubleColumn mean = DoubleColumn.create("mean (s)"), total = DoubleColumn.create("total (s)");
            for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
                double sum = e.getValue().stream().mapToDouble(Double::doubleValue).sum();
                task.append(e.getKey());
                n.append(e.getValue().size());
                mean.append(Math.round(1000 * sum / e.getValue().size()) / 1000.0);
                total.append(Math.round(10 * sum) / 10.0);
            }
            return Table.create("run times on " + machine, task, n, mean, total);
        }
    }
}
