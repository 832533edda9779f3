package org.crossview.refine;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.junit.jupiter.api.Test;

/** The refiner on analytic blob images (an independent test renderer), against known perturbations. */
class MultiViewRefinerTest {
    private final BlobRenderer renderer = BlobRenderer.pelvisLike();
    private final double[] angles = {0, Math.toRadians(30), Math.toRadians(60)};

    @Test
    void caseGradientMatchesFiniteDifferences() {
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, angles, 32, 0, 1);
        MultiViewRefiner refiner = new MultiViewRefiner(renderer, RefinementSettings.defaults(Similarities.ncc()));
        Rigid pose = TestCases.perturb(truth, new double[] {0.03, -0.02, 0.04}, new double[] {4, -3, 6});
        Rigid pivot = Rigid.translation(5, -8, -740);
        double[] g = refiner.evaluate(views, pose, pivot).gradient();
        for (int k = 0; k < 6; k++) {
            double h = k < 3 ? 1e-4 : 1e-2;
            double[] xi = new double[6];
            xi[k] = h;
            double plus = refiner.evaluate(views, pose.compose(pivot).compose(Rigid.exp(xi)).compose(pivot.inverse()), pivot).loss();
            xi[k] = -h;
            double minus = refiner.evaluate(views, pose.compose(pivot).compose(Rigid.exp(xi)).compose(pivot.inverse()), pivot).loss();
            double fd = (plus - minus) / (2 * h);
            assertEquals(fd, g[k], 2e-3 * Math.abs(fd) + 1e-7, "component " + k);
        }
    }

    @Test
    void multiViewRecoversAKnownPerturbation() {
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, angles, 64, 0.002, 2);
        Rigid start = TestCases.perturb(truth, new double[] {0.05, -0.03, 0.04}, new double[] {6, -5, 8}); // ~4°, ~11 mm
        double before = TestCases.mtre(truth, start, TestCases.landmarks());
        MultiViewRefiner refiner = new MultiViewRefiner(renderer, RefinementSettings.defaults(Similarities.ncc()));
        RefinementResult r = refiner.refine(views, start, new double[] {0, 0, 0});
        double after = TestCases.mtre(truth, r.volFromCamRef(), TestCases.landmarks());
        assertTrue(before > 8, "start should be well off: " + before);
        assertTrue(after < 0.3, "mTRE after refinement " + after + " mm (before " + before + ")");
        assertEquals(r.iterations(), r.trace().size());
        assertTrue(r.trace().losses()[r.trace().size() - 1] < r.trace().losses()[0]);
        // Every view's pose follows the reference through its relative transform.
        assertTrue(r.volFromCamPerView().get(2).maxAbsDiff(r.volFromCamRef().compose(views.get(2).camRefFromCam())) < 1e-12);
    }

    @Test
    void multiViewPinsDepthWhereOneViewBarelySeesIt() {
        Rigid truth = TestCases.apVolFromCam();
        List<CaseView> views = TestCases.views(renderer, truth, angles, 48, 0, 3);
        MultiViewRefiner refiner = new MultiViewRefiner(renderer, RefinementSettings.defaults(Similarities.ncc()));
        Rigid pivot = Rigid.translation(0, 0, -TestCases.SOURCE_TO_ISO_MM);
        // Curvature of the case loss along the reference camera's depth (z) and lateral (x) translations.
        double singleRatio = curvature(refiner, views.subList(0, 1), truth, pivot, 5) / curvature(refiner, views.subList(0, 1), truth, pivot, 3);
        double multiRatio = curvature(refiner, views, truth, pivot, 5) / curvature(refiner, views, truth, pivot, 3);
        assertTrue(multiRatio > 20 * singleRatio, "depth/lateral curvature: single " + singleRatio + ", multi " + multiRatio);

        // And from a 15 mm depth error (noisy images, three noise draws) the case's depth comes back; one view leaves more.
        RefinementSettings s = RefinementSettings.defaults(Similarities.ncc()).withMaxIterationsPerLevel(150);
        MultiViewRefiner r = new MultiViewRefiner(renderer, s);
        Rigid start = truth.compose(Rigid.translation(0, 0, 15));
        double multiDepth = 0, singleDepth = 0;
        for (long seed = 5; seed < 8; seed++) {
            List<CaseView> noisy = TestCases.views(renderer, truth, angles, 48, 0.05, seed);
            multiDepth += depthErrorMm(truth, r.refine(noisy, start, new double[3]).volFromCamRef()) / 3;
            singleDepth += depthErrorMm(truth, r.refineSingle(noisy.get(0), start, new double[3]).volFromCamRef()) / 3;
        }
        assertTrue(multiDepth < 0.3 && multiDepth < singleDepth / 2, "mean depth error: multi " + multiDepth + " mm, single " + singleDepth + " mm");
    }

    /** |z| displacement of the volume origin (the blobs' centre) in the reference camera frame. */
    private static double depthErrorMm(Rigid truth, Rigid estimate) {
        return Math.abs(estimate.inverse().apply(0, 0, 0)[2] - truth.inverse().apply(0, 0, 0)[2]);
    }

    private static double curvature(MultiViewRefiner refiner, List<CaseView> views, Rigid pose, Rigid pivot, int k) {
        double h = 2;
        double[] xi = new double[6];
        xi[k] = h;
        double plus = refiner.evaluate(views, pose.compose(Rigid.exp(xi)), pivot).loss();
        xi[k] = -h;
        double minus = refiner.evaluate(views, pose.compose(Rigid.exp(xi)), pivot).loss();
        double zero = refiner.evaluate(views, pose, pivot).loss();
        return (plus + minus - 2 * zero) / (h * h);
    }
}
