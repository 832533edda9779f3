package org.crossview.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.crossview.SharedData;
import org.crossview.data.SimulatedDataset;
import org.crossview.plot.Figures;
import org.crossview.plot.StatCharts;
import org.crossview.sweep.SlurmExecutor;
import org.crossview.sweep.Sweep;
import org.crossview.sweep.SweepCollect;
import org.crossview.sweep.SweepPlan;
import org.knowm.xchart.BoxChart;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Notebook 05's ablation as a sweep ({@code plans/ablation-*.json}): every variant × seed an ordinary
 * {@code crossview transfer-ablation} task, trained on a DeepFluoro-layout file's CT and scored on its X-rays —
 * the shared chest sample from an independent simulator when present, else X-rays of the phantom from our own
 * simulator (and every table says which).
 */
public final class AblationSweep {
    private AblationSweep() {}

    /** The X-rays scored: a DeepFluoro-layout file, its cases sidecar, and how tables name them. */
    public record Xrays(Path h5, Path relative, boolean foreign, String label) {}

    /** The shared chest sample (foreign X-rays), else a phantom file from our own simulator (cached), saying so. */
    public static Xrays xrays(Consumer<String> progress) throws IOException {
        var h5 = SharedData.file("deepfluoro-layout/chest_wide_sample.h5");
        var json = SharedData.file("deepfluoro-layout/chest_wide_sample.json");
        if (h5.isPresent() && json.isPresent()) {
            return new Xrays(h5.get(), json.get(), true, "foreign X-rays: shared chest_wide_sample.h5 (independent simulator)");
        }
        progress.accept("no shared chest sample (shared/data/deepfluoro-layout): falling back to X-rays of the phantom from OUR OWN simulator");
        SimulatedFiles.Specimen s = SimulatedFiles.simulate("phantom", 2.0, SimulatedFiles.Settings.tutorial(4, 3), progress);
        return new Xrays(s.file(), SimulatedDataset.sidecarPath(s.file()), false, "NOT foreign: phantom X-rays from our own simulator (fallback)");
    }

    /**
     * Opens a plan of the checkout ({@code plans/…}); a plan with {@code data}/{@code relative} variables scores
     * {@code x}, with its output under {@code build/sweeps/<plan>-<chest|own-simulator>}. The paper plan keeps its own data.
     */
    public static Sweep open(String plan, Xrays x) throws IOException {
        Path home = Figures.home().orElseThrow(() -> new IllegalStateException("cannot find the CrossView checkout for " + plan));
        Path file = home.resolve(plan);
        SweepPlan raw = SweepPlan.read(file, Map.of(), null, home);
        Map<String, String> vars = new LinkedHashMap<>();
        Path out = null;
        if (raw.vars().containsKey("data") && raw.vars().containsKey("relative")) {
            vars.put("data", x.h5().toString());
            vars.put("relative", x.relative().toString());
            out = home.resolve("build").resolve("sweeps").resolve(raw.name() + (x.foreign() ? "-chest" : "-own-simulator"));
        }
        return Sweep.open(file, vars, out, home);
    }

    /**
     * Runs the sweep: {@code local} runs the unfinished tasks here and returns when all are done; {@code slurm}
     * submits them as one job array and returns at once (collect when {@code sweep.status()} says all are done).
     * True when every task is finished.
     */
    public static boolean run(Sweep sweep, String executor, PrintStream log) throws IOException, InterruptedException {
        switch (executor) {
            case "local" -> sweep.runLocal(0, log);
            case "slurm" -> {
                SlurmExecutor.Settings d = SlurmExecutor.Settings.defaults();
                sweep.runSlurm(new SlurmExecutor.Settings(null, null, null, null, null, null, d.retries(), d.pollSeconds(), false), log);
            }
            default -> throw new IllegalArgumentException("EXECUTOR: local or slurm, got '" + executor + "'");
        }
        var status = sweep.status();
        log.println("sweep status: " + status.format());
        return status.complete();
    }

    /**
     * The summary table for reading (the CSV keeps every number): per value, "mean ± sd" and the 95 % interval in mm,
     * titled with the X-rays it was scored on.
     */
    public static Table summary(SweepCollect.Result r, Xrays x) {
        Table s = r.summary();
        Table out = Table.create(s.name() + " — " + x.label(), s.column(0).copy(), s.column(1).copy(), s.column(2).copy(), s.column(3).copy());
        for (int c = 4; c + 3 < s.columnCount(); c += 4) {
            String value = s.column(c).name().replace(" mean (mm)", "");
            StringColumn meanSd = StringColumn.create(value + " mean ± sd (mm)"), ci = StringColumn.create(value + " 95% interval (mm)");
            for (int i = 0; i < s.rowCount(); i++) {
                double m = s.doubleColumn(c).get(i), sd = s.doubleColumn(c + 1).get(i), lo = s.doubleColumn(c + 2).get(i), hi = s.doubleColumn(c + 3).get(i);
                meanSd.append(Double.isFinite(sd) ? String.format(Locale.ROOT, "%.1f ± %.1f", m, sd) : String.format(Locale.ROOT, "%.1f", m));
                ci.append(Double.isFinite(lo) ? String.format(Locale.ROOT, "[%.1f, %.1f]", lo, hi) : "-");
            }
            out.addColumns(meanSd, ci);
        }
        return out;
    }

    /** One sentence per significant pair (Holm-adjusted Wilcoxon p < 0.05), or a sentence saying there is none. */
    public static String significance(SweepCollect.Result r) {
        Table p = r.pairs();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < p.rowCount(); i++) {
            if (!p.stringColumn("significant (Holm, 5%)").get(i).equals("yes")) continue;
            double d = p.doubleColumn(3).get(i);
            lines.add(String.format(Locale.ROOT, "'%s' is %.1f mm %s than '%s' (Holm p = %.3g over %d pairs)", p.stringColumn("B").get(i), Math.abs(d),
                    d < 0 ? "better" : "worse", p.stringColumn("A").get(i), p.doubleColumn("Holm p").get(i), p.intColumn("pairs").get(i)));
        }
        if (lines.isEmpty()) return "No difference between variants is significant at 5 % after Holm's correction (" + p.rowCount() + " pairs tested).";
        return "Significant at 5 % after Holm's correction:\n  " + String.join("\n  ", lines);
    }

    /** Box plots of each variant's per-case coarse mTRE (cases × seeds), for the figure. */
    public static BoxChart boxChart(SweepCollect.Result r, Xrays x) {
        return StatCharts.box("coarse mTRE per case and seed — " + (x.foreign() ? "shared chest sample" : "own-simulator phantom (fallback)"),
                "coarse 3D mTRE (mm)", r.perCase());
    }
}
