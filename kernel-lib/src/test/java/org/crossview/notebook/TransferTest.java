package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.TransferScore;
import org.crossview.data.XrayView;
import org.crossview.eval.VerdictReport;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.refine.FileRegistration;
import org.crossview.refine.Verdict;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TransferTest {
    private static TransferScore.ViewScore view(double coarse, double consensus, double nominal) {
        return new TransferScore.ViewScore("s", "p", 0, false, coarse, consensus, nominal);
    }

    @Test
    void tableSummarisesEachEstimateAgainstTheNominalStart() {
        List<TransferScore.ViewScore> scores = List.of(view(10, 8, 40), view(50, 30, 20), view(4, Double.NaN, 60), view(1, 1.5, 30));
        Table t = Transfer.table("t", scores, new double[] {0.5, 25, 1.0, 3.0});
        assertEquals(4, t.rowCount());
        // coarse alone: mean (10+50+4+1)/4, median (4+10)/2, one under 2 mm, three better than nominal
        assertEquals(16.3, t.doubleColumn("mTRE mean (mm)").get(0), 1e-9);
        assertEquals(7.0, t.doubleColumn("mTRE median (mm)").get(0), 1e-9);
        assertEquals(25.0, t.doubleColumn("< 2 mm (%)").get(0), 1e-9);
        assertEquals(75.0, t.doubleColumn("better than nominal (%)").get(0), 1e-9);
        // consensus: the single-view case falls back to its coarse prediction: (8+30+4+1.5)/4
        assertEquals(10.9, t.doubleColumn("mTRE mean (mm)").get(1), 1e-9);
        // nominal: never better than itself
        assertEquals(37.5, t.doubleColumn("mTRE mean (mm)").get(2), 1e-9);
        assertEquals(0.0, t.doubleColumn("better than nominal (%)").get(2), 1e-9);
        // registered: two under 2 mm, 25 > 20 is worse than nominal
        assertEquals(50.0, t.doubleColumn("< 2 mm (%)").get(3), 1e-9);
        assertEquals(75.0, t.doubleColumn("better than nominal (%)").get(3), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Transfer.table("t", scores, new double[3]));
    }

    private static Transfer.RegisteredCase registered(String name, Verdict v, double... mtre) {
        FileRegistration.Outcome o = new FileRegistration.Outcome(null, List.of(), List.of(), Rigid.identity(), 0, 0, null, "coarse:0", 0, 0, 2, v, List.of());
        return new Transfer.RegisteredCase(name, o, mtre);
    }

    @Test
    void verdictTableHasOneRowPerCaseAndTheReportCountsViews() {
        Transfer.Run run = new Transfer.Run("file", List.of(), List.of(
                registered("a", Verdict.of(0.1, 0.95, 0.5), 1.0, 1.5),
                registered("b", Verdict.of(0.4, 0.5, 20), 40, 60),
                registered("c", Verdict.of(0.1, 0.9, 1.0), 30, 10)));
        Table t = Transfer.verdicts("v", List.of(run));
        assertEquals(3, t.rowCount());
        assertEquals("converged", t.stringColumn("verdict").get(0));
        assertEquals("suspect", t.stringColumn("verdict").get(1));
        assertEquals(50.0, t.doubleColumn("mTRE (mm, display only)").get(1), 1e-9);
        assertEquals(2, t.intColumn("attempts").get(2));
        VerdictReport r = Transfer.verdictReport(List.of(run), 2.0);
        assertEquals(2, r.convergedOk());
        assertEquals(2, r.convergedFailed());
        assertEquals(2, r.suspectFailed());
        assertEquals(0, r.suspectOk());
        assertEquals(6, run.registeredMm().length);
    }

    @Test
    void networkInputUndoesTheExponentOfARawXray() {
        int n = 32;
        Camera camera = CoarseRun.camera(n);
        float[] line = new float[n * n], raw = new float[n * n];
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) {
            line[r * n + c] = (float) (1.5 * Math.exp(-((c - 12.0) * (c - 12.0) + (r - 18.0) * (r - 18.0)) / 60.0) + 0.01 * c);
            raw[r * n + c] = (float) (1e5 * Math.exp(-line[r * n + c]));
        }
        float[] x = Transfer.networkInput(new XrayView("x", new Image(n, n, raw), camera, null, Map.of(), false), n).data();
        assertTrue(CoarseExperimentTest.correlation(x, line) > 0.999, "input vs line integral: " + CoarseExperimentTest.correlation(x, line));
        double mean = 0;
        for (float v : x) mean += v / x.length;
        assertEquals(0, mean, 1e-3);
    }

    @Test
    void simulatedInputIsTheApViewOfTheCtAsTheNetworkSeesIt() {
        try (CoarseExperiment exp = CoarseExperiment.of(CoarseExperimentTest.tinyCt(), CoarseExperimentTest.tinyOptions(1))) {
            int n = exp.options().inputSize();
            float[] x = Transfer.simulatedInput(exp, 48, 5).data();
            float[] drr = exp.renderer().render(CoarseRun.camera(n), exp.parameterisation().volFromCamOfRelative(Rigid.identity())).data();
            assertEquals(n * n, x.length);
            assertTrue(CoarseExperimentTest.correlation(x, drr) > 0.95, "simulated input vs AP DRR: " + CoarseExperimentTest.correlation(x, drr));
        }
    }
}
