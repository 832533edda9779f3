package org.crossview.refine;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.junit.jupiter.api.Test;

/** Start selection on analytic blob images (independent renderer): by loss only, and the multi-start search. */
class StartSearchTest {
    private final BlobRenderer renderer = BlobRenderer.pelvisLike();
    private final double[] angles = {0, Math.toRadians(30)};
    private final double[] pivot = {0, 0, 0};
    private final Rigid truth = TestCases.apVolFromCam();
    private final List<CaseView> views = TestCases.views(renderer, truth, angles, 32, 0.002, 11);
    private final MultiViewRefiner refiner = new MultiViewRefiner(renderer, RefinementSettings.defaults(Similarities.ncc()).withLevels(2));

    @Test
    void aFarCoarseCandidateLosesToABetterNominalOneAndTheSearchNeverMakesItWorse() {
        Rigid farCoarse = TestCases.perturb(truth, new double[] {0.1, 0.7, -0.2}, new double[] {40, -30, 60}); // ~42°, ~80 mm
        Rigid nominal = TestCases.perturb(truth, new double[] {0.05, -0.08, 0.03}, new double[] {6, -5, 10}); // ~6°, ~13 mm
        List<StartSearch.Candidate> candidates = List.of(new StartSearch.Candidate("coarse:0", farCoarse), new StartSearch.Candidate("ap:0", nominal));
        double[] plainLoss = refiner.coarsestLosses(views, List.of(farCoarse, nominal));
        assertTrue(plainLoss[1] < plainLoss[0], "the nominal start should have the lower loss: " + plainLoss[0] + " vs " + plainLoss[1]);

        StartSearch.Result plain = StartSearch.search(refiner, views, candidates, pivot, null);
        assertEquals("ap:0", plain.best().label());
        assertEquals(2, plain.ranked().size());

        StartSearch.Result searched = StartSearch.search(refiner, views, candidates, pivot, StartSearch.Settings.defaults());
        assertTrue(searched.best().coarseLoss() <= plainLoss[1], "searched start's loss " + searched.best().coarseLoss() + " > best candidate's " + plainLoss[1]);
        double before = TestCases.mtre(truth, nominal, TestCases.landmarks());
        double after = TestCases.mtre(truth, searched.best().volFromCamRef(), TestCases.landmarks());
        assertTrue(after < before, "searched start " + after + " mm, best candidate " + before + " mm");
        assertTrue(searched.evaluations() > plain.evaluations() && searched.seconds() >= 0);
    }

    @Test
    void theSearchRecoversATurnedAndAStronglyRotatedStartThatPlainCandidatesMiss() {
        Rigid turned = TestCases.perturb(truth, new double[] {0.02, -0.03, Math.PI - 0.05}, new double[] {3, 2, -4}); // upside-down flag missed
        Rigid carm = TestCases.perturb(truth, new double[] {0.03, Math.toRadians(-29), 0.02}, new double[] {-4, 3, 5}); // C-arm angle off by ~29°
        for (Rigid wrong : List.of(turned, carm)) {
            List<StartSearch.Candidate> one = List.of(new StartSearch.Candidate("ap:0", wrong));
            double plainMtre = TestCases.mtre(truth, StartSearch.search(refiner, views, one, pivot, null).best().volFromCamRef(), TestCases.landmarks());
            StartSearch.Result r = StartSearch.search(refiner, views, one, pivot, StartSearch.Settings.defaults().withSeeds(1));
            double searchedMtre = TestCases.mtre(truth, r.best().volFromCamRef(), TestCases.landmarks());
            assertTrue(plainMtre > 15, "the plain start should be far off: " + plainMtre);
            assertTrue(searchedMtre < 2, "searched start " + r.best().label() + ": " + searchedMtre + " mm (plain " + plainMtre + " mm)");
            assertTrue(r.ranked().size() > 1, "retries need further distinct starts");
        }
    }

    @Test
    void perturbationsTurnAboutThePivotInTheCameraFrame() {
        StartSearch.Perturbation p = new StartSearch.Perturbation("ry", new double[] {0, Math.toRadians(30), 0}, new double[3]);
        Rigid moved = StartSearch.perturb(truth, p, pivot);
        // the pivot stays where it was in the camera frame, the pose turns by 30° about the camera's y axis
        double[] before = truth.inverse().apply(pivot), after = moved.inverse().apply(pivot);
        for (int a = 0; a < 3; a++) assertEquals(before[a], after[a], 1e-9);
        Rigid camFromCam = truth.inverse().compose(moved);
        assertEquals(30, Math.toDegrees(camFromCam.angleRad()), 1e-9);
        double[] yAxis = camFromCam.applyToDirection(new double[] {0, 1, 0});
        assertEquals(1, yAxis[1], 1e-12);
        assertEquals(0, StartSearch.gapMm(truth, truth, pivot), 1e-12);
        assertEquals(10, StartSearch.gapMm(truth, truth.compose(Rigid.translation(0, 0, 10)), pivot), 1e-9);
    }
}
