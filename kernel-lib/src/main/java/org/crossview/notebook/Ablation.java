package org.crossview.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseEvaluation;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.LossWeights;
import org.crossview.coarse.ObservedCase;
import org.crossview.plot.StatCharts;
import org.knowm.xchart.BoxChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's ablation of the coarse loss: the same network, data and seed trained with different subsets of the four
 * terms, every model scored on the same held-out simulated X-rays.
 */
public final class Ablation {
    /** One configuration: a name and the four weights λp, λI, λxp, λxI. */
    public record Variant(String name, LossWeights weights) {}

    /** A trained and scored variant. */
    public record Outcome(Variant variant, CoarseEvaluation.Result evaluation, double trainSeconds, boolean fromCache) {}

    private final List<Outcome> outcomes;

    private Ablation(List<Outcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    public List<Outcome> outcomes() { return outcomes; }

    /**
     * The five rows of the paper's ablation, with the single-view terms at their DiffPose weights (λp = 0.01 for a
     * pose term in mm, λI = 1) and each cross-view term at the weight of its single-view counterpart: pose only;
     * + image; + cross-view pose; + cross-view image; all four.
     */
    public static List<Variant> paperVariants() {
        return List.of(
                new Variant("pose only", new LossWeights(0.01, 0, 0, 0)),
                new Variant("+ image", new LossWeights(0.01, 1, 0, 0)),
                new Variant("+ cross-view pose", new LossWeights(0.01, 1, 0.01, 0)),
                new Variant("+ cross-view image", new LossWeights(0.01, 1, 0, 1)),
                new Variant("all four", new LossWeights(0.01, 1, 0.01, 1)));
    }

    /**
     * Trains (or reuses from the cache) one model per variant with {@code base} settings and the variant's weights,
     * and scores each on the same {@code evalCases} held-out cases at {@code evalSize}² (drawn from the base seed).
     */
    public static Ablation run(CtSource ct, CoarseRun.Options base, List<Variant> variants, PrintStream log) throws IOException {
        List<Outcome> out = new ArrayList<>();
        List<ObservedCase> heldOut = null;
        for (Variant v : variants) {
            log.printf("=== %s (λp,λI,λxp,λxI = %s) ===%n", v.name(), v.weights().format());
            try (CoarseExperiment exp = CoarseExperiment.of(ct, CoarseOptions.withWeights(base, v.weights()))) {
                CoarseExperiment.Trained t = exp.train(log);
                if (heldOut == null) heldOut = exp.heldOut(base.evalCases(), base.evalSize());
                CoarseEvaluation.Result r = exp.evaluate(t.model(), heldOut);
                log.printf("%s: coarse mTRE %.1f ± %.1f mm (median %.1f) over %d views%n", v.name(), r.coarse().mean(), r.coarse().sd(),
                        r.coarse().median(), r.coarseMm().length);
                out.add(new Outcome(v, r, t.trainSeconds(), t.fromCache()));
            }
        }
        return new Ablation(out);
    }

    /**
     * One row per variant (and a first row for the reference pose, i.e. no registration): the weights, the number of
     * views scored, coarse 3D mTRE mean, sd and median (mm), success rates under 10 / 2 / 1 mm (%), and training time.
     * With {@code consensus}, the predictions made consistent across each case's views are scored instead.
     */
    public Table table(boolean consensus) {
        StringColumn name = StringColumn.create("variant"), weights = StringColumn.create("λp,λI,λxp,λxI");
        IntColumn n = IntColumn.create("views");
        DoubleColumn mean = DoubleColumn.create("mTRE mean (mm)"), sd = DoubleColumn.create("mTRE sd (mm)"),
                median = DoubleColumn.create("mTRE median (mm)"), u10 = DoubleColumn.create("< 10 mm (%)"),
                u2 = DoubleColumn.create("< 2 mm (%)"), u1 = DoubleColumn.create("< 1 mm (%)"), secs = DoubleColumn.create("training (s)");
        if (!outcomes.isEmpty()) {
            addRow(name, weights, n, mean, sd, median, u10, u2, u1, secs, "reference pose (no registration)", "-",
                    outcomes.get(0).evaluation().start(), Double.NaN);
        }
        for (Outcome o : outcomes) {
            CoarseEvaluation.Summary s = consensus ? o.evaluation().consensus() : o.evaluation().coarse();
            addRow(name, weights, n, mean, sd, median, u10, u2, u1, secs, o.variant().name(), o.variant().weights().format(), s, o.trainSeconds());
        }
        return Table.create("coarse stage ablation" + (consensus ? " (multi-view consensus)" : " (each view's own prediction)")
                + "; 3D mTRE over landmarks in the camera frame", name, weights, n, mean, sd, median, u10, u2, u1, secs);
    }

    private static void addRow(StringColumn name, StringColumn weights, IntColumn n, DoubleColumn mean, DoubleColumn sd, DoubleColumn median,
            DoubleColumn u10, DoubleColumn u2, DoubleColumn u1, DoubleColumn secs, String variant, String w, CoarseEvaluation.Summary s,
            double seconds) {
        name.append(variant);
        weights.append(w);
        n.append(s.n());
        mean.append(round(s.mean(), 2));
        sd.append(round(s.sd(), 2));
        median.append(round(s.median(), 2));
        u10.append(round(100 * s.under10(), 1));
        u2.append(round(100 * s.under2(), 1));
        u1.append(round(100 * s.under1(), 1));
        secs.append(round(seconds, 0));
    }

    private static double round(double x, int digits) {
        if (!Double.isFinite(x)) return x;
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    /** Box plots of the per-view mTRE: the reference pose, then each variant. */
    public BoxChart boxChart(String title, boolean consensus) {
        Map<String, double[]> groups = new LinkedHashMap<>();
        if (!outcomes.isEmpty()) groups.put("reference pose", outcomes.get(0).evaluation().startMm());
        for (Outcome o : outcomes) {
            double[] x = consensus ? o.evaluation().consensusMm() : o.evaluation().coarseMm();
            groups.put(o.variant().name(), Arrays.copyOf(x, x.length));
        }
        return StatCharts.box(title, "3D mTRE (mm)", groups);
    }
}
