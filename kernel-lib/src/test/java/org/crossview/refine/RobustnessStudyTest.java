package org.crossview.refine;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RobustnessStudyTest {

    @Test
    void initialErrorHasTheRequestedSize() {
        Rigid pose = TestCases.apVolFromCam();
        Random random = new Random(7);
        InitialError e = new InitialError(5, 12);
        for (int i = 0; i < 20; i++) {
            Rigid start = e.apply(pose, new double[] {10, -5, 20}, random);
            Rigid delta = pose.inverse().compose(start);
            assertEquals(Math.toRadians(5), delta.angleRad(), 1e-9);
            // The pivot's camera-frame position moves by exactly the translation (the rotation is about it).
            double[] p0 = pose.inverse().apply(10, -5, 20), p1 = start.inverse().apply(10, -5, 20);
            double d = Math.sqrt(Math.pow(p0[0] - p1[0], 2) + Math.pow(p0[1] - p1[1], 2) + Math.pow(p0[2] - p1[2], 2));
            assertEquals(12, d, 1e-9);
        }
    }

    @Test
    void aCasesRandomNumbersDependOnTheSeedAndItsKeyOnly() {
        assertEquals(InitialError.randomFor(5, "000,001").nextLong(), InitialError.randomFor(5, "000,001").nextLong());
        assertTrue(InitialError.randomFor(5, "000,001").nextLong() != InitialError.randomFor(5, "002,003").nextLong());
        assertTrue(InitialError.randomFor(5, "000,001").nextLong() != InitialError.randomFor(6, "000,001").nextLong());
    }

    @Test
    void studyTabulatesSingleMultiAndCoarseStarts() {
        BlobRenderer renderer = BlobRenderer.pelvisLike();
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, new double[] {0, Math.toRadians(40)}, 32, 0.01, 9);
        StudyCase c = new StudyCase("blobs", views, truth, TestCases.landmarks(), new double[3]);
        RefinementSettings s = RefinementSettings.defaults(Similarities.ncc()).withLevels(2).withMaxIterationsPerLevel(80);
        Random noise = new Random(3);
        RobustnessStudy study = new RobustnessStudy(new MultiViewRefiner(renderer, s), List.of(new InitialError(2, 4)), 2, 11)
                .withCoarse(k -> new Rigid[] {
                    new InitialError(3, 6).apply(k.volFromCamTrue(0), k.pivotVol(), noise),
                    new InitialError(3, 6).apply(k.volFromCamTrue(1), k.pivotVol(), noise)});
        Table t = study.run(List.of(c));
        // 2 trials × (1 multi + 2 single) + coarse: 2 coarse-only + 1 multi + 2 single.
        assertEquals(2 * 3 + 2 + 3, t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("init").get(i).equals("coarse-only")) continue;
            double initial = t.doubleColumn("initialMtreMm").get(i), fin = t.doubleColumn("finalMtreMm").get(i);
            assertTrue(initial > 2 && fin < initial / 2, "row " + i + ": " + t.row(i));
            if (t.stringColumn("mode").get(i).equals("multi")) assertTrue(fin < 1, "row " + i + ": " + t.row(i));
        }
        Table summary = RobustnessStudy.summary(t);
        assertEquals(5, summary.rowCount(), summary.print());
        assertTrue(summary.columnNames().contains("Mean [under2mm]"));
    }

    /** A study resumed from its journal gives the rows of a whole run: a case's starts depend on the seed and its name only. */
    @Test
    void aResumedStudyMatchesAWholeOne() {
        BlobRenderer renderer = BlobRenderer.pelvisLike();
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, new double[] {0, Math.toRadians(40)}, 24, 0.01, 9);
        List<StudyCase> cases = List.of(new StudyCase("a", views, truth, TestCases.landmarks(), new double[3]),
                new StudyCase("b", views, truth, TestCases.landmarks(), new double[3]));
        RefinementSettings s = RefinementSettings.defaults(Similarities.ncc()).withLevels(1).withMaxIterationsPerLevel(15);
        java.util.Map<String, List<String>> kept = new java.util.LinkedHashMap<>();
        RobustnessStudy.CaseJournal journal = new RobustnessStudy.CaseJournal() {
            @Override
            public List<String> finished(String name) {
                return kept.get(name);
            }

            @Override
            public void record(String name, List<String> rows) {
                kept.put(name, rows);
            }
        };
        Table whole = new RobustnessStudy(new MultiViewRefiner(renderer, s), List.of(new InitialError(3, 6)), 2, 11).modes(false, true)
                .withJournal(journal).run(cases);
        assertEquals(List.of("a", "b"), List.copyOf(kept.keySet()));
        kept.remove("b"); // stopped while b ran
        Table resumed = new RobustnessStudy(new MultiViewRefiner(renderer, s), List.of(new InitialError(3, 6)), 2, 11).modes(false, true)
                .withJournal(journal).run(cases);
        assertEquals(withoutSeconds(whole), withoutSeconds(resumed));
        // Cases a and b have the same views but their own starts.
        assertTrue(!whole.doubleColumn("initialMtreMm").get(0).equals(whole.doubleColumn("initialMtreMm").get(2)), whole.print());
        Table decoded = RobustnessStudy.emptyResults();
        RobustnessStudy.decodeInto(decoded, RobustnessStudy.encode(whole));
        assertEquals(RobustnessStudy.encode(whole), RobustnessStudy.encode(decoded), "every value survives the journal exactly");
    }

    private static List<String> withoutSeconds(Table t) {
        return RobustnessStudy.encode(t.rejectColumns("seconds"));
    }
}
