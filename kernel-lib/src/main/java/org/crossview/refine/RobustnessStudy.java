package org.crossview.refine;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Success rate and final mTRE as functions of the initial error: for every case, initial error size and
 * trial, one start pose is sampled ({@link InitialError}) and refined multi-view (one pose for the case)
 * and single-view (each view alone from the same start, mapped to that view). With a coarse stage, the
 * coarse predictions are also refined, and reported unrefined ("coarse-only") beside them.
 */
public final class RobustnessStudy {

    /** The coarse stage: a pose per view of a case, predicted from its images only (no ground truth). */
    public interface CoarseStage {
        Rigid[] predictVolFromCam(StudyCase c);
    }

    /**
     * Where finished cases are kept so that a stopped study resumes ({@code crossview robustness}'s journal): a case
     * found there is not run again; its rows are taken as recorded.
     */
    public interface CaseJournal {
        /** The recorded rows of a finished case ({@link #encode}), or null. */
        List<String> finished(String caseName);

        void record(String caseName, List<String> rows);
    }

    private final MultiViewRefiner refiner;
    private final List<InitialError> initialErrors;
    private final int trials;
    private final long seed;
    private boolean singleView = true;
    private boolean multiView = true;
    private CoarseStage coarse;
    private PrintStream progress;
    private CaseJournal journal;

    public RobustnessStudy(MultiViewRefiner refiner, List<InitialError> initialErrors, int trials, long seed) {
        if (refiner == null) throw new IllegalArgumentException("study: refiner is required");
        if (trials < 1) throw new IllegalArgumentException("study: trials must be ≥ 1, got " + trials);
        this.refiner = refiner;
        this.initialErrors = List.copyOf(initialErrors);
        this.trials = trials;
        this.seed = seed;
    }

    public RobustnessStudy modes(boolean single, boolean multi) {
        this.singleView = single;
        this.multiView = multi;
        return this;
    }

    /** Adds the coarse stage's predictions as starts (and as an unrefined baseline). */
    public RobustnessStudy withCoarse(CoarseStage stage) {
        this.coarse = stage;
        return this;
    }

    /** Prints one line per refinement. */
    public RobustnessStudy progressTo(PrintStream out) {
        this.progress = out;
        return this;
    }

    public RobustnessStudy withJournal(CaseJournal j) {
        this.journal = j;
        return this;
    }

    /**
     * One row per refinement (columns: see {@link #emptyResults()}). Each case's starts come from the seed and the
     * case's name alone, so a case's rows do not depend on the cases before it (a resumed study matches a whole one).
     */
    public Table run(List<StudyCase> cases) {
        Table all = emptyResults();
        for (StudyCase c : cases) {
            List<String> kept = journal == null ? null : journal.finished(c.name());
            if (kept != null) {
                decodeInto(all, kept);
                if (progress != null) progress.printf("%s: %d rows kept from the journal%n", c.name(), kept.size());
                continue;
            }
            Table t = emptyResults();
            runCase(t, c);
            all.append(t);
            if (journal != null) journal.record(c.name(), encode(t));
        }
        return all;
    }

    private void runCase(Table t, StudyCase c) {
        Random random = InitialError.randomFor(seed, c.name());
        for (InitialError e : initialErrors) {
            for (int trial = 0; trial < trials; trial++) {
                Rigid start = e.apply(c.volFromCamRefTrue(), c.pivotVol(), random);
                refineBoth(t, c, "perturbed", e.rotationDeg(), e.translationMm(), trial, start, null);
            }
        }
        if (coarse != null) {
            Rigid[] predicted = coarse.predictVolFromCam(c);
            if (predicted.length != c.views().size()) {
                throw new IllegalStateException("coarse stage: " + predicted.length + " poses for " + c.views().size() + " views of " + c.name());
            }
            for (int v = 0; v < predicted.length; v++) {
                double m = StudyCase.mtreMm(c.volFromCamTrue(v), predicted[v], c.landmarksVol());
                add(t, c.name(), "single", "coarse-only", Double.NaN, Double.NaN, 0, c.views().get(v).name(), m, m, 0, 0);
            }
            Rigid multiStart = refiner.bestStart(c.views(), MultiViewRefiner.asReferencePoses(c.views(), predicted));
            refineBoth(t, c, "coarse", Double.NaN, Double.NaN, 0, multiStart, predicted);
        }
    }

