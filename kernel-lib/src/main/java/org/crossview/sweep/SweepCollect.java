package org.crossview.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.eval.SeedStatistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code crossview sweep collect}: the paper's ablation table from a finished sweep. Each task's per-view CSV
 * ({@link SweepPlan.Collect#file()}) gives one number per value column (its mean over views); over the replicates
 * (seeds) of a row (variant) in a group (specimen) that gives mean, sd and a 95 % t interval, and "overall" averages
 * the groups per seed first. The pairwise table compares rows on the first value column, paired by
 * (group, seed, case): mean difference with its interval, Wilcoxon signed-rank p and Holm-adjusted p.
 */
public final class SweepCollect {
    public static final String OVERALL = "overall";
    public static final String REFERENCE = "nominal start (no registration)";

    /** The two tables, and each row's per-case values of the first value column over groups × seeds × cases (for plots). */
    public record Result(Table summary, Table pairs, Map<String, double[]> perCase) {}

    /** One finished task's numbers: the mean of each value column and of the reference, and the first value column per case. */
    private record TaskValues(int views, double[] means, double reference, Map<String, Double> perCase) {}

    public static Result collect(SweepPlan plan) throws IOException {
        SweepPlan.Collect c = plan.collect();
        SweepPlan.Axis rows = require(plan, c.rows());
        List<String> groups = labels(plan.axis(c.groups()), "all"), seeds = labels(plan.axis(c.replicates()), "-");
        List<String> missing = new ArrayList<>();
        Map<String, TaskValues> byKey = new LinkedHashMap<>();
        for (SweepTask t : plan.tasks()) {
            if (!TaskRunner.isFinished(t)) {
                missing.add(t.id());
                continue;
            }
            byKey.put(key(t.axes().get(c.rows()), t.axes().getOrDefault(c.groups(), "all"), t.axes().getOrDefault(c.replicates(), "-")), read(t, c));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("collect: " + missing.size() + " task(s) not finished (run the sweep, or see 'crossview sweep status'): "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + (missing.size() > 5 ? ", …" : ""));
        }
        List<String> rowNames = rows.values().stream().map(SweepPlan.Value::label).toList();
        List<String> groupNames = new ArrayList<>(groups);
        if (groups.size() > 1) groupNames.add(OVERALL);

        StringColumn gCol = StringColumn.create(c.groups()), rCol = StringColumn.create(c.rows());
        IntColumn seedsCol = IntColumn.create("seeds"), viewsCol = IntColumn.create("views per seed");
        List<DoubleColumn[]> stats = new ArrayList<>();
        for (String v : c.values()) {
            String n = pretty(v);
            stats.add(new DoubleColumn[] {DoubleColumn.create(n + " mean (mm)"), DoubleColumn.create(n + " sd (mm)"),
                    DoubleColumn.create(n + " 95% CI low (mm)"), DoubleColumn.create(n + " 95% CI high (mm)")});
        }
        for (String g : groupNames) {
            List<String> gs = g.equals(OVERALL) ? groups : List.of(g);
            for (int r = -1; r < rowNames.size(); r++) {
                gCol.append(g);
                rCol.append(r < 0 ? REFERENCE : rowNames.get(r));
                String row = rowNames.get(Math.max(r, 0));
                int views = 0;
                for (String s : gs) views += byKey.get(key(row, s, seeds.get(0))).views();
                seedsCol.append(seeds.size());
                viewsCol.append(views);
                for (int k = 0; k < c.values().size(); k++) {
                    double[] perSeed = new double[seeds.size()];
                    for (int s = 0; s < seeds.size(); s++) {
                        double sum = 0;
                        for (String grp : gs) {
                            TaskValues tv = byKey.get(key(row, grp, seeds.get(s)));
                            sum += r < 0 ? tv.reference() : tv.means()[k];
                        }
                        perSeed[s] = sum / gs.size();
                    }
                    SeedStatistics.Summary sm = SeedStatistics.summary(perSeed);
                    DoubleColumn[] col = stats.get(k);
                    col[0].append(round(sm.mean(), 3));
                    col[1].append(round(sm.sd(), 3));
                    col[2].append(round(sm.ciLow(), 3));
                    col[3].append(round(sm.ciHigh(), 3));
                }
            }
        }
        Table summary = Table.create(plan.name() + ": mean over views per seed, then mean ± sd and 95% t interval over " + seeds.size() + " seed(s)",
                gCol, rCol, seedsCol, viewsCol);
        for (DoubleColumn[] cols : stats) summary.addColumns(cols);

        Map<String, double[]> perCase = new LinkedHashMap<>();
        Map<String, Map<String, Double>> units = new LinkedHashMap<>();
        for (String row : rowNames) {
            Map<String, Double> u = new LinkedHashMap<>();
            for (String g : groups) {
                for (String s : seeds) byKey.get(key(row, g, s)).perCase().forEach((cs, v) -> u.put(g + "|" + s + "|" + cs, v));
            }
            units.put(row, u);
            perCase.put(row, u.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new Result(summary, pairs(plan, rowNames, units), perCase);
    }

    private static Table pairs(SweepPlan plan, List<String> rowNames, Map<String, Map<String, Double>> units) {
        String v = pretty(plan.collect().values().get(0));
        StringColumn a = StringColumn.create("A"), b = StringColumn.create("B");
        IntColumn n = IntColumn.create("pairs");
        DoubleColumn diff = DoubleColumn.create("B − A " + v + " mean (mm)"), lo = DoubleColumn.create("95% CI low (mm)"),
                hi = DoubleColumn.create("95% CI high (mm)"), p = DoubleColumn.create("Wilcoxon p"), ph = DoubleColumn.create("Holm p");
        StringColumn sig = StringColumn.create("significant (Holm, 5%)");
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < rowNames.size(); i++) {
            for (int j = i + 1; j < rowNames.size(); j++) {
                Map<String, Double> ua = units.get(rowNames.get(i)), ub = units.get(rowNames.get(j));
                List<String> keys = ua.keySet().stream().filter(ub::containsKey).toList();
                double[] x = keys.stream().mapToDouble(ua::get).toArray(), y = keys.stream().mapToDouble(ub::get).toArray();
                double[] d = new double[x.length];
                for (int k = 0; k < d.length; k++) d[k] = y[k] - x[k];
                SeedStatistics.Summary s = SeedStatistics.summary(d);
                a.append(rowNames.get(i));
                b.append(rowNames.get(j));
                n.append(d.length);
                diff.append(round(s.mean(), 3));
                lo.append(round(s.ciLow(), 3));
                hi.append(round(s.ciHigh(), 3));
                double pv = SeedStatistics.wilcoxonP(x, y);
                raw.add(pv);
                p.append(round(pv, 4));
            }
        }
        double[] adjusted = SeedStatistics.holm(raw.stream().mapToDouble(Double::doubleValue).toArray());
        for (double q : adjusted) {
            ph.append(round(q, 4));
            sig.append(Double.isNaN(q) ? "n/a" : q < 0.05 ? "yes" : "no");
        }
        return Table.create(plan.name() + ": paired comparisons of " + v + " per case (pairs = specimen × seed × case)", a, b, n, diff, lo, hi, p, ph, sig);
    }

    /** Writes the summary to {@code <output>/<name>.csv} and the pairs to {@code <name>.pairs.csv}, each atomically. */
    public static List<Path> write(SweepPlan plan, Result r) throws IOException {
        Path summary = files(plan).get(0), pairs = files(plan).get(1);
        Shell.writeAtomically(summary, csv(r.summary()));
        Shell.writeAtomically(pairs, csv(r.pairs()));
        return List.of(summary, pairs);
    }

    /** {@code <output>/<name>.csv} and {@code <name>.pairs.csv}. */
    public static List<Path> files(SweepPlan plan) {
        String stem = SweepPlan.slug(plan.name());
        return List.of(plan.output().resolve(stem + ".csv"), plan.output().resolve(stem + ".pairs.csv"));
    }

    static String csv(Table t) throws IOException {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return w.toString();
    }

    private static TaskValues read(SweepTask t, SweepPlan.Collect c) throws IOException {
        Path f = t.dir().resolve(c.file());
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("collect: task " + t.id() + " finished but wrote no " + f + " (collect.file in the plan)");
        Table tab = Table.read().usingOptions(CsvReadOptions.builder(f.toFile()).header(true).columnTypesToDetect(
                List.of(tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.DOUBLE)));
        double[] means = new double[c.values().size()];
        for (int k = 0; k < means.length; k++) means[k] = column(tab, c.values().get(k), f).mean();
        double reference = tab.columnNames().contains(c.reference()) ? column(tab, c.reference(), f).mean() : Double.NaN;
        Map<String, Double> perCase = new LinkedHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        DoubleColumn first = column(tab, c.values().get(0), f);
        boolean paired = tab.columnNames().contains(c.pairBy());
        for (int i = 0; i < tab.rowCount(); i++) {
            String unit = paired ? tab.column(c.pairBy()).getString(i) : Integer.toString(i);
            sums.computeIfAbsent(unit, u -> new double[2]);
            sums.get(unit)[0] += first.get(i);
            sums.get(unit)[1]++;
        }
        sums.forEach((u, s) -> perCase.put(u, s[0] / s[1]));
        return new TaskValues(tab.rowCount(), means, reference, perCase);
    }

    private static DoubleColumn column(Table t, String name, Path f) {
        if (!t.columnNames().contains(name)) throw new IllegalArgumentException("collect: " + f + " has no column '" + name + "' (collect.values in the plan)");
        if (t.column(name) instanceof DoubleColumn d) return d;
        return DoubleColumn.create(name, t.column(name).asStringColumn().asList().stream().mapToDouble(Double::parseDouble).toArray());
    }

    private static SweepPlan.Axis require(SweepPlan plan, String axis) {
        SweepPlan.Axis a = plan.axis(axis);
        if (a == null) throw new IllegalArgumentException("collect: the plan has no axis '" + axis + "' (collect.rows); axes: "
                + plan.axes().stream().map(SweepPlan.Axis::name).toList());
        return a;
    }

    private static List<String> labels(SweepPlan.Axis a, String single) {
        return a == null ? List.of(single) : a.values().stream().map(SweepPlan.Value::label).toList();
    }

    private static String key(String row, String group, String seed) {
        return row + "\u0000" + group + "\u0000" + seed;
    }

    private static String pretty(String column) {
        return column.endsWith("_mm") ? column.substring(0, column.length() - 3) + " mTRE" : column;
    }

    private static double round(double x, int digits) {
        if (!Double.isFinite(x)) return x;
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}
