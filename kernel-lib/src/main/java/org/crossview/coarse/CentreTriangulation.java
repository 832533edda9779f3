package org.crossview.coarse;

import org.crossview.geometry.Rigid;

/**
 * The multi-view consensus of per-view coarse predictions with the anatomy's position triangulated. One view sees
 * where the anatomy lies across the image well and its depth (magnification) poorly; but the views of a C-arm
 * case are 15–45° apart, so one view's depth is another's lateral offset. Each view's prediction puts a centre
 * point (the isocentre of the CT) on a ray from its source; the consensus point q (in view 0's camera frame)
 * minimises Σ_v |(I − d_v d_vᵀ)(q − o_v)|² + λ·(d_vᵀ(q − o_v) − s_v)² over the views' rays (source o_v, direction
 * d_v, predicted distance s_v), λ = (σ_lateral / σ_depth)², and the rotation is the views' average
 * ({@link CoarseModel#consensus}). The pose of view 0 then maps q onto the centre.
 *
 * <p>λ from the imaging geometry, not fitted to data: a depth change δ moves an anatomy of radius r seen from
 * D away by r·δ/D in the image, a lateral shift δ moves it by δ, so depth is (r/D)× as visible:
 * λ = (r/D)² with r = {@link #ANATOMY_RADIUS_MM}, D = the source-to-isocentre distance.
 */
public final class CentreTriangulation {
    /** A typical radius of the anatomy the network sees (the loss's virtual landmarks span ±50 mm; a pelvis ±100). */
    public static final double ANATOMY_RADIUS_MM = 100;

    private CentreTriangulation() {}

    /** λ = (r/D)² for a source-to-isocentre distance D. */
    public static double depthWeight(double sourceToIsocentreMm) {
        double k = ANATOMY_RADIUS_MM / sourceToIsocentreMm;
        return k * k;
    }

    /**
     * @param volFromCamV each view's predicted pose
     * @param cam0FromCamV each view's camera in view 0's (identity for view 0)
     * @param centreLps the point triangulated (the CT's isocentre)
     * @param depthWeight λ ≥ 0 (0: rays alone, which needs two views that are not parallel)
     */
    public static Rigid[] consensus(Rigid[] volFromCamV, Rigid[] cam0FromCamV, double[] centreLps, double depthWeight) {
        int n = volFromCamV.length;
        if (cam0FromCamV.length != n) throw new IllegalArgumentException("cam0FromCamV: one transform per view expected");
        if (!(depthWeight >= 0)) throw new IllegalArgumentException("depthWeight: must be ≥ 0, got " + depthWeight);
        double[] a = new double[9], b = new double[3];
        for (int v = 0; v < n; v++) {
            double[] x = volFromCamV[v].inverse().apply(centreLps);
            double s = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
            double[] d = cam0FromCamV[v].applyToDirection(x[0] / s, x[1] / s, x[2] / s);
            double[] o = cam0FromCamV[v].translation();
            // M = I − (1 − λ)·d·dᵀ; A += M, b += M·o + λ·s·d.
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    double m = (r == c ? 1 : 0) - (1 - depthWeight) * d[r] * d[c];
                    a[r * 3 + c] += m;
                    b[r] += m * o[c];
                }
                b[r] += depthWeight * s * d[r];
            }
        }
        double[] q = solve3(a, b);
        Rigid averaged0 = CoarseModel.consensus(volFromCamV, cam0FromCamV)[0].compose(cam0FromCamV[0].inverse());
        double[] rot = averaged0.rotation();
        double[] t = new double[3];
        for (int r = 0; r < 3; r++) t[r] = centreLps[r] - (rot[r * 3] * q[0] + rot[r * 3 + 1] * q[1] + rot[r * 3 + 2] * q[2]);
        Rigid volFromCam0 = Rigid.of(rot, t);
        Rigid[] out = new Rigid[n];
        for (int v = 0; v < n; v++) out[v] = volFromCam0.compose(cam0FromCamV[v]);
        return out;
    }

    /** A·x = b for a 3×3 A (Cramer's rule); A must not be singular. */
    static double[] solve3(double[] a, double[] b) {
        double det = det3(a);
        if (!(Math.abs(det) > 1e-12)) throw new IllegalArgumentException("triangulation: the views' rays do not fix a point (parallel views and λ = 0)");
        double[] x = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] m = a.clone();
            for (int r = 0; r < 3; r++) m[r * 3 + k] = b[r];
            x[k] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }
}
