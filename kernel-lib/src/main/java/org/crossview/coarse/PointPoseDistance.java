package org.crossview.coarse;

import org.crossview.geometry.Rigid;
import org.crossview.loss.PoseDistance;
import org.crossview.loss.PoseTerm;

/**
 * The coarse stage's default pose distance: RMS over virtual landmarks (the corners of a cube about the
 * isocentre) of their displacement in the camera frame, in mm ({@link PointPoseTerms}). It weighs
 * rotation and translation by what they do to the anatomy, as the mTRE does, instead of by an
 * arbitrary rad-to-mm factor. Symmetric, as {@link PoseDistance} requires.
 */
public final class PointPoseDistance implements PoseDistance {
    private final PointPoseTerms points;

    public PointPoseDistance(PointPoseTerms points) {
        this.points = points;
    }

    /** Cube of side 100 mm about the isocentre. */
    public static PointPoseDistance aboutIsocentre(double[] isocentreLps) {
        return new PointPoseDistance(PointPoseTerms.cube(isocentreLps, 100));
    }

    @Override
    public PoseTerm evaluate(Rigid predicted, Rigid target) {
        double[] g = new double[6];
        double d = points.rmsDistance(predicted, target, 1, g, null);
        return new PoseTerm(d, g);
    }

    @Override
    public String name() {
        return "points-rms-mm";
    }
}
