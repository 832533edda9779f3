package org.crossview.notebook;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.crossview.eval.ProjectionError;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.eval.ResultTables;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.plot.Charts;
import org.crossview.refine.InitialError;
import org.crossview.refine.MultiViewRefiner;
import org.crossview.refine.RefinementResult;
import org.crossview.refine.StudyCase;
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

    /** Where a case's refinement starts; must use the images only, or — for studying the refinement alone — say so. */
    public interface Start {
        Rigid startRef(StudyCase c, MultiViewRefiner refiner);

        String describe();
    }

    /**
     * A start made from the ground truth moved by an error of fixed size in a random direction ({@link InitialError}),
     * drawn reproducibly from {@code seed}: a stand-in for a coarse stage whose errors are of that size.
     */
    public static Start perturbed(InitialError error, long seed) {
        Random random = new Random(seed);
        return new Start() {
            @Override
            public Rigid startRef(StudyCase c, MultiViewRefiner refiner) {
                return error.apply(c.volFromCamRefTrue(), c.pivotVol(), random);
            }

            @Override
            public String describe() {
                return "ground truth perturbed by " + error.rotationDeg() + "° about a random axis through the pelvis and " + error.translationMm()
                        + " mm in a random direction (seed " + seed + ")";
            }
        };
    }

    /** Per-projection rows of a specimen's registrations, multi-view and single-view, and the time each took. */
    public record Registered(List<ResultTables.Row> multiView, List<ResultTables.Row> singleView, List<ResultTables.Row> initial,
            Runtimes runtimes) {}

    /**
     * Registers every case: multi-view from {@code start}, and each view alone from the same start mapped to it (when
     * {@code singleView}). Rows are named by specimen and projection (the part of the view name after the last '/').
     */
    public static Registered register(String specimen, List<StudyCase> cases, MultiViewRefiner refiner, Start start, boolean singleView,
            Runtimes runtimes, PrintStream log) {
        List<ResultTables.Row> multi = new ArrayList<>(), single = new ArrayList<>(), initial = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            StudyCase c = cases.get(k);
            String caseId = Integer.toString(k);
            Rigid s = start.startRef(c, refiner);
            RefinementResult r = refiner.refine(c.views(), s, c.pivotVol());
            runtimes.add("refinement, multi-view case (" + c.views().size() + " views)", r.seconds());
            for (int v = 0; v < c.views().size(); v++) {
                CaseView view = c.views().get(v);
                multi.add(row(specimen, c, v, caseId, r.volFromCamPerView().get(v)));
                initial.add(row(specimen, c, v, caseId, view.volFromCam(s)));
            }
            String line = String.format(Locale.ROOT, "%s: start mTRE %.1f mm → multi-view %.2f mm (%d it, %.1f s)", c.name(),
                    RefinementFigures.mtreMm(c, s), RefinementFigures.mtreMm(c, r.volFromCamRef()), r.iterations(), r.seconds());
            if (singleView) {
                StringBuilder sb = new StringBuilder(line).append("; single-view");
                for (int v = 0; v < c.views().size(); v++) {
                    CaseView view = c.views().get(v);
                    RefinementResult rv = refiner.refineSingle(view, view.volFromCam(s), c.pivotVol());
                    runtimes.add("refinement, single view", rv.seconds());
                    single.add(row(specimen, c, v, "", rv.volFromCamRef()));
                    sb.append(String.format(Locale.ROOT, " %.2f", RefinementFigures.mtreOfViewMm(c, v, rv.volFromCamRef())));
                }
                line = sb.append(" mm").toString();
            }
            log.println(line);
        }
        return new Registered(multi, single, initial, runtimes);
    }

    private static ResultTables.Row row(String specimen, StudyCase c, int v, String caseId, Rigid estimate) {
        CaseView view = c.views().get(v);
        ProjectionError e = RegistrationMetrics.compute(view.camera(), c.volFromCamTrue(v), estimate, List.of(c.landmarksVol()));
        String name = view.name();
        return new ResultTables.Row(specimen, name.substring(name.lastIndexOf('/') + 1), caseId, e);
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
        XYChart chart = Charts.lines(title, "initial 3D mTRE (mm)", String.format(Locale.ROOT, "success: final mTRE < %g mm (%%)", thresholdMm), series);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
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
