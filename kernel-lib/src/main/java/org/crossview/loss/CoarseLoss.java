package org.crossview.loss;

import java.util.Collections;
import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * The coarse stage's training loss for one case (DESIGN.md §4):
 * total = λ_p·pose + λ_I·image + λ_xp·cross-pose + λ_xI·cross-image, with
 * <ul>
 * <li>pose = mean over views of d(T̂_v, T_v) (any {@link PoseDistance}, e.g. the double geodesic);
 * <li>image, cross-image: see {@link ImageTerms} (1 − similarity, e.g. mNCC);
 * <li>cross-pose: see {@link CrossViewPoseTerm} (same distance as the pose term).
 * </ul>
 * A weight of 0 switches its term off: it is not computed and its value is reported as NaN. The gradient
 * is d(total)/dξ_v for each view v, ξ_v the right perturbation of the predicted volFromCam_v; the coarse
 * trainer chains it to its network's outputs.
 */
public final class CoarseLoss {
    /** λ_p, λ_I, λ_xp, λ_xI: finite and ≥ 0; 0 = term off. */
    public record Weights(double pose, double image, double crossPose, double crossImage) {
        public Weights {
            double[] all = {pose, image, crossPose, crossImage};
            String[] names = {"λ_p (pose)", "λ_I (image)", "λ_xp (cross-view pose)", "λ_xI (cross-view image)"};
            for (int k = 0; k < 4; k++) {
                if (!(all[k] >= 0) || !Double.isFinite(all[k])) throw new IllegalArgumentException(names[k] + ": must be finite and ≥ 0, got " + all[k]);
            }
        }

        /** DiffPose's weights (λ_I = 1, λ_p = 0.01) with xvr's cross-view weight 1e−3 for both cross terms. */
        public static Weights defaults() {
            return new Weights(0.01, 1, 1e-3, 1e-3);
        }
    }

    /**
     * The total, each term's unweighted value (NaN when switched off), d(total)/dξ_v per view, and the
     * DRRs at the predicted poses (null unless the image term is on).
     */
    public record Result(double total, double pose, double image, double crossPose, double crossImage, double[][] gradient,
            Image[] rendered) {}

    private final Renderer renderer;
    private final Weights weights;
    private final PoseDistance distance;
    private final ImageSimilarity similarity;

    /**
     * @param renderer may be null when both image weights are 0
     * @param distance the pose distance of the pose and cross-pose terms
     * @param similarity the similarity of the image and cross-image terms
     */
    public CoarseLoss(Renderer renderer, Weights weights, PoseDistance distance, ImageSimilarity similarity) {
        if (weights == null || distance == null || similarity == null) throw new IllegalArgumentException("coarse loss: weights, distance and similarity are required");
        if (renderer == null && (weights.image() > 0 || weights.crossImage() > 0)) {
            throw new IllegalArgumentException("coarse loss: a renderer is required when λ_I or λ_xI is positive");
        }
        this.renderer = renderer;
        this.weights = weights;
        this.distance = distance;
        this.similarity = similarity;
    }

    public Weights weights() {
        return weights;
    }

    /**
     * @param views the case's views (images, masks, known relative transforms)
     * @param predictedVolFromCam the network's pose per view
     * @param trueVolFromCam the ground-truth pose per view (used only by the pose term; may be null when λ_p = 0)
     */
    public Result evaluate(List<CaseView> views, Rigid[] predictedVolFromCam, Rigid[] trueVolFromCam) {
        return evaluate(Collections.singletonList(views), Collections.singletonList(predictedVolFromCam), Collections.singletonList(trueVolFromCam), false)[0];
    }

    /**
     * {@link #evaluate} of every case, with the image terms' DRRs and VJPs of all cases in one renderer call
     * each per camera ({@link ImageTerms#evaluateAll}): the same results, fewer and larger render calls.
     */
    public Result[] evaluateAll(List<List<CaseView>> cases, List<Rigid[]> predictedVolFromCam, List<Rigid[]> trueVolFromCam) {
        return evaluate(cases, predictedVolFromCam, trueVolFromCam, true);
    }

    private Result[] evaluate(List<List<CaseView>> cases, List<Rigid[]> predicted, List<Rigid[]> truth, boolean batched) {
        int cn = cases.size();
        if (predicted.size() != cn || truth.size() != cn) throw new IllegalArgumentException("coarse loss: " + cn + " cases but " + predicted.size() + " predicted and " + truth.size() + " true pose sets");
        ImageTerms.Result[] images = null;
        boolean imageTerms = weights.image() > 0 || weights.crossImage() > 0;
        for (int c = 0; c < cn; c++) {
            if (cases.get(c) == null || cases.get(c).isEmpty()) throw new IllegalArgumentException("coarse loss: at least one view is required");
            Checks.poses("predicted poses", predicted.get(c), cases.get(c).size());
            if (weights.pose() > 0) Checks.poses("true poses", truth.get(c), cases.get(c).size()); // before any rendering
        }
        if (imageTerms) {
            ImageTerms terms = new ImageTerms(renderer, similarity);
            boolean image = weights.image() > 0, cross = weights.crossImage() > 0;
            if (batched) {
                images = terms.evaluateAll(cases, predicted, image, cross);
            } else {
                images = new ImageTerms.Result[cn];
                for (int c = 0; c < cn; c++) images[c] = terms.evaluate(cases.get(c), predicted.get(c), image, cross);
            }
        }
        Result[] out = new Result[cn];
        for (int c = 0; c < cn; c++) out[c] = combine(cases.get(c), predicted.get(c), truth.get(c), images == null ? null : images[c]);
        return out;
    }

    /** The weighted total of one case from its pose terms and its (already evaluated) image terms. */
    private Result combine(List<CaseView> views, Rigid[] predictedVolFromCam, Rigid[] trueVolFromCam, ImageTerms.Result r) {
        int n = views.size();
        double[][] grad = new double[n][6];
        double total = 0;
        double pose = Double.NaN, image = Double.NaN, crossPose = Double.NaN, crossImage = Double.NaN;
        Image[] rendered = null;
        if (weights.pose() > 0) {
            pose = 0;
            for (int v = 0; v < n; v++) {
                PoseTerm t = distance.evaluate(predictedVolFromCam[v], trueVolFromCam[v]);
                pose += t.value() / n;
                for (int k = 0; k < 6; k++) grad[v][k] += weights.pose() * t.gradient()[k] / n;
            }
            total += weights.pose() * pose;
        }
        if (weights.crossPose() > 0) {
            TermValue t = new CrossViewPoseTerm(distance).evaluate(views, predictedVolFromCam);
            crossPose = t.value();
            total += accumulate(grad, t, weights.crossPose());
        }
        if (r != null) {
            if (r.image() != null) {
                image = r.image().value();
                total += accumulate(grad, r.image(), weights.image());
            }
            if (r.crossImage() != null) {
                crossImage = r.crossImage().value();
                total += accumulate(grad, r.crossImage(), weights.crossImage());
            }
            rendered = r.rendered();
        }
        Checks.finite("coarse loss total", total);
        return new Result(total, pose, image, crossPose, crossImage, grad, rendered);
    }

    private static double accumulate(double[][] grad, TermValue t, double w) {
        for (int v = 0; v < grad.length; v++) for (int k = 0; k < 6; k++) grad[v][k] += w * t.gradient()[v][k];
        return w * t.value();
    }
}
