package org.crossview.refine;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class RefinementTraceTest {

    @Test
    void recordsEveryIterationWithImagesWhenAsked() {
        BlobRenderer renderer = BlobRenderer.pelvisLike();
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, new double[] {0, 0.5}, 32, 0, 1);
        RefinementSettings s = RefinementSettings.defaults(Similarities.ncc()).withLevels(2).withMaxIterationsPerLevel(12).withRecordImagesEvery(5);
        Rigid start = TestCases.perturb(truth, new double[] {0.02, 0, 0}, new double[] {3, 0, 0});
        RefinementResult r = new MultiViewRefiner(renderer, s).refine(views, start, new double[3]);
        RefinementTrace trace = r.trace();
        assertEquals(24, trace.size());
        assertEquals(0, trace.iterations().get(11).level());
        assertEquals(1, trace.iterations().get(12).level());
        // Images every 5th iteration of each level, one per view, at that level's size (16² then 32²).
        assertNotNull(trace.iterations().get(5).rendered());
        assertNull(trace.iterations().get(6).rendered());
        assertEquals(16, trace.iterations().get(10).rendered()[1].cols());
        assertEquals(32, trace.iterations().get(12).rendered()[0].cols());
        assertEquals(start, trace.iterations().get(0).volFromCamRef());

        Table t = trace.toTable();
        assertEquals(24, t.rowCount());
        assertEquals(start.get(0, 3), t.doubleColumn("m03").get(0), 1e-12);
        assertEquals(start.get(2, 1), t.doubleColumn("m21").get(0), 1e-12);
        XYChart chart = trace.metricChart("mTRE", "mm", p -> TestCases.mtre(truth, p, TestCases.landmarks()));
        assertEquals("mTRE", chart.getTitle());
        XYChart both = RefinementTrace.compareChart("runs", "mTRE (mm)", java.util.Map.of("a", trace, "b", trace),
                java.util.Map.of("a", p -> TestCases.mtre(truth, p, TestCases.landmarks()), "b", p -> 1.0));
        assertEquals("runs", both.getTitle());
        double[] mtre = trace.poseMetric(p -> TestCases.mtre(truth, p, TestCases.landmarks()));
        assertEquals(TestCases.mtre(truth, start, TestCases.landmarks()), mtre[0], 1e-12);
    }
}
