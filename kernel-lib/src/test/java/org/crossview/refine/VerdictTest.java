package org.crossview.refine;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.junit.jupiter.api.Test;

/** The verdict on analytic blob images (independent renderer): a right final pose passes, a wrong one is flagged. */
class VerdictTest {
    @Test
    void passesTheTruePoseAndFlagsAWrongOne() {
        BlobRenderer renderer = BlobRenderer.pelvisLike();
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, new double[] {0, Math.toRadians(30)}, 32, 0.002, 21);
        MultiViewRefiner refiner = new MultiViewRefiner(renderer, RefinementSettings.defaults(Similarities.ncc()).withLevels(2));
        double[] pivot = {0, 0, 0};

        Verdict right = Verdict.assess(refiner, views, truth, 0, pivot);
        assertTrue(right.converged(), right.describe());
        assertTrue(right.disagreementMm() < 1, right.describe());

        Rigid wrong = TestCases.perturb(truth, new double[] {0.05, 0.3, -0.1}, new double[] {15, -10, 20}); // ~19°, ~27 mm
        Verdict flagged = Verdict.assess(refiner, views, wrong, 0, pivot);
        assertFalse(flagged.converged(), flagged.describe());
        assertEquals("suspect", flagged.label());
    }

    @Test
    void inPlaneGapIgnoresDepth() {
        Rigid a = TestCases.apVolFromCam();
        double[] pivot = {0, 0, 0};
        assertEquals(0, Verdict.inPlaneGapMm(a, a.compose(Rigid.translation(0, 0, 30)), pivot), 1e-9);
        assertEquals(5, Verdict.inPlaneGapMm(a, a.compose(Rigid.translation(3, 4, 30)), pivot), 1e-9);
    }
}
