package org.crossview.refine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.plot.Charts;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Every iteration of one refinement run: loss, pose, rates and (optionally) the rendered images. */
public final class RefinementTrace {

    /**
     * One iteration: the loss was evaluated at {@code volFromCamRef} (before that iteration's step).
     *
     * @param level pyramid level (0 = coarsest)
     * @param iteration running count over all levels
     * @param rendered the DRR of each view at this pose and level, or {@code null} when not recorded
     */
    public record Iteration(int level, int iteration, double loss, Rigid volFromCamRef, double rotationRateRad,
            double translationRateMm, Image[] rendered) {}

    private final List<Iteration> iterations = new ArrayList<>();

    void add(Iteration it) {
        iterations.add(it);
    }

    public List<Iteration> iterations() {
        return Collections.unmodifiableList(iterations);
    }

    public int size() {
        return iterations.size();
    }

    public double[] losses() {
        return iterations.stream().mapToDouble(Iteration::loss).toArray();
    }

    /** A per-iteration quantity of the pose, e.g. the mTRE against a ground truth known to a study. */
    public double[] poseMetric(ToDoubleFunction<Rigid> metricOfVolFromCamRef) {
        return iterations.stream().mapToDouble(it -> metricOfVolFromCamRef.applyAsDouble(it.volFromCamRef())).toArray();
    }

    /** One row per iteration: level, iteration, loss, rates and the 12 upper entries of volFromCamRef (row-major). */
    public Table toTable() {
        IntColumn level = IntColumn.create("level");
        IntColumn iteration = IntColumn.create("iteration");
        DoubleColumn loss = DoubleColumn.create("loss");
        DoubleColumn rot = DoubleColumn.create("rotationRateRad");
        DoubleColumn trans = DoubleColumn.create("translationRateMm");
        DoubleColumn[] m = new DoubleColumn[12];
        for (int i = 0; i < 12; i++) m[i] = DoubleColumn.create("m" + i / 4 + i % 4);
        for (Iteration it : iterations) {
            level.append(it.level());
            iteration.append(it.iteration());
            loss.append(it.loss());
            rot.append(it.rotationRateRad());
            trans.append(it.translationRateMm());
            double[] a = it.volFromCamRef().toArray();
            for (int i = 0; i < 12; i++) m[i].append(a[i]);
        }
        Table t = Table.create("refinement trace", level, iteration, loss, rot, trans);
        t.addColumns(m);
        return t;
    }

    /** Loss against iteration, one series per pyramid level. */
    public XYChart convergenceChart(String title) {
        return chartBy(title, "loss", losses());
    }

    /** A pose metric (e.g. mTRE in mm) against iteration, one series per level. */
    public XYChart metricChart(String title, String yLabel, ToDoubleFunction<Rigid> metricOfVolFromCamRef) {
        return chartBy(title, yLabel, poseMetric(metricOfVolFromCamRef));
    }

    /**
     * Several runs on one chart (e.g. single- against multi-view on the same case): a pose metric of each
     * run's reference pose against iteration, on a logarithmic axis when every value is positive.
     * {@code metrics} gives, per run, the metric of that run's volFromCamRef (runs may have different references).
     */
    public static XYChart compareChart(String title, String yLabel, Map<String, RefinementTrace> traces,
            Map<String, ToDoubleFunction<Rigid>> metrics) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        boolean positive = true;
        for (Map.Entry<String, RefinementTrace> e : traces.entrySet()) {
            ToDoubleFunction<Rigid> m = metrics.get(e.getKey());
            if (m == null) throw new IllegalArgumentException("compareChart: no metric for run " + e.getKey());
            RefinementTrace t = e.getValue();
            double[] x = t.iterations.stream().mapToDouble(Iteration::iteration).toArray();
            double[] y = t.poseMetric(m);
            for (double v : y) positive &= v > 0;
            series.put(e.getKey(), new double[][] {x, y});
        }
        XYChart chart = Charts.lines(title, "iteration", yLabel, series);
        chart.getStyler().setYAxisLogarithmic(positive && !series.isEmpty());
        return chart;
    }

    private XYChart chartBy(String title, String yLabel, double[] y) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        int start = 0;
        while (start < iterations.size()) {
            int level = iterations.get(start).level();
            int end = start;
            while (end < iterations.size() && iterations.get(end).level() == level) end++;
            double[] xs = new double[end - start], ys = new double[end - start];
            for (int i = start; i < end; i++) {
                xs[i - start] = iterations.get(i).iteration();
                ys[i - start] = y[i];
            }
            series.put("level " + level, new double[][] {xs, ys});
            start = end;
        }
        if (series.isEmpty()) series.put("empty", new double[][] {{0}, {0}});
        return Charts.lines(title, "iteration", yLabel, series);
    }
}
