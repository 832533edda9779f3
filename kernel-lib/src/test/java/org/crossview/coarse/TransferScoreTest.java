package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransferScoreTest {
    private static TransferScore.ViewScore view(String id, double coarse, double consensus, double nominal) {
        return new TransferScore.ViewScore("s", id, 0, false, coarse, consensus, nominal);
    }

    @Test
    void summariesCountViewsBetterThanNominalAndUnderTenMillimetres() {
        List<TransferScore.ViewScore> v = List.of(view("a", 5, 4, 30), view("b", 40, 12, 20), view("c", 9, 9.5, 8), view("d", 12, Double.NaN, 50));
        TransferScore.Summary alone = TransferScore.summarise(v, false);
        assertEquals(4, alone.views());
        assertEquals((5 + 40 + 9 + 12) / 4.0, alone.meanMm(), 1e-12);
        assertEquals((9 + 12) / 2.0, alone.medianMm(), 1e-12);
        assertEquals(50, alone.betterThanNominalPct(), 1e-12); // a and d
        assertEquals(50, alone.under10MmPct(), 1e-12); // a and c
        TransferScore.Summary cons = TransferScore.summarise(v, true); // d has no consensus: its own prediction counts
        assertEquals((4 + 12 + 9.5 + 12) / 4.0, cons.meanMm(), 1e-12);
        assertEquals(75, cons.betterThanNominalPct(), 1e-12);
        TransferScore.Summary nominal = TransferScore.summariseNominal(v);
        assertEquals((20 + 30) / 2.0, nominal.medianMm(), 1e-12);
        assertEquals(25, nominal.under10MmPct(), 1e-12);
    }
}
