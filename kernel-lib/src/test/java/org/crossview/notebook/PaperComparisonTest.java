package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crossview.eval.ProjectionError;
import org.crossview.eval.ResultTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PaperComparisonTest {

    @Test
    void meanAndSampleSdOfTheValues() {
        assertEquals("2.00 ± 1.00 (n = 3)", PaperComparison.meanSd(new double[] {1, 2, 3}));
        assertEquals("0.50 ± 0.00 (n = 1)", PaperComparison.meanSd(new double[] {0.5}));
        assertEquals("—", PaperComparison.meanSd(new double[0]));
    }

    @Test
    void putsOurNumbersBesideThePapersWithTheProtocolDifferences() {
        List<ResultTables.Row> rows = List.of(row(0.1), row(0.3));
        var o = new PaperComparison.Ours(rows, List.of("phantom (simulated)"), new double[] {1, 3}, List.of("chest_wide_sample"),
                new ResultsStudy.Settings(2, 5, 3, 64, 2, 60, false, new org.crossview.refine.InitialError(5, 10), List.of(), 3),
                CoarseOptions.tutorial(), org.crossview.coarse.CoarseRun.Options.tutorial(), 64);
        Table t = PaperComparison.table(o);
        List<String> what = t.stringColumn("what").asList();
        for (String needed : List.of("mTRE, simulated X-rays (mm)", "mTRE, foreign X-rays (mm)", "mTRE, real X-rays (mm)", "X-rays", "specimens, projections",
                "start of the refinement", "coarse training", "image size", "training pose spread")) {
            assertTrue(what.contains(needed), "row '" + needed + "' missing from " + what);
        }
        assertEquals("0.20 ± 0.14 (n = 2)", cell(t, "mTRE, simulated X-rays (mm)", "this run"));
        assertTrue(cell(t, "mTRE, foreign X-rays (mm)", "this run").startsWith("2.00 ± 1.41 (n = 2)"));
        assertEquals("0.79 ± 2.17", cell(t, "mTRE, real X-rays (mm)", "the paper (DeepFluoro)"));
        assertTrue(cell(t, "specimens, projections", "this run").contains("2 projections"));
        assertTrue(cell(t, "start of the refinement", "this run").contains("5.0°"), cell(t, "start of the refinement", "this run"));
    }

    private static String cell(Table t, String what, String column) {
        int i = t.stringColumn("what").asList().indexOf(what);
        return t.stringColumn(column).get(i);
    }

    private static ResultTables.Row row(double mtre) {
        return new ResultTables.Row("phantom", "p", "0", new ProjectionError(mtre, 0, 0, 0, 4, 4));
    }
}
