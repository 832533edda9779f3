package org.crossview.loss;

import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * The image term and the cross-view image term of a case (DESIGN.md §4), sharing render calls: one
 * {@code render} and one {@code poseGradient} call per view's camera.
 * <ul>
 * <li>image: mean over views j of 1 − S(image_j, DRR_j(T̂_j));
 * <li>cross-view image: mean over ordered pairs i ≠ j of 1 − S(image_j, DRR_j(T̂_i·C_ij)), view j rendered
 *     at the pose implied by view i's prediction (C_ij = camIFromCamJ). Only T̂_i moves that DRR:
 *     T̂_i·exp(ξ_i)·C = (T̂_i·C)·exp(Ad_{C⁻¹} ξ_i), so ∂/∂ξ_i = Ad_{C⁻¹}ᵀ · (renderer gradient at T̂_i·C).
 * </ul>
 * S is the chosen similarity with view j's mask; all gradients are with respect to the right perturbation of
 * the predicted volFromCam poses.
 */
public final class ImageTerms {
    private final Renderer renderer;
    private final ImageSimilarity similarity;

    /** Both terms' values and gradients (a term not asked for is null), and the DRRs at T̂_j (or null). */
    public record Result(TermValue image, TermValue crossImage, Image[] rendered) {}

    public ImageTerms(Renderer renderer, ImageSimilarity similarity) {
        if (renderer == null || similarity == null) throw new IllegalArgumentException("image terms: renderer and similarity are required");
        this.renderer = renderer;
        this.similarity = similarity;
    }

    public ImageSimilarity similarity() {
        return similarity;
    }

    public Result evaluate(List<CaseView> views, Rigid[] predictedVolFromCam, boolean image, boolean crossImage) {
        int n = views.size();
        Checks.poses("predicted poses", predictedVolFromCam, n);
        boolean cross = crossImage && n > 1;
        double[][] gImage = new double[n][6], gCross = new double[n][6];
        double vImage = 0, vCross = 0;
        Image[] rendered = image ? new Image[n] : null;
        double wImage = 1.0 / n, wCross = n > 1 ? 1.0 / (n * (n - 1)) : 0;
        for (int j = 0; j < n; j++) {
            CaseView vj = views.get(j);
            List<Rigid> poses = new ArrayList<>();
            List<Integer> source = new ArrayList<>(); // −1: the direct DRR; i: implied by view i
            List<Rigid> backToI = new ArrayList<>(); // C_ij⁻¹ for the adjoint
            if (image) {
                poses.add(predictedVolFromCam[j]);
                source.add(-1);
                backToI.add(null);
            }
            if (cross) {
                for (int i = 0; i < n; i++) {
                    if (i == j) continue;
                    Rigid c = CaseView.camIFromCamJ(views.get(i), vj);
                    poses.add(predictedVolFromCam[i].compose(c));
                    source.add(i);
                    backToI.add(c.inverse());
                }
            }
            if (poses.isEmpty()) continue;
            Rigid[] batch = poses.toArray(new Rigid[0]);
            Image[] drr = renderer.render(vj.camera(), batch);
            Image[] dLoss = new Image[batch.length];
            for (int p = 0; p < batch.length; p++) {
                int from = source.get(p);
                float[] g = new float[drr[p].data().length];
                double s = similarity.evaluate(vj.image(), drr[p], vj.mask(), g);
                String what = from < 0 ? "image term, view " + vj.name() : "cross-view image term, view " + vj.name() + " from view " + views.get(from).name();
                Checks.finite(what, s);
                double w = from < 0 ? wImage : wCross;
                if (from < 0) {
                    vImage += w * (1 - s);
                    rendered[j] = drr[p];
                } else {
                    vCross += w * (1 - s);
                }
                float fw = (float) -w; // ∂(w·(1 − S))/∂DRR
                for (int k = 0; k < g.length; k++) g[k] *= fw;
                dLoss[p] = new Image(drr[p].cols(), drr[p].rows(), g);
            }
            double[][] grads = renderer.poseGradient(vj.camera(), batch, dLoss);
            for (int p = 0; p < batch.length; p++) {
                int from = source.get(p);
                if (from < 0) {
                    add(gImage[j], grads[p]);
                } else {
                    add(gCross[from], Se3Tangents.adjointTranspose(backToI.get(p), grads[p]));
                }
            }
        }
        return new Result(image ? new TermValue(vImage, gImage) : null,
                crossImage ? new TermValue(vCross, gCross) : null, rendered);
    }

    private static void add(double[] acc, double[] g) {
        for (int k = 0; k < 6; k++) acc[k] += g[k];
    }
}
