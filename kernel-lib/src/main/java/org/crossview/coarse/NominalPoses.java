package org.crossview.coarse;

import java.util.Map;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.geometry.Rigid;

/**
 * Each projection's nominal pose, where its C-arm angle is recorded ({@link org.crossview.data.CarmAngles}): the C-arm at
 * that angle looking at the CT's isocentre, turned 180° for a view stored upside down ({@link
 * FilePredictions#nominalVolFromCam}). What a user knows before any image is looked at.
 */
public record NominalPoses(double[] isocentreLps, Map<String, Double> carmAnglesDeg) {
    public NominalPoses {
        isocentreLps = isocentreLps.clone();
        carmAnglesDeg = Map.copyOf(carmAnglesDeg);
    }

    /** Whether the projection's C-arm angle is recorded. */
    public boolean known(String projectionId) {
        return carmAnglesDeg.containsKey(projectionId);
    }

    /** The nominal pose (stored frame) when the angle is recorded, else null (unknown). */
    public Rigid ifKnown(DeepFluoroProjection p) {
        return known(p.id()) ? orAp(p) : null;
    }

    /** The nominal pose at the recorded angle, or the AP view when none is recorded. */
    public Rigid orAp(DeepFluoroProjection p) {
        return FilePredictions.nominalVolFromCam(isocentreLps, carmAnglesDeg.getOrDefault(p.id(), 0.0), p.rot180ForUp());
    }
}
