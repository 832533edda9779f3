package org.crossview.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictReportTest {
    @Test
    void countsTheTableAndScoresSuspectAsAFailureDetector() {
        List<VerdictReport.Judged> views = List.of(
                new VerdictReport.Judged(false, 0.5), new VerdictReport.Judged(false, 1.9), new VerdictReport.Judged(false, 30), // 2 ok, 1 missed failure
                new VerdictReport.Judged(true, 2.0), new VerdictReport.Judged(true, 80), new VerdictReport.Judged(true, 0.3)); // 2 caught, 1 false alarm
        VerdictReport r = VerdictReport.of(views, 2.0);
        assertEquals(2, r.convergedOk());
        assertEquals(1, r.convergedFailed());
        assertEquals(1, r.suspectOk());
        assertEquals(2, r.suspectFailed());
        assertEquals(2.0 / 3, r.precision(), 1e-12);
        assertEquals(2.0 / 3, r.recall(), 1e-12);
        assertTrue(r.text().contains("precision 0.67 (2/3), recall 0.67 (2/3)"), r.text());
        assertTrue(Double.isNaN(VerdictReport.of(List.of(new VerdictReport.Judged(false, 1)), 2).recall()));
    }
}