    /** A results table's rows as strings, one per row, every value exact (tab-separated; decoded by {@link #decodeInto}). */
    public static List<String> encode(Table t) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            java.util.StringJoiner sb = new java.util.StringJoiner("\t");
            for (Column<?> col : t.columns()) {
                String v = col instanceof DoubleColumn d ? Double.toString(d.getDouble(i)) : col instanceof IntColumn n ? Integer.toString(n.getInt(i)) : col.getString(i);
                if (v.contains("\t")) throw new IllegalArgumentException(col.name() + ": a tab in '" + v + "'");
                sb.add(v);
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    /** Appends rows written by {@link #encode} to a table with the same columns. */
    public static void decodeInto(Table t, List<String> rows) {
        for (String row : rows) {
            String[] v = row.split("\t", -1);
            if (v.length != t.columnCount()) throw new IllegalArgumentException("study row: " + v.length + " values for " + t.columnCount() + " columns: " + row);
            for (int k = 0; k < v.length; k++) {
                Column<?> col = t.column(k);
                if (col instanceof DoubleColumn d) {
                    d.append(Double.parseDouble(v[k]));
                } else if (col instanceof IntColumn n) {
                    n.append(Integer.parseInt(v[k]));
                } else {
                    ((StringColumn) col).append(v[k]);
                }
            }
        }
    }

    private void refineBoth(Table t, StudyCase c, String init, double rotDeg, double transMm, int trial, Rigid startRef, Rigid[] perViewStarts) {
        double initial = StudyCase.mtreMm(c.volFromCamRefTrue(), startRef, c.landmarksVol());
        if (multiView && c.views().size() > 1) {
            RefinementResult r = refiner.refine(c.views(), startRef, c.pivotVol());
            double fin = StudyCase.mtreMm(c.volFromCamRefTrue(), r.volFromCamRef(), c.landmarksVol());
            add(t, c.name(), "multi", init, rotDeg, transMm, trial, "all", initial, fin, r.iterations(), r.seconds());
            report(c, "multi", init, rotDeg, transMm, trial, "all", initial, fin, r.seconds());
        }
        if (singleView) {
            for (int v = 0; v < c.views().size(); v++) {
                CaseView view = c.views().get(v);
                Rigid start = perViewStarts != null ? perViewStarts[v] : view.volFromCam(startRef);
                Rigid truth = c.volFromCamTrue(v);
                double init0 = StudyCase.mtreMm(truth, start, c.landmarksVol());
                RefinementResult r = refiner.refineSingle(view, start, c.pivotVol());
                double fin = StudyCase.mtreMm(truth, r.volFromCamRef(), c.landmarksVol());
                add(t, c.name(), "single", init, rotDeg, transMm, trial, view.name(), init0, fin, r.iterations(), r.seconds());
                report(c, "single", init, rotDeg, transMm, trial, view.name(), init0, fin, r.seconds());
            }
        }
    }

    private void report(StudyCase c, String mode, String init, double rotDeg, double transMm, int trial, String view, double initial, double fin, double s) {
        if (progress == null) return;
        progress.printf("%s %-6s %-9s %5.1f° %5.1f mm  trial %d  view %-5s  mTRE %7.2f → %6.2f mm  (%.1f s)%n",
                c.name(), mode, init, rotDeg, transMm, trial, view, initial, fin, s);
    }

    /** The results table's columns. */
    public static Table emptyResults() {
        return Table.create("robustness",
                StringColumn.create("case"), StringColumn.create("mode"), StringColumn.create("init"),
                DoubleColumn.create("rotationOffsetDeg"), DoubleColumn.create("translationOffsetMm"), IntColumn.create("trial"),
                StringColumn.create("view"), DoubleColumn.create("initialMtreMm"), DoubleColumn.create("finalMtreMm"),
                DoubleColumn.create("under1mm"), DoubleColumn.create("under2mm"), DoubleColumn.create("under10mm"),
                IntColumn.create("iterations"), DoubleColumn.create("seconds"));
    }

    private static void add(Table t, String c, String mode, String init, double rotDeg, double transMm, int trial, String view,
            double initial, double fin, int iterations, double seconds) {
        t.stringColumn("case").append(c);
        t.stringColumn("mode").append(mode);
        t.stringColumn("init").append(init);
        t.doubleColumn("rotationOffsetDeg").append(rotDeg);
        t.doubleColumn("translationOffsetMm").append(transMm);
        t.intColumn("trial").append(trial);
        t.stringColumn("view").append(view);
        t.doubleColumn("initialMtreMm").append(initial);
        t.doubleColumn("finalMtreMm").append(fin);
        t.doubleColumn("under1mm").append(fin < 1 ? 1 : 0);
        t.doubleColumn("under2mm").append(fin < 2 ? 1 : 0);
        t.doubleColumn("under10mm").append(fin < 10 ? 1 : 0);
        t.intColumn("iterations").append(iterations);
        t.doubleColumn("seconds").append(seconds);
    }

    /**
     * Per mode, start and initial error size: count, mean and median final mTRE, success rates (fractions under
     * 1, 2 and 10 mm) and mean seconds per refinement.
     */
    public static Table summary(Table results) {
        Table r = results.copy();
        // Tablesaw groups on strings; NaN sizes (coarse starts) become "-".
        StringColumn size = StringColumn.create("initialError");
        for (int i = 0; i < r.rowCount(); i++) {
            double a = r.doubleColumn("rotationOffsetDeg").getDouble(i), b = r.doubleColumn("translationOffsetMm").getDouble(i);
            size.append(Double.isNaN(a) ? "-" : String.format("%g°/%g mm", a, b));
        }
        r.addColumns(size);
        Table s = r.summarize("finalMtreMm", count, mean, median).by("mode", "init", "initialError");
        Table rates = r.summarize(List.of("under1mm", "under2mm", "under10mm", "initialMtreMm", "seconds"), mean).by("mode", "init", "initialError");
        for (String col : new String[] {"Mean [under1mm]", "Mean [under2mm]", "Mean [under10mm]", "Mean [initialMtreMm]", "Mean [seconds]"}) {
            s.addColumns(rates.doubleColumn(col));
        }
        return s.setName("robustness summary");
    }

    /** Rows of {@code results} for one mode and start kind. */
    public static Table select(Table results, String mode, String init) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < results.rowCount(); i++) {
            if (results.stringColumn("mode").get(i).equals(mode) && results.stringColumn("init").get(i).equals(init)) keep.add(i);
        }
        return results.rows(keep.stream().mapToInt(Integer::intValue).toArray());
    }
}
