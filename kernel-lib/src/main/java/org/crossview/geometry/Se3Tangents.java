package org.crossview.geometry;

/**
 * Calculus on se(3) tangent vectors ξ = (ω, v) (rotation first), for moving gradients between right
 * perturbations of related poses. With {@link Rigid#perturbRight}: T·exp(ξ^)·T⁻¹ = exp((Ad_T ξ)^),
 * Ad_T ξ = (Rω, Rv + t × Rω); and log(exp(ζ^)·exp(η^)) = ζ + J_r(ζ)⁻¹η + O(η²).
 */
public final class Se3Tangents {
    private Se3Tangents() {}

    /** Ad_T ξ. */
    public static double[] adjoint(Rigid t, double[] xi) {
        double[] rw = t.applyToDirection(xi[0], xi[1], xi[2]);
        double[] rv = t.applyToDirection(xi[3], xi[4], xi[5]);
        double[] c = cross(t.translation(), rw);
        return new double[] {rw[0], rw[1], rw[2], rv[0] + c[0], rv[1] + c[1], rv[2] + c[2]};
    }

    /**
     * Ad_Tᵀ g: the gradient with respect to ξ of a function whose gradient with respect to η = Ad_T ξ is g.
     * Typical use: A·exp(ξ^)·C = (A·C)·exp((Ad_{C⁻¹} ξ)^), so ∂/∂ξ = adjointTranspose(C⁻¹, ∂/∂η).
     */
    public static double[] adjointTranspose(Rigid t, double[] g) {
        double[] r = t.rotation();
        double[] c = cross(new double[] {g[3], g[4], g[5]}, t.translation());
        double[] a = {g[0] + c[0], g[1] + c[1], g[2] + c[2]};
        return new double[] {
            r[0] * a[0] + r[3] * a[1] + r[6] * a[2],
            r[1] * a[0] + r[4] * a[1] + r[7] * a[2],
            r[2] * a[0] + r[5] * a[1] + r[8] * a[2],
            r[0] * g[3] + r[3] * g[4] + r[6] * g[5],
            r[1] * g[3] + r[4] * g[4] + r[7] * g[5],
            r[2] * g[3] + r[5] * g[4] + r[8] * g[5]};
    }

    /** ad_ξ as a row-major 6x6 matrix: [[ω×, 0], [v×, ω×]]. */
    public static double[] ad(double[] xi) {
        double[] m = new double[36];
        double[] w = skew(xi[0], xi[1], xi[2]), v = skew(xi[3], xi[4], xi[5]);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 6 + j] = w[i * 3 + j];
                m[(i + 3) * 6 + j + 3] = w[i * 3 + j];
                m[(i + 3) * 6 + j] = v[i * 3 + j];
            }
        }
        return m;
    }

    /**
     * The right Jacobian J_r(ζ) = Σ_k (−ad_ζ)^k/(k+1)! (row-major 6x6), summed until the terms vanish;
     * for rotation angles ≤ π, 40 terms reach double precision.
     */
    public static double[] rightJacobian(double[] zeta) {
        double[] minusAd = ad(zeta);
        for (int i = 0; i < 36; i++) minusAd[i] = -minusAd[i];
        double[] term = identity6(), sum = identity6();
        for (int k = 1; k < 60; k++) {
            term = mul6(term, minusAd);
            double f = 1.0 / (k + 1);
            double max = 0;
            for (int i = 0; i < 36; i++) {
                term[i] *= f;
                sum[i] += term[i];
                max = Math.max(max, Math.abs(term[i]));
            }
            if (max == 0 || (k > 6 && max < 1e-18 * maxAbs(sum))) break;
        }
        return sum;
    }

    /**
     * The gradient with respect to η of f(log(exp(ζ^)·exp(η^))) at η = 0, given g = ∂f/∂ζ: J_r(ζ)⁻ᵀ g.
     */
    public static double[] pullThroughLog(double[] zeta, double[] g) {
        double[] j = rightJacobian(zeta);
        double[] jt = new double[36];
        for (int r = 0; r < 6; r++) for (int c = 0; c < 6; c++) jt[r * 6 + c] = j[c * 6 + r];
        return solve6(jt, g);
    }

    private static double[] solve6(double[] a, double[] b) {
        double[] m = a.clone(), x = b.clone();
        for (int col = 0; col < 6; col++) {
            int p = col;
            for (int r = col + 1; r < 6; r++) if (Math.abs(m[r * 6 + col]) > Math.abs(m[p * 6 + col])) p = r;
            if (Math.abs(m[p * 6 + col]) < 1e-300) throw new IllegalArgumentException("se(3): singular Jacobian (rotation angle 2π?)");
            if (p != col) {
                for (int c = 0; c < 6; c++) {
                    double t = m[p * 6 + c];
                    m[p * 6 + c] = m[col * 6 + c];
                    m[col * 6 + c] = t;
                }
                double t = x[p];
                x[p] = x[col];
                x[col] = t;
            }
            for (int r = col + 1; r < 6; r++) {
                double f = m[r * 6 + col] / m[col * 6 + col];
                if (f == 0) continue;
                for (int c = col; c < 6; c++) m[r * 6 + c] -= f * m[col * 6 + c];
                x[r] -= f * x[col];
            }
        }
        for (int r = 5; r >= 0; r--) {
            double s = x[r];
            for (int c = r + 1; c < 6; c++) s -= m[r * 6 + c] * x[c];
            x[r] = s / m[r * 6 + r];
        }
        return x;
    }

    private static double[] identity6() {
        double[] m = new double[36];
        for (int i = 0; i < 6; i++) m[i * 7] = 1;
        return m;
    }

    private static double[] mul6(double[] a, double[] b) {
        double[] c = new double[36];
        for (int i = 0; i < 6; i++) for (int k = 0; k < 6; k++) {
            double x = a[i * 6 + k];
            if (x == 0) continue;
            for (int j = 0; j < 6; j++) c[i * 6 + j] += x * b[k * 6 + j];
        }
        return c;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double[] skew(double x, double y, double z) {
        return new double[] {0, -z, y, z, 0, -x, -y, x, 0};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
