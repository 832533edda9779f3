package org.crossview.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.RefinementObjective;
import org.crossview.render.Renderer;

/**
 * Test-time pose optimisation (DESIGN.md §6): one 6-DoF pose for all views of a case, tied by their
 * known relative transforms (view v: volFromCam_v = volFromCamRef · camRefFromCam_v), Adam on se(3)
 * right-perturbation steps with separate rotation and translation rates, a plateau schedule with early
 * stopping, over an image pyramid from coarse to fine. The case's loss is the mean of the views' losses.
 *
 * <p>Steps are taken about a pivot: volFromCamRef ← volFromCamRef · Q · exp(ξ^) · Q⁻¹ with Q the
 * translation to the pivot in the reference camera frame. This is still a right perturbation (in a camera
 * frame moved to the pivot); with the pivot at the anatomy rather than at the X-ray source a rotation step
 * does not also swing the anatomy sideways by ~750 mm × angle, which decouples the rotation and translation
 * rates. The pivot is fixed for the whole run from the initial pose.
 *
 * <p>Single-view registration is the same with one view whose camRefFromCam is the identity.
 */
public final class MultiViewRefiner {
    private final RefinementObjective objective;
    private final RefinementSettings settings;
    private Consumer<RefinementTrace.Iteration> listener = it -> {};
    private MaskProvider maskProvider;

    /**
     * A pose-dependent mask (weights in [0, 1]) for a view at a pyramid level, computed at the start of each
     * level from the current estimate and multiplied into the view's own mask. Must not use ground truth.
     */
    public interface MaskProvider {
        Image mask(CaseView levelView, Rigid volFromCam);
    }

    public MultiViewRefiner(Renderer renderer, RefinementSettings settings) {
        if (renderer == null || settings == null) throw new IllegalArgumentException("refiner: renderer and settings are required");
        this.settings = settings;
        this.objective = new RefinementObjective(renderer, settings.similarity());
    }

    /** Adds a pose-dependent mask (e.g. {@link TruncationMask}); {@code null} for none. */
    public MultiViewRefiner withMaskProvider(MaskProvider provider) {
        this.maskProvider = provider;
        return this;
    }

    /** Called after each iteration (progress display, live plots). */
    public MultiViewRefiner onIteration(Consumer<RefinementTrace.Iteration> newListener) {
        this.listener = newListener == null ? it -> {} : newListener;
        return this;
    }

    public RefinementSettings settings() {
        return settings;
    }

    /** The loss of a case at a pose, its gradient w.r.t. ξ about the pivot, and the rendered views. */
    public record Evaluation(double loss, double[] gradient, Image[] rendered) {}

    /**
     * Refines one case.
     *
     * @param views the case's views at the finest level; the first need not be the reference, but all
     *        camRefFromCam transforms must refer to the same reference camera
     * @param initialVolFromCamRef the starting pose of the reference camera (e.g. the coarse prediction)
     * @param pivotVolMm the point (volume LPS, mm) rotations are taken about, e.g. the target bone's centre
     */
    public RefinementResult refine(List<CaseView> views, Rigid initialVolFromCamRef, double[] pivotVolMm) {
        if (views == null || views.isEmpty()) throw new IllegalArgumentException("refine: at least one view is required");
        if (initialVolFromCamRef == null) throw new IllegalArgumentException("refine: initial pose is required");
        if (pivotVolMm == null || pivotVolMm.length != 3) throw new IllegalArgumentException("refine: pivot must be a 3D point (mm)");
        long start = System.nanoTime();
        double[] pivotCam = initialVolFromCamRef.inverse().apply(pivotVolMm);
        Rigid pivot = Rigid.translation(pivotCam[0], pivotCam[1], pivotCam[2]);
        Rigid pivotInv = pivot.inverse();
        RefinementTrace trace = new RefinementTrace();
        Rigid pose = initialVolFromCamRef;
        double bestLoss = Double.NaN;
        int count = 0;
        for (int level = 0; level < settings.levels(); level++) {
            List<CaseView> levelViews = new ArrayList<>(views.size());
            for (CaseView v : views) levelViews.add(withProvidedMask(Pyramid.level(v, level, settings.levels()), pose));
            double scale = Math.pow(settings.levelRateFactor(), level);
            PoseAdam adam = new PoseAdam(settings.rotationRateRad() * scale, settings.translationRateMm() * scale,
                    settings.beta1(), settings.beta2());
            double startRate = adam.rotationRate();
            Rigid bestPose = pose;
            bestLoss = Double.POSITIVE_INFINITY;
            int sinceProgress = 0;
            double progressMark = Double.POSITIVE_INFINITY;
            for (int it = 0; it < settings.maxIterationsPerLevel(); it++) {
                Evaluation e = evaluate(levelViews, pose, pivot);
                boolean keepImages = settings.recordImagesEvery() > 0 && it % settings.recordImagesEvery() == 0;
                RefinementTrace.Iteration rec = new RefinementTrace.Iteration(level, count++, e.loss(), pose,
                        adam.rotationRate(), adam.translationRate(), keepImages ? e.rendered() : null);
                trace.add(rec);
                listener.accept(rec);
                if (e.loss() < bestLoss) {
                    bestLoss = e.loss();
                    bestPose = pose;
                }
                if (e.loss() < progressMark - settings.improvementTolerance()) {
                    progressMark = e.loss();
                    sinceProgress = 0;
                } else if (++sinceProgress >= settings.plateauPatience()) {
                    adam.scaleRates(settings.plateauFactor());
                    sinceProgress = 0;
                    progressMark = bestLoss;
                    if (adam.rotationRate() < startRate * settings.minRateFraction()) break;
                }
                double[] step = adam.step(e.gradient());
                pose = pose.compose(pivot).compose(Rigid.exp(step)).compose(pivotInv);
            }
            pose = bestPose;
        }
        List<Rigid> perView = new ArrayList<>(views.size());
        for (CaseView v : views) perView.add(v.volFromCam(pose));
        return new RefinementResult(pose, List.copyOf(perView), bestLoss, count, (System.nanoTime() - start) * 1e-9, trace);
    }

