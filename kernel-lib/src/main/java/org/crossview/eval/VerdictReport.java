package org.crossview.eval;

import java.util.List;
import java.util.Locale;

/**
 * How well a per-case verdict (converged / suspect) predicts failure (mTRE ≥ a threshold), counted per view:
 * the 2×2 table, and precision and recall of "suspect" as a detector of failure.
 */
public record VerdictReport(double successMtreMm, int convergedOk, int convergedFailed, int suspectOk, int suspectFailed) {

    /** One judged view: its verdict and its true mTRE (mm). */
    public record Judged(boolean suspect, double mtreMm) {}

    public static VerdictReport of(List<Judged> views, double successMtreMm) {
        int co = 0, cf = 0, so = 0, sf = 0;
        for (Judged j : views) {
            boolean ok = j.mtreMm() < successMtreMm;
            if (j.suspect()) {
                if (ok) so++; else sf++;
            } else {
                if (ok) co++; else cf++;
            }
        }
        return new VerdictReport(successMtreMm, co, cf, so, sf);
    }

    /** Of the views called suspect, the fraction that failed (NaN when none was called suspect). */
    public double precision() {
        return suspectOk + suspectFailed == 0 ? Double.NaN : (double) suspectFailed / (suspectOk + suspectFailed);
    }

    /** Of the views that failed, the fraction called suspect (NaN when none failed). */
    public double recall() {
        return convergedFailed + suspectFailed == 0 ? Double.NaN : (double) suspectFailed / (convergedFailed + suspectFailed);
    }

    public String text() {
        String ok = String.format(Locale.ROOT, "mTRE < %.3g mm", successMtreMm), bad = String.format(Locale.ROOT, "mTRE ≥ %.3g mm", successMtreMm);
        return String.format(Locale.ROOT, "verdict vs truth (views)  %14s  %14s%n", ok, bad)
                + String.format(Locale.ROOT, "  converged               %14d  %14d%n", convergedOk, convergedFailed)
                + String.format(Locale.ROOT, "  suspect                 %14d  %14d%n", suspectOk, suspectFailed)
                + String.format(Locale.ROOT, "  'suspect' as a failure detector: precision %s, recall %s%n",
                        frac(precision(), suspectFailed, suspectOk + suspectFailed), frac(recall(), suspectFailed, convergedFailed + suspectFailed));
    }

    private static String frac(double x, int num, int den) {
        return Double.isNaN(x) ? "n/a (0/0)" : String.format(Locale.ROOT, "%.2f (%d/%d)", x, num, den);
    }
}
