package org.crossview.refine;

import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;

/**
 * Whether a case's final pose can be trusted, from quantities available without ground truth: the final case
 * loss, each view's own similarity at the final pose (the worst one), and the agreement between views: each
 * view alone is optimised briefly at the coarsest level from the joint pose, and the largest in-plane
 * displacement of the anatomy (a 100 mm cube about the pivot, camera x/y only, since one view cannot see
 * depth) that any view asks for is the disagreement. At a right pose every view is at its own optimum; at a
 * wrong local optimum of the joint loss the single views pull apart.
 *
 * <p>Thresholds: from our own simulated cases (test class {@code StartVerdictCalibration}: phantom, our
 * simulator, wide pose spreads), never from the shared files; see the constants.
 */
public record Verdict(boolean converged, double finalLoss, double worstViewSimilarity, double disagreementMm) {

    /**
     * A case is suspect when some view asks to move the anatomy by more than this (mm, in-plane). Calibration
     * (36 case results: 12 phantom cases at 15°/30 mm sd registered from plain nominal starts, searched starts and
     * 25°/50 mm perturbed truths): converged cases (mTRE &lt; 2 mm) asked for ≤ 0.9 mm, failed ones (mTRE 63–78 mm)
     * for ≥ 11.3 mm; the threshold lies near the midpoint.
     */
    public static final double MAX_DISAGREEMENT_MM = 5.0;

    /**
     * ... or when some view's own similarity at the final pose is below this. Calibration (as above): converged
     * ≥ 0.929, failed ≤ 0.614; the midpoint rounded down, since X-rays from other simulators or real C-arms
     * match our DRRs less well even at the right pose.
     */
    public static final double MIN_VIEW_SIMILARITY = 0.75;

    /** Coarsest-level iterations of each view's own optimisation. */
    static final int AGREEMENT_ITERATIONS = 30;

    public String label() {
        return converged ? "converged" : "suspect";
    }

    /** The verdict and its numbers, for logs. */
    public String describe() {
        return String.format(Locale.ROOT, "%s (final loss %.4f, worst view similarity %.3f [≥ %.2f], view disagreement %.1f mm [≤ %.1f])",
                label(), finalLoss, worstViewSimilarity, MIN_VIEW_SIMILARITY, disagreementMm, MAX_DISAGREEMENT_MM);
    }

    /** Judges the final reference pose of a case with the thresholds above. */
    public static Verdict assess(MultiViewRefiner refiner, List<CaseView> views, Rigid volFromCamRef, double finalLoss, double[] pivotVolMm) {
        double[] perView = refiner.finestPerViewLosses(views, volFromCamRef);
        double worst = Double.POSITIVE_INFINITY;
        for (double l : perView) worst = Math.min(worst, 1 - l);
        double disagreement = 0;
        for (CaseView v : views) {
            Rigid joint = v.volFromCam(volFromCamRef);
            CaseView alone = new CaseView(v.name(), v.camera(), v.image(), v.mask(), Rigid.identity());
            Rigid own = refiner.optimiseCoarsest(List.of(alone), joint, pivotVolMm, AGREEMENT_ITERATIONS).volFromCamRef();
            disagreement = Math.max(disagreement, inPlaneGapMm(joint, own, pivotVolMm));
        }
        return of(finalLoss, worst, disagreement);
    }

    public static Verdict of(double finalLoss, double worstViewSimilarity, double disagreementMm) {
        boolean ok = worstViewSimilarity >= MIN_VIEW_SIMILARITY && disagreementMm <= MAX_DISAGREEMENT_MM;
        return new Verdict(ok, finalLoss, worstViewSimilarity, disagreementMm);
    }

    /** Mean in-plane (camera x/y) displacement of the corners of a 100 mm cube about the pivot between two poses of one camera (mm). */
    static double inPlaneGapMm(Rigid a, Rigid b, double[] pivotVolMm) {
        Rigid ai = a.inverse(), bi = b.inverse();
        double s = 0;
        for (double[] x : StartSearch.cubeCornersLps(pivotVolMm)) {
            double[] p = ai.apply(x), q = bi.apply(x);
            s += Math.hypot(p[0] - q[0], p[1] - q[1]);
        }
        return s / 8;
    }
}
