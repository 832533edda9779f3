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
        RefinementTrace trace = new RefinementTrace();
        Rigid pose = initialVolFromCamRef;
        double bestLoss = Double.NaN;
        int count = 0;
        for (int level = 0; level < settings.levels(); level++) {
            LevelRun run = optimiseLevel(views, level, pose, pivot, Math.pow(settings.levelRateFactor(), level),
                    settings.maxIterationsPerLevel(), trace, count);
            pose = run.pose();
            bestLoss = run.loss();
            count += run.iterations();
        }
        List<Rigid> perView = new ArrayList<>(views.size());
        for (CaseView v : views) perView.add(v.volFromCam(pose));
        return new RefinementResult(pose, List.copyOf(perView), bestLoss, count, (System.nanoTime() - start) * 1e-9, trace);
    }

    /** The best pose of one pyramid level's optimisation, its loss, and the iterations it took. */
    private record LevelRun(Rigid pose, double loss, int iterations) {}

    /**
     * Adam at one pyramid level from {@code pose} (steps about {@code pivot}, rates {@code rateScale} × the
     * settings' rates) with the plateau schedule; returns the best pose seen. Iterations are numbered from
     * {@code firstIndex} in the trace.
     */
    private LevelRun optimiseLevel(List<CaseView> views, int level, Rigid pose, Rigid pivot, double rateScale, int maxIterations,
            RefinementTrace trace, int firstIndex) {
        Rigid pivotInv = pivot.inverse();
        List<CaseView> levelViews = new ArrayList<>(views.size());
        for (CaseView v : views) levelViews.add(withProvidedMask(Pyramid.level(v, level, settings.levels()), pose));
        PoseAdam adam = new PoseAdam(settings.rotationRateRad() * rateScale, settings.translationRateMm() * rateScale,
                settings.beta1(), settings.beta2());
        double startRate = adam.rotationRate();
        Rigid bestPose = pose;
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceProgress = 0, it = 0;
        double progressMark = Double.POSITIVE_INFINITY;
        for (; it < maxIterations; it++) {
            Evaluation e = evaluate(levelViews, pose, pivot);
            boolean keepImages = settings.recordImagesEvery() > 0 && it % settings.recordImagesEvery() == 0;
            RefinementTrace.Iteration rec = new RefinementTrace.Iteration(level, firstIndex + it, e.loss(), pose,
                    adam.rotationRate(), adam.translationRate(), keepImages ? e.rendered() : null);
            if (trace != null) {
                trace.add(rec);
                listener.accept(rec);
            }
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
                if (adam.rotationRate() < startRate * settings.minRateFraction()) {
                    it++;
                    break;
                }
            }
            double[] step = adam.step(e.gradient());
            pose = pose.compose(pivot).compose(Rigid.exp(step)).compose(pivotInv);
        }
        return new LevelRun(bestPose, bestLoss, it);
    }

    /** A pose and its case loss at the pyramid level it was found at. */
    public record Scored(Rigid volFromCamRef, double loss, int iterations) {}

    /**
     * A short optimisation at the coarsest pyramid level only (the multi-start search's inner step): at most
     * {@code maxIterations} Adam steps about the pivot, at the settings' first-level rates; not traced.
     */
    public Scored optimiseCoarsest(List<CaseView> views, Rigid startVolFromCamRef, double[] pivotVolMm, int maxIterations) {
        double[] pivotCam = startVolFromCamRef.inverse().apply(pivotVolMm);
        LevelRun r = optimiseLevel(views, 0, startVolFromCamRef, Rigid.translation(pivotCam[0], pivotCam[1], pivotCam[2]), 1.0,
                maxIterations, null, 0);
        return new Scored(r.pose(), r.loss(), r.iterations());
    }

    /** The case loss of each candidate pose of the reference camera at the coarsest pyramid level (images only). */
    public double[] coarsestLosses(List<CaseView> views, List<Rigid> candidatesVolFromCamRef) {
        List<CaseView> coarsest = new ArrayList<>(views.size());
        for (CaseView v : views) coarsest.add(Pyramid.level(v, 0, settings.levels()));
        double[] out = new double[candidatesVolFromCamRef.size()];
        for (int k = 0; k < out.length; k++) out[k] = lossesAt(coarsest, candidatesVolFromCamRef.get(k)).value();
        return out;
    }

    /** Each view's own loss 1 − S_v at the finest level at a pose (the pose-dependent masks applied), in the views' order. */
    public double[] finestPerViewLosses(List<CaseView> views, Rigid volFromCamRef) {
        return lossesAt(views, volFromCamRef).perView();
    }

    private RefinementObjective.Result lossesAt(List<CaseView> levelViews, Rigid volFromCamRef) {
        List<CaseView> masked = new ArrayList<>(levelViews.size());
        for (CaseView v : levelViews) masked.add(withProvidedMask(v, volFromCamRef));
        return objective.evaluate(masked, volFromCamRef);
    }

    /**
     * Picks a start for the case among candidate poses of the reference camera (e.g. each view's coarse
     * prediction mapped to the reference, and their consensus): the one with the lowest case loss at the
     * coarsest pyramid level wins. Uses the images only, never a ground truth.
     */
    public Rigid bestStart(List<CaseView> views, List<Rigid> candidatesVolFromCamRef) {
        if (candidatesVolFromCamRef.isEmpty()) throw new IllegalArgumentException("bestStart: no candidate");
        double[] losses = coarsestLosses(views, candidatesVolFromCamRef);
        int best = 0;
        for (int k = 1; k < losses.length; k++) if (losses[k] < losses[best]) best = k;
        return candidatesVolFromCamRef.get(best);
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
