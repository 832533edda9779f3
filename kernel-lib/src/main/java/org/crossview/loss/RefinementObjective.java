package org.crossview.loss;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;
import org.crossview.image.Image;
import org.crossview.render.Linearisation;
import org.crossview.render.Renderer;

/**
 * The test-time objective of one case (DESIGN.md §6): one pose volFromCamRef for all views, tied by their
 * known relative transforms (volFromCam_v = volFromCamRef · camRefFromCam_v), value = mean over views of
 * 1 − S(image_v, DRR_v) with each view's mask, and its gradient with respect to the right perturbation ξ of
 * volFromCamRef: volFromCamRef·exp(ξ)·C_v = volFromCam_v·exp(Ad_{C_v⁻¹} ξ), so ∂/∂ξ = Σ_v Ad_{C_v⁻¹}ᵀ g_v.
 * (An optimiser stepping about a pivot Q, volFromCamRef·Q·exp(ξ)·Q⁻¹, chains with Ad_Qᵀ.)
 *
 * <p>The similarity is selectable: {@link Similarities#mncc()}, {@link Similarities#gradientNcc()},
 * {@link Similarities#mnccAndGradient()} (the 0.5/0.5 mix), or any other.
 */
public final class RefinementObjective {
    private final Renderer renderer;
    private final ImageSimilarity similarity;

    /** The value, its gradient (6), each view's 1 − S, and the DRRs. */
    public record Result(double value, double[] gradient, double[] perView, Image[] rendered) {}

    public RefinementObjective(Renderer renderer, ImageSimilarity similarity) {
        if (renderer == null || similarity == null) throw new IllegalArgumentException("refinement objective: renderer and similarity are required");
        this.renderer = renderer;
        this.similarity = similarity;
    }

    public ImageSimilarity similarity() {
        return similarity;
    }

    public Result evaluate(List<CaseView> views, Rigid volFromCamRef) {
        if (views == null || views.isEmpty()) throw new IllegalArgumentException("refinement objective: at least one view is required");
        if (volFromCamRef == null) throw new IllegalArgumentException("refinement objective: pose is required");
        int n = views.size();
        double value = 0;
        double[] grad = new double[6], perView = new double[n];
        Image[] rendered = new Image[n];
        for (int v = 0; v < n; v++) {
            CaseView view = views.get(v);
            Rigid pose = view.volFromCam(volFromCamRef);
            Linearisation lin = renderer.linearise(view.camera(), new Rigid[] {pose}); // image and Jacobian in one walk
            Image drr = lin.images()[0];
            rendered[v] = drr;
            float[] g = new float[drr.data().length];
            double loss = similarity.lossAndGradient(view.image(), drr, view.mask(), g);
            Checks.finite("refinement objective, view " + view.name(), loss);
            perView[v] = loss;
            value += loss / n;
            float inv = 1f / n;
            for (int k = 0; k < g.length; k++) g[k] *= inv;
            double[] gv = lin.vjp(new Image[] {new Image(drr.cols(), drr.rows(), g)})[0];
            double[] gRef = Se3Tangents.adjointTranspose(view.camRefFromCam().inverse(), gv);
            for (int k = 0; k < 6; k++) grad[k] += gRef[k];
        }
        return new Result(value, grad, perView, rendered);
    }
}
