package org.crossview.geometry;

/** Rotation helpers on row-major 3x3 matrices: SO(3) log, determinants, orthonormalisation. */
public final class Rotations {
    private Rotations() {}

    public static double det3(double[] r) {
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }

    /** Axis-angle vector ω (|ω| = angle in [0, π]) of a rotation matrix; stable near 0 and π. */
    public static double[] logSO3(double[] r) {
        double tr = r[0] + r[4] + r[8];
        double cos = Math.max(-1, Math.min(1, (tr - 1) / 2));
        // sin θ·axis from the antisymmetric part; robust for small θ.
        double sx = (r[7] - r[5]) / 2, sy = (r[2] - r[6]) / 2, sz = (r[3] - r[1]) / 2;
        double sin = Math.sqrt(sx * sx + sy * sy + sz * sz);
        double th = Math.atan2(sin, cos);
        if (cos > -0.99) {
            double f = th < 1e-8 ? 1 + th * th / 6 : th / sin;
            return new double[] {sx * f, sy * f, sz * f};
        }
        // Near π the antisymmetric part vanishes: take the axis from the symmetric part R + Rᵀ = 2cosθ I + 2(1−cosθ) a aᵀ.
        double oneMinus = 1 - cos;
        double[] aa = {(r[0] - cos) / oneMinus, (r[4] - cos) / oneMinus, (r[8] - cos) / oneMinus};
        int k = aa[0] >= aa[1] && aa[0] >= aa[2] ? 0 : (aa[1] >= aa[2] ? 1 : 2);
        double[] a = new double[3];
        a[k] = Math.sqrt(Math.max(aa[k], 0));
        for (int i = 0; i < 3; i++) {
            if (i != k) a[i] = (r[3 * i + k] + r[3 * k + i]) / (2 * oneMinus * a[k]);
        }
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        // Choose the sign that agrees with the (small) antisymmetric part.
        double sign = (a[0] * sx + a[1] * sy + a[2] * sz) < 0 ? -1 : 1;
        return new double[] {sign * a[0] / n * th, sign * a[1] / n * th, sign * a[2] / n * th};
    }

    /** The nearest rotation (polar decomposition by Newton iterations) to a nearly orthonormal matrix. */
    public static double[] orthonormalize(double[] r) {
        double[] x = r.clone();
        for (int it = 0; it < 20; it++) {
            double[] inv = inverseTranspose(x);
            double maxDelta = 0;
            for (int i = 0; i < 9; i++) {
                double nx = 0.5 * (x[i] + inv[i]);
                maxDelta = Math.max(maxDelta, Math.abs(nx - x[i]));
                x[i] = nx;
            }
            if (maxDelta < 1e-15) break;
        }
        return x;
    }

    private static double[] inverseTranspose(double[] a) {
        double d = det3(a);
        if (Math.abs(d) < 1e-12) throw new IllegalArgumentException("rotation: singular matrix");
        // cofactor matrix / det = (A⁻¹)ᵀ
        return new double[] {
            (a[4] * a[8] - a[5] * a[7]) / d, -(a[3] * a[8] - a[5] * a[6]) / d, (a[3] * a[7] - a[4] * a[6]) / d,
            -(a[1] * a[8] - a[2] * a[7]) / d, (a[0] * a[8] - a[2] * a[6]) / d, -(a[0] * a[7] - a[1] * a[6]) / d,
            (a[1] * a[5] - a[2] * a[4]) / d, -(a[0] * a[5] - a[2] * a[3]) / d, (a[0] * a[4] - a[1] * a[3]) / d};
    }
}
