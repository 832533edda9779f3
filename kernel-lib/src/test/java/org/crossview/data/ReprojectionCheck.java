package org.crossview.data;

import java.util.Map;
import org.crossview.geometry.Rigid;

/** Projects every specimen's vol-landmarks with each projection's pose and K; returns the worst gt-landmark error. */
final class ReprojectionCheck {
    private ReprojectionCheck() {}

    static double maxErrorPx(DeepFluoroFile f) {
        double worst = 0;
        int compared = 0;
        for (String name : f.specimenNames()) {
            DeepFluoroSpecimen s = f.specimen(name);
            Map<String, double[]> lps = s.landmarksLps();
            for (DeepFluoroProjection p : s.projections()) {
                Rigid volFromCam = p.volFromCam();
                for (Landmark2D gt : p.landmarks().values()) {
                    double[] x = lps.get(gt.name());
                    if (x == null) continue;
                    double[] uv = DeepFluoroGeometry.project(f.camera(), volFromCam, x);
                    worst = Math.max(worst, Math.hypot(uv[0] - gt.u(), uv[1] - gt.v()));
                    compared++;
                }
            }
        }
        if (compared == 0) throw new AssertionError(f.path() + ": no landmark to compare");
        return worst;
    }
}
