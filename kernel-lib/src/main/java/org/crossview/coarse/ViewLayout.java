package org.crossview.coarse;

import java.util.random.RandomGenerator;
import org.crossview.geometry.Rigid;

/**
 * How the views of one case sit on the C-arm: {@code views} views rotated about the isocentre around
 * the reference isocentre frame's y axis (image rows, ≈ the patient's long axis: LAO/RAO), spaced by a
 * separation drawn uniformly from [minSeparationDeg, maxSeparationDeg] per case and centred on the
 * case's pose, so view v of a case has Δ_v = Δ_case · R_y(α_v), α_v = (v − (V−1)/2)·separation.
 * The relative transforms between views (camI ← camJ = volFromCam_i⁻¹·volFromCam_j) depend only on the
 * α's: they are the "known C-arm geometry" of the cross-view terms.
 */
public record ViewLayout(int views, double minSeparationDeg, double maxSeparationDeg) {
    public ViewLayout {
        if (views < 1 || views > 8) throw new IllegalArgumentException("--views: expected 1..8 views per case, got " + views);
        if (!(minSeparationDeg >= 0) || !(maxSeparationDeg >= minSeparationDeg) || maxSeparationDeg > 90) {
            throw new IllegalArgumentException("view separation: need 0 ≤ min ≤ max ≤ 90 degrees, got " + minSeparationDeg + ".." + maxSeparationDeg);
        }
    }

    /** 15–45° apart, as C-arm multi-view acquisitions (DESIGN.md §5). */
    public static ViewLayout of(int views) {
        return new ViewLayout(views, 15, 45);
    }

    /** The views' rotations R_y(α_v) about the isocentre (reference isocentre frame). */
    public Rigid[] sampleOffsets(RandomGenerator rng) {
        double sep = Math.toRadians(minSeparationDeg + (maxSeparationDeg - minSeparationDeg) * rng.nextDouble());
        Rigid[] out = new Rigid[views];
        for (int v = 0; v < views; v++) out[v] = Rigid.rotation(new double[] {0, 1, 0}, (v - (views - 1) / 2.0) * sep);
        return out;
    }
}