    /**
     * Picks a start for the case among candidate poses of the reference camera (e.g. each view's coarse
     * prediction mapped to the reference, and their consensus): the one with the lowest case loss at the
     * coarsest pyramid level wins. Uses the images only, never a ground truth.
     */
    public Rigid bestStart(List<CaseView> views, List<Rigid> candidatesVolFromCamRef) {
        if (candidatesVolFromCamRef.isEmpty()) throw new IllegalArgumentException("bestStart: no candidate");
        List<CaseView> coarsest = new ArrayList<>(views.size());
        for (CaseView v : views) coarsest.add(Pyramid.level(v, 0, settings.levels()));
        Rigid best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (Rigid candidate : candidatesVolFromCamRef) {
            List<CaseView> masked = new ArrayList<>(views.size());
            for (CaseView v : coarsest) masked.add(withProvidedMask(v, candidate));
            double loss = evaluate(masked, candidate, Rigid.identity()).loss();
            if (best == null || loss < bestLoss) {
                best = candidate;
                bestLoss = loss;
            }
        }
        return best;
    }

    /** Per-view pose predictions (volFromCam_v) as poses of the reference camera: volFromCam_v · camRefFromCam_v⁻¹. */
    public static List<Rigid> asReferencePoses(List<CaseView> views, Rigid[] perViewVolFromCam) {
        if (perViewVolFromCam.length != views.size()) {
            throw new IllegalArgumentException(perViewVolFromCam.length + " predictions for " + views.size() + " views");
        }
        List<Rigid> out = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) out.add(perViewVolFromCam[i].compose(views.get(i).camRefFromCam().inverse()));
        return out;
    }

    private CaseView withProvidedMask(CaseView levelView, Rigid volFromCamRef) {
        if (maskProvider == null) return levelView;
        Image m = maskProvider.mask(levelView, levelView.volFromCam(volFromCamRef));
        if (levelView.mask() != null) {
            float[] a = m.data(), b = levelView.mask().data(), c = new float[a.length];
            for (int p = 0; p < a.length; p++) c[p] = a[p] * b[p];
            m = new Image(m.cols(), m.rows(), c);
        }
        return new CaseView(levelView.name(), levelView.camera(), levelView.image(), m, levelView.camRefFromCam());
    }

    /** Single-view registration of one image (its own reference). */
    public RefinementResult refineSingle(CaseView view, Rigid initialVolFromCam, double[] pivotVolMm) {
        CaseView alone = new CaseView(view.name(), view.camera(), view.image(), view.mask(), Rigid.identity());
        return refine(List.of(alone), initialVolFromCam, pivotVolMm);
    }

    /**
     * Loss (mean over views) and its gradient with respect to ξ in volFromCamRef · pivot · exp(ξ^) · pivot⁻¹,
     * for views already at the wanted pyramid level.
     */
    public Evaluation evaluate(List<CaseView> levelViews, Rigid volFromCamRef, Rigid pivot) {
        RefinementObjective.Result r = objective.evaluate(levelViews, volFromCamRef);
        // volFromCamRef·pivot·exp(ξ)·pivot⁻¹ = volFromCamRef·exp(Ad_pivot ξ): pull the gradient back to ξ.
        return new Evaluation(r.value(), Se3Tangents.adjointTranspose(pivot, r.gradient()), r.rendered());
    }
}
