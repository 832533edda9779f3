package org.crossview.coarse;

import org.crossview.geometry.Rigid;

/**
 * Where training put the poses of single views: a case pose drawn from {@link PoseSampling}, then each view
 * turned about the isocentre by its C-arm offset ({@link ViewLayout}). A view's prediction far outside this
 * support is extrapolation, not a measurement, and must not be trusted as a start.
 */
public record TrainingSupport(PoseSampling sampling, ViewLayout layout) {
    private static final int SEPARATION_STEPS = 8;

    /**
     * The {@link PoseSampling#extent} of the case pose that best explains a view's relative pose Δ_v over every
     * view slot and separation of the layout (Δ_case = Δ_v·R_y(−α)); ≤ 1 inside the support.
     */
    public double extent(Rigid viewRelative) {
        double best = sampling.extent(viewRelative);
        int views = layout.views();
        for (int v = 0; v < views; v++) {
            double slot = v - (views - 1) / 2.0;
            if (slot == 0) continue;
            for (int s = 0; s <= SEPARATION_STEPS; s++) {
                double sepDeg = layout.minSeparationDeg() + (layout.maxSeparationDeg() - layout.minSeparationDeg()) * s / SEPARATION_STEPS;
                Rigid unTurn = Rigid.rotation(new double[] {0, 1, 0}, -Math.toRadians(slot * sepDeg));
                best = Math.min(best, sampling.extent(viewRelative.compose(unTurn)));
            }
        }
        return best;
    }
}
