package org.crossview.coarse;

import org.crossview.geometry.Rigid;

/**
 * Pose distances measured on 3D points, with gradients for the right perturbation of a pose.
 * For volume points X_k, a pose volFromCam puts them at q_k = volFromCam⁻¹·X_k in its camera frame;
 * the distance between two poses A, B is the RMS over k of ‖q_k(A) − q_k(B)‖ (mm), a smooth
 * stand-in for the target registration error (DESIGN.md §7).
 *
 * <p>Gradient: (A·exp(ξ^))⁻¹X = exp(−ξ^)·q ≈ q − ω×q − v, so for r = q(A) − q(B):
 * d‖r‖²/dω = 2·r×q(A), d‖r‖²/dv = −2·r.
 */
public final class PointPoseTerms {
    private final double[][] pointsLps;

    public PointPoseTerms(double[][] pointsLps) {
        if (pointsLps.length == 0) throw new IllegalArgumentException("pose points: need at least one point");
        this.pointsLps = pointsLps.clone();
    }

    /** The 8 corners of a cube of side {@code sideMm} centred on {@code centreLps} (virtual landmarks). */
    public static PointPoseTerms cube(double[] centreLps, double sideMm) {
        double[][] p = new double[8][];
        double h = sideMm / 2;
        for (int k = 0; k < 8; k++) {
            p[k] = new double[] {centreLps[0] + ((k & 1) == 0 ? -h : h), centreLps[1] + ((k & 2) == 0 ? -h : h), centreLps[2] + ((k & 4) == 0 ? -h : h)};
        }
        return new PointPoseTerms(p);
    }

    public double[][] pointsLps() {
        return pointsLps.clone();
    }

    /**
     * RMS distance (mm) between the points seen by poses a and b; adds scale·d(rms)/dξ_a into
     * {@code gradA} (right perturbation of a) and scale·d(rms)/dξ_b into {@code gradB} (either may be null).
     */
    public double rmsDistance(Rigid volFromCamA, Rigid volFromCamB, double scale, double[] gradA, double[] gradB) {
        Rigid camFromVolA = volFromCamA.inverse();
        Rigid camFromVolB = volFromCamB.inverse();
        int n = pointsLps.length;
        double sum = 0;
        double[] ga = new double[6], gb = new double[6];
        for (double[] x : pointsLps) {
            double[] qa = camFromVolA.apply(x);
            double[] qb = camFromVolB.apply(x);
            double[] r = {qa[0] - qb[0], qa[1] - qb[1], qa[2] - qb[2]};
            sum += r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
            double[] ca = Se3.cross(r, qa);
            double[] cb = Se3.cross(r, qb);
            for (int a = 0; a < 3; a++) {
                ga[a] += 2 * ca[a];
                ga[a + 3] -= 2 * r[a];
                gb[a] -= 2 * cb[a]; // r depends on q(B) with a minus sign
                gb[a + 3] += 2 * r[a];
            }
        }
        double meanSq = sum / n;
        // A small floor keeps the gradient finite when the poses coincide.
        double rms = Math.sqrt(meanSq + 1e-12);
        double f = scale / (2 * rms * n);
        for (int a = 0; a < 6; a++) {
            if (gradA != null) gradA[a] += f * ga[a];
            if (gradB != null) gradB[a] += f * gb[a];
        }
        return rms;
    }
}
