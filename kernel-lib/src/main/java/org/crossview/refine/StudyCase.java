package org.crossview.refine;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;

/**
 * One multi-view case with its answer, for studies: the views (the first is the reference; every
 * camRefFromCam refers to it), the true pose of the reference camera, the landmarks (volume LPS, mm) the
 * mTRE is measured on, and the pivot the refiner rotates about.
 */
public record StudyCase(String name, List<CaseView> views, Rigid volFromCamRefTrue, double[][] landmarksVol, double[] pivotVol) {
    public StudyCase {
        if (views == null || views.isEmpty()) throw new IllegalArgumentException("study case " + name + ": no views");
        if (landmarksVol == null || landmarksVol.length == 0) throw new IllegalArgumentException("study case " + name + ": no landmarks");
        views = List.copyOf(views);
    }

    /** The true pose of view {@code v}. */
    public Rigid volFromCamTrue(int v) {
        return views.get(v).volFromCam(volFromCamRefTrue);
    }

    /**
     * 3D mTRE (DESIGN.md §7, camera frame): mean over landmarks of ‖T_gt⁻¹X − T_est⁻¹X‖ in mm. For the
     * views of one case it is the same in every view's camera frame, since they differ by a rigid map.
     */
    public static double mtreMm(Rigid volFromCamTrue, Rigid volFromCamEstimate, double[][] landmarksVol) {
        Rigid a = volFromCamTrue.inverse(), b = volFromCamEstimate.inverse();
        double s = 0;
        for (double[] x : landmarksVol) {
            double[] p = a.apply(x), q = b.apply(x);
            s += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        }
        return s / landmarksVol.length;
    }
}
