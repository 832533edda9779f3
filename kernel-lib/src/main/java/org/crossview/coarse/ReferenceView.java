package org.crossview.coarse;

import org.crossview.geometry.Rigid;

/**
 * The nominal AP view that coarse poses are relative to (DESIGN.md §2 "nominal views"): the source is
 * posterior (beam posterior → anterior), camera +x = patient left (LPS +x), +y = inferior (LPS −z),
 * +z towards the source = posterior (LPS +y), and the isocentre, on the central ray at
 * {@code isoDistanceMm} from the source, sits at a chosen LPS point (e.g. the volume's centre).
 */
public final class ReferenceView {
    /** Femoral heads are ≈ 750 mm from the source in DeepFluoro's nominal views (DESIGN.md §8). */
    public static final double DEFAULT_ISO_DISTANCE_MM = 750;

    private ReferenceView() {}

    /** volFromCam of the AP view whose isocentre is {@code isocentreLps}. */
    public static Rigid apVolFromCam(double[] isocentreLps, double isoDistanceMm) {
        // Columns = camera axes in LPS: x → (1,0,0), y → (0,0,−1), z → (0,1,0).
        double[] r = {1, 0, 0, 0, 0, 1, 0, -1, 0};
        // The isocentre is the camera point (0,0,−d): t + R·(0,0,−d) = iso → t = iso + d·(0,1,0).
        double[] t = {isocentreLps[0], isocentreLps[1] + isoDistanceMm, isocentreLps[2]};
        return Rigid.of(r, t);
    }
}
