package org.crossview.refine;

import org.crossview.geometry.Rigid;

/**
 * The adjoint action of SE(3) on tangent vectors ξ = (ω, v) (rotation first), used to move pose
 * gradients between frames: T·exp(ξ^)·T⁻¹ = exp((Ad_T ξ)^) with Ad_T ξ = (Rω, Rv + t × Rω).
 */
final class Tangent {
    private Tangent() {}

    /** Ad_T ξ. */
    static double[] adjoint(Rigid t, double[] xi) {
        double[] rw = t.applyToDirection(xi[0], xi[1], xi[2]);
        double[] rv = t.applyToDirection(xi[3], xi[4], xi[5]);
        double[] p = t.translation();
        double[] c = cross(p, rw);
        return new double[] {rw[0], rw[1], rw[2], rv[0] + c[0], rv[1] + c[1], rv[2] + c[2]};
    }

    /**
     * Ad_Tᵀ g: if a loss has gradient g with respect to η in X·exp(η^), and η = Ad_T ξ, this is its
     * gradient with respect to ξ. (gω, gv) ↦ (Rᵀ(gω + gv × t), Rᵀ gv).
     */
    static double[] adjointTranspose(Rigid t, double[] g) {
        double[] p = t.translation();
        double[] gv = {g[3], g[4], g[5]};
        double[] c = cross(gv, p);
        double[] r = t.rotation();
        double[] a = {g[0] + c[0], g[1] + c[1], g[2] + c[2]};
        return new double[] {
            r[0] * a[0] + r[3] * a[1] + r[6] * a[2],
            r[1] * a[0] + r[4] * a[1] + r[7] * a[2],
            r[2] * a[0] + r[5] * a[1] + r[8] * a[2],
            r[0] * gv[0] + r[3] * gv[1] + r[6] * gv[2],
            r[1] * gv[0] + r[4] * gv[1] + r[7] * gv[2],
            r[2] * gv[0] + r[5] * gv[1] + r[8] * gv[2]};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
