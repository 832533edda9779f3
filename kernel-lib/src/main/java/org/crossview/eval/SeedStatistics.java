package org.crossview.eval;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Statistics of repeated runs (seeds): mean, sample sd, Student-t 95 % interval of the mean, and the paired comparison
 * of two configurations (Wilcoxon signed-rank p-value, Holm's correction over several comparisons).
 */
public final class SeedStatistics {
    private SeedStatistics() {}

    /** Mean, sample sd (n − 1) and the two-sided 95 % t interval of the mean; sd and interval are NaN below two values. */
    public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {}

    public static Summary summary(double[] x) {
        int n = x.length;
        if (n == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = Arrays.stream(x).average().orElse(Double.NaN);
        if (n < 2) return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, mean - half, mean + half);
    }

    /**
     * Two-sided Wilcoxon signed-rank p-value for paired samples (exact up to 30 pairs, normal approximation above);
     * 1 when every difference is zero, NaN below two pairs.
     */
    public static double wilcoxonP(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples of different sizes: " + a.length + " and " + b.length);
        if (a.length < 2) return Double.NaN;
        boolean allZero = true;
        for (int i = 0; i < a.length; i++) allZero &= a[i] == b[i];
        if (allZero) return 1;
        return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(a, b, a.length <= 30);
    }

    /** Holm's step-down adjusted p-values (same order as given; NaN stays NaN and is not counted). */
    public static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            if (!Double.isNaN(p[i])) m++;
        }
        Arrays.sort(order, (i, j) -> Double.compare(Double.isNaN(p[i]) ? 2 : p[i], Double.isNaN(p[j]) ? 2 : p[j]));
        double[] out = new double[p.length];
        double running = 0;
        for (int r = 0; r < p.length; r++) {
            int i = order[r];
            if (Double.isNaN(p[i])) {
                out[i] = Double.NaN;
                continue;
            }
            running = Math.max(running, Math.min(1, (m - r) * p[i]));
            out[i] = running;
        }
        return out;
    }
}
