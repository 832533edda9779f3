package org.crossview.eval;

import java.util.Collection;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/** The per-projection error metrics of DESIGN.md §7 (see {@link ProjectionError} for each definition). */
public final class RegistrationMetrics {
    /** mTRE thresholds of the success rates (mm). */
    public static final double[] SUCCESS_THRESHOLDS_MM = {10, 2, 1};

    private RegistrationMetrics() {}

    /**
     * @param camera the projection's camera (for the detector distances)
     * @param trueVolFromCam the ground-truth pose (camera projective frame → volume LPS)
     * @param estimatedVolFromCam the estimate, in the same frames
     * @param landmarksLps 3D landmarks in the volume (mm); at least one
     */
    public static ProjectionError compute(Camera camera, Rigid trueVolFromCam, Rigid estimatedVolFromCam, Collection<double[]> landmarksLps) {
        if (camera == null || trueVolFromCam == null || estimatedVolFromCam == null) {
            throw new IllegalArgumentException("metrics: camera, true pose and estimated pose are required");
        }
        if (landmarksLps == null || landmarksLps.isEmpty()) throw new IllegalArgumentException("metrics: no landmarks to measure the error at");
        Rigid camFromVolTrue = trueVolFromCam.inverse(), camFromVolEst = estimatedVolFromCam.inverse();
        double tre = 0, pd = 0;
        int projected = 0;
        double[] centroid = new double[3];
        for (double[] x : landmarksLps) {
            if (x == null || x.length != 3 || !Double.isFinite(x[0]) || !Double.isFinite(x[1]) || !Double.isFinite(x[2])) {
                throw new IllegalArgumentException("metrics: landmark must be a finite 3D point");
            }
            double[] a = camFromVolTrue.apply(x), b = camFromVolEst.apply(x);
            tre += dist(a, b);
            for (int k = 0; k < 3; k++) centroid[k] += x[k] / landmarksLps.size();
            double[] ua = camera.project(a), ub = camera.project(b);
            if (Double.isFinite(ua[0]) && Double.isFinite(ub[0])) {
                pd += Math.hypot((ua[0] - ub[0]) * camera.pixelColSpacingMm(), (ua[1] - ub[1]) * camera.pixelRowSpacingMm());
                projected++;
            }
        }
        int n = landmarksLps.size();
        double[] rTrue = trueVolFromCam.rotation(), rEst = estimatedVolFromCam.rotation();
        Rigid relative = Rigid.of(transposeTimes(rTrue, rEst), new double[3]);
        double rotationDeg = Math.toDegrees(relative.angleRad());
        double translationMm = dist(camFromVolTrue.apply(centroid), camFromVolEst.apply(centroid));
        return new ProjectionError(tre / n, projected == 0 ? Double.NaN : pd / projected, rotationDeg, translationMm, n, projected);
    }

    private static double[] transposeTimes(double[] a, double[] b) {
        double[] q = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) q[i * 3 + j] = a[i] * b[j] + a[3 + i] * b[3 + j] + a[6 + i] * b[6 + j];
        return q;
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
}
