package org.crossview.render.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark summarises its rounds by the median, for every configuration alike. */
class RoundsMedianTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, RenderBenchmark.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, RenderBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertTrue(Double.isNaN(RenderBenchmark.median(List.of())));
    }

    @Test
    void oneOutlierRoundDoesNotMoveTheFigures() {
        RenderBenchmark.Rounds r = new RenderBenchmark.Rounds();
        r.offer(10, 0.050);
        r.offer(11, 0.020); // a round whose CPU time reads low (e.g. a difference of two runs under load)
        r.offer(9, 0.052);
        assertEquals(10, r.drrPerSecond());
        assertEquals(0.050, r.cpuSecondsPerDrr());
        assertEquals(0.010, r.cpuSecondsPerDrrRounds(0.5)[1], 1e-15); // every round kept, in order, for the JSON
    }
}
