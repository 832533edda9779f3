package org.crossview.coarse;

import org.crossview.geometry.Rigid;

/** Small SE(3)/SO(3) tangent-space helpers (ξ = (ω, v), rotation first) used to chain pose gradients. */
final class Se3 {
    private Se3() {}

    /**
     * Ad_Tᵀ g: if a loss has gradient g with respect to η in X·exp(η^), and η = Ad_T ξ
     * (X·exp(η^) = X·T·exp(ξ^)·T⁻¹), this is its gradient with respect to ξ: (Rᵀ(gω + gv × t), Rᵀ gv).
     */
    static double[] adjointTranspose(Rigid t, double[] g) {
        double[] p = t.translation();
        double[] gv = {g[3], g[4], g[5]};
        double[] a = add(new double[] {g[0], g[1], g[2]}, cross(gv, p));
        double[] r = t.rotation();
        return new double[] {
            r[0] * a[0] + r[3] * a[1] + r[6] * a[2],
            r[1] * a[0] + r[4] * a[1] + r[7] * a[2],
            r[2] * a[0] + r[5] * a[1] + r[8] * a[2],
            r[0] * gv[0] + r[3] * gv[1] + r[6] * gv[2],
            r[1] * gv[0] + r[4] * gv[1] + r[7] * gv[2],
            r[2] * gv[0] + r[5] * gv[1] + r[8] * gv[2]};
    }

    /** Exponential map of so(3): rotation (row-major 3×3) by angle |ω| about ω/|ω|. */
    static double[] expSO3(double[] w) {
        return Rigid.exp(w[0], w[1], w[2], 0, 0, 0).rotation();
    }

    /**
     * Right Jacobian of SO(3): exp(ω + δ) ≈ exp(ω)·exp(J_r(ω)·δ), row-major 3×3.
     * J_r = I − (1 − cos θ)/θ² [ω]× + (θ − sin θ)/θ³ [ω]×².
     */
    static double[] rightJacobianSO3(double[] w) {
        double th2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        double th = Math.sqrt(th2);
        double b, c;
        if (th < 1e-4) {
            b = 0.5 - th2 / 24;
            c = 1.0 / 6 - th2 / 120;
        } else {
            b = (1 - Math.cos(th)) / th2;
            c = (th - Math.sin(th)) / (th2 * th);
        }
        double[] k = skew(w);
        double[] k2 = mul3(k, k);
        double[] j = new double[9];
        for (int i = 0; i < 9; i++) j[i] = (i % 4 == 0 ? 1 : 0) - b * k[i] + c * k2[i];
        return j;
    }

    static double[] skew(double[] w) {
        return new double[] {0, -w[2], w[1], w[2], 0, -w[0], -w[1], w[0], 0};
    }

    static double[] mul3(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        }
        return c;
    }

    /** Row-major 3×3 times a 3-vector. */
    static double[] mulVec(double[] m, double[] x) {
        return new double[] {
            m[0] * x[0] + m[1] * x[1] + m[2] * x[2],
            m[3] * x[0] + m[4] * x[1] + m[5] * x[2],
            m[6] * x[0] + m[7] * x[1] + m[8] * x[2]};
    }

    /** Transposed row-major 3×3 times a 3-vector. */
    static double[] mulTransposeVec(double[] m, double[] x) {
        return new double[] {
            m[0] * x[0] + m[3] * x[1] + m[6] * x[2],
            m[1] * x[0] + m[4] * x[1] + m[7] * x[2],
            m[2] * x[0] + m[5] * x[1] + m[8] * x[2]};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }
}
