package org.crossview.loss;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;

/**
 * The cross-view pose term (DESIGN.md §4): predicted poses must agree with the views' known relative
 * transforms. We use the form d(T̂_j, T̂_i·C_ij) with C_ij = camIFromCamJ: view i's prediction implies view
 * j's pose T̂_i·C_ij, which is compared with view j's own prediction. The term is the mean over unordered
 * pairs i &lt; j (every {@link PoseDistance} is symmetric, and the geodesic of the pair does not depend on
 * its order).
 *
 * <p>Gradients: ∂/∂ξ_j is the distance's gradient in its first argument. For i, T̂_i·exp(ξ_i)·C =
 * (T̂_i·C)·exp(Ad_{C⁻¹} ξ_i), so ∂/∂ξ_i = Ad_{C⁻¹}ᵀ · (gradient of d in its second argument), and by
 * symmetry that gradient is d(T̂_i·C, T̂_j)'s gradient in its first.
 */
public final class CrossViewPoseTerm {
    private final PoseDistance distance;

    public CrossViewPoseTerm(PoseDistance distance) {
        if (distance == null) throw new IllegalArgumentException("cross-view pose term: distance is required");
        this.distance = distance;
    }

    public TermValue evaluate(List<CaseView> views, Rigid[] predictedVolFromCam) {
        int n = views.size();
        Checks.poses("predicted poses", predictedVolFromCam, n);
        TermValue out = TermValue.zero(n);
        if (n < 2) return out;
        double sum = 0;
        int pairs = n * (n - 1) / 2;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Rigid c = CaseView.camIFromCamJ(views.get(i), views.get(j));
                Rigid implied = predictedVolFromCam[i].compose(c);
                PoseTerm dj = distance.evaluate(predictedVolFromCam[j], implied);
                PoseTerm di = distance.evaluate(implied, predictedVolFromCam[j]);
                double[] gi = Se3Tangents.adjointTranspose(c.inverse(), di.gradient());
                sum += dj.value();
                for (int k = 0; k < 6; k++) {
                    out.gradient()[j][k] += dj.gradient()[k] / pairs;
                    out.gradient()[i][k] += gi[k] / pairs;
                }
            }
        }
        return new TermValue(sum / pairs, out.gradient());
    }
}
