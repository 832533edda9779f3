package org.crossview.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedStatisticsTest {
    @Test
    void meanSdAndTIntervalMatchTheTables() {
        SeedStatistics.Summary s = SeedStatistics.summary(new double[] {1, 2, 3});
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(1, s.sd(), 1e-12);
        double half = 4.302653 / Math.sqrt(3); // t(0.975, 2 df) from a t table
        assertEquals(2 - half, s.ciLow(), 1e-5);
        assertEquals(2 + half, s.ciHigh(), 1e-5);
        SeedStatistics.Summary one = SeedStatistics.summary(new double[] {5});
        assertEquals(5, one.mean());
        assertTrue(Double.isNaN(one.sd()) && Double.isNaN(one.ciLow()));
    }

    @Test
    void wilcoxonExactPValueCountsSignPatterns() {
        // five pairs, all differences positive and distinct: W- = 0 occurs in 1 of 2^5 sign patterns; two-sided p = 2/32
        assertEquals(2.0 / 32, SeedStatistics.wilcoxonP(new double[] {1, 2, 3, 4, 5}, new double[] {2.1, 4.2, 6.3, 8.4, 10.5}), 1e-9);
        // W- = 1 (only the smallest difference negative): patterns with W- ≤ 1 are 2 of 32; p = 4/32
        assertEquals(4.0 / 32, SeedStatistics.wilcoxonP(new double[] {1, 2, 3, 4, 5}, new double[] {0.9, 4.2, 6.3, 8.4, 10.5}), 1e-9);
        assertEquals(1, SeedStatistics.wilcoxonP(new double[] {1, 2}, new double[] {1, 2}));
    }

    @Test
    void holmMultipliesTheKthSmallestByMMinusKPlusOneAndKeepsOrder() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, SeedStatistics.holm(new double[] {0.01, 0.04, 0.03}), 1e-12);
        double[] withNan = SeedStatistics.holm(new double[] {Double.NaN, 0.5, 0.2});
        assertTrue(Double.isNaN(withNan[0]));
        assertArrayEquals(new double[] {0.5, 0.4}, new double[] {withNan[1], withNan[2]}, 1e-12);
    }
}
