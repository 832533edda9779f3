package org.crossview.geometry;

import java.util.Arrays;

/**
 * An immutable rigid transform in SE(3), stored as a row-major 4x4 matrix acting on column vectors
 * (x' = T·x). Names of variables holding one say which frames it maps, e.g. {@code volFromCam}.
 *
 * <p>Tangent vectors are ξ = (ω, v): rotation part first (radians), translation part second (mm).
 * Perturbations are applied on the RIGHT everywhere in CrossView: T(ξ) = T · exp(ξ^).
 */
public final class Rigid {
    private static final double RIGIDITY_TOLERANCE = 1e-4;
    private final double[] m; // 16 entries, row-major; last row is (0,0,0,1)

    private Rigid(double[] m) {
        this.m = m;
    }

    public static Rigid identity() {
        return new Rigid(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    }

    /** From a row-major 4x4 (16 values) or 3x4 (12 values) matrix; checks that it is rigid. */
    public static Rigid of(double... rowMajor) {
        return of("matrix", rowMajor);
    }

    /** As {@link #of(double...)}, naming the argument in the error message. */
    public static Rigid of(String what, double... rowMajor) {
        if (rowMajor.length != 16 && rowMajor.length != 12) {
            throw new IllegalArgumentException(what + ": expected 12 or 16 values, got " + rowMajor.length);
        }
        double[] m = new double[16];
        System.arraycopy(rowMajor, 0, m, 0, 12);
        m[15] = 1;
        for (double x : m) {
            if (!Double.isFinite(x)) throw new IllegalArgumentException(what + ": non-finite entry in " + Arrays.toString(rowMajor));
        }
        if (rowMajor.length == 16
                && (Math.abs(rowMajor[12]) > 1e-6 || Math.abs(rowMajor[13]) > 1e-6 || Math.abs(rowMajor[14]) > 1e-6
                        || Math.abs(rowMajor[15] - 1) > 1e-6)) {
            throw new IllegalArgumentException(what + ": last row must be (0,0,0,1), got " + Arrays.toString(Arrays.copyOfRange(rowMajor, 12, 16)));
        }
        Rigid t = new Rigid(m);
        double err = t.rigidityError();
        if (err > RIGIDITY_TOLERANCE) {
            throw new IllegalArgumentException(what + ": rotation part is not orthonormal with det +1 (max |RᵀR − I| or |det − 1| = " + err + ")");
        }
        return t;
    }

    /** From a rotation (row-major 3x3) and a translation (mm). */
    public static Rigid of(double[] rotationRowMajor, double[] translation) {
        double[] r = rotationRowMajor;
        return of(r[0], r[1], r[2], translation[0], r[3], r[4], r[5], translation[1], r[6], r[7], r[8], translation[2]);
    }

    /** Re-orthonormalises a nearly rigid float32 matrix (as stored in HDF5 files) before checking it. */
    public static Rigid ofNearlyRigid(String what, double... rowMajor) {
        double[] m = Arrays.copyOf(rowMajor, 16);
        if (rowMajor.length == 12) m[15] = 1;
        double[] r = {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
        double[] q = Rotations.orthonormalize(r);
        double[] check = Arrays.copyOf(rowMajor, rowMajor.length);
        Rigid strict = of(what, check); // throws if far from rigid
        return of(q, strict.translation());
    }

    public static Rigid translation(double x, double y, double z) {
        return new Rigid(new double[] {1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z, 0, 0, 0, 1});
    }

    /** Rotation about an axis through the origin; the axis need not be unit length. */
    public static Rigid rotation(double[] axis, double angleRad) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        if (n == 0) throw new IllegalArgumentException("axis: zero vector");
        return exp(axis[0] / n * angleRad, axis[1] / n * angleRad, axis[2] / n * angleRad, 0, 0, 0);
    }

    /** The exponential map of se(3): ξ = (ωx, ωy, ωz, vx, vy, vz). */
    public static Rigid exp(double... xi) {
        if (xi.length != 6) throw new IllegalArgumentException("xi: expected 6 values (omega, v), got " + xi.length);
        double wx = xi[0], wy = xi[1], wz = xi[2];
        double th2 = wx * wx + wy * wy + wz * wz;
        // A non-finite ξ, or |ω| beyond ~1e154 rad (θ² = ∞, then sin θ/θ = NaN), would give a NaN pose without a word.
        if (!Double.isFinite(th2) || !Double.isFinite(xi[3]) || !Double.isFinite(xi[4]) || !Double.isFinite(xi[5])) {
            throw new IllegalArgumentException("xi: expected finite values with |ω| below 1e154 rad, got " + Arrays.toString(xi));
        }
        double th = Math.sqrt(th2);
        double a, b, c; // sin(th)/th, (1-cos th)/th², (th - sin th)/th³
        if (th < 1e-4) {
            a = 1 - th2 / 6 + th2 * th2 / 120;
            b = 0.5 - th2 / 24 + th2 * th2 / 720;
            c = 1.0 / 6 - th2 / 120 + th2 * th2 / 5040;
        } else {
            a = Math.sin(th) / th;
            b = (1 - Math.cos(th)) / th2;
            c = (th - Math.sin(th)) / (th2 * th);
        }
        double[] w = {0, -wz, wy, wz, 0, -wx, -wy, wx, 0}; // [ω]×
        double[] w2 = mul3(w, w);
        double[] r = new double[9];
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            double id = (i % 4 == 0) ? 1 : 0;
            r[i] = id + a * w[i] + b * w2[i];
            v[i] = id + b * w[i] + c * w2[i];
        }
        double tx = v[0] * xi[3] + v[1] * xi[4] + v[2] * xi[5];
        double ty = v[3] * xi[3] + v[4] * xi[4] + v[5] * xi[5];
        double tz = v[6] * xi[3] + v[7] * xi[4] + v[8] * xi[5];
        return new Rigid(new double[] {r[0], r[1], r[2], tx, r[3], r[4], r[5], ty, r[6], r[7], r[8], tz, 0, 0, 0, 1});
    }

    /** The logarithm: ξ = (ω, v) with exp(ξ) = this; |ω| ≤ π. */
    public double[] log() {
        double[] r = rotation();
        double[] w = Rotations.logSO3(r);
        double th2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        double th = Math.sqrt(th2);
        double[] wx = {0, -w[2], w[1], w[2], 0, -w[0], -w[1], w[0], 0};
        double[] wx2 = mul3(wx, wx);
        // V⁻¹ = I − ½[ω]× + (1/θ²)(1 − (θ sinθ)/(2(1−cosθ)))[ω]×²
        double d;
        // θ sinθ / (2(1 − cosθ)) = (θ/2)·cot(θ/2); the cotangent form avoids the cancellation in 1 − cosθ.
        if (th < 1e-3) {
            d = 1.0 / 12 + th2 / 720 + th2 * th2 / 30240;
        } else {
            d = (1 - 0.5 * th / Math.tan(0.5 * th)) / th2;
        }
        double[] vinv = new double[9];
        for (int i = 0; i < 9; i++) vinv[i] = ((i % 4 == 0) ? 1 : 0) - 0.5 * wx[i] + d * wx2[i];
        double[] t = translation();
        return new double[] {w[0], w[1], w[2],
            vinv[0] * t[0] + vinv[1] * t[1] + vinv[2] * t[2],
            vinv[3] * t[0] + vinv[4] * t[1] + vinv[5] * t[2],
            vinv[6] * t[0] + vinv[7] * t[1] + vinv[8] * t[2]};
    }

    /** this · other (apply {@code other} first). */
    public Rigid compose(Rigid other) {
        double[] a = m, b = other.m, c = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                c[i * 4 + j] = a[i * 4] * b[j] + a[i * 4 + 1] * b[4 + j] + a[i * 4 + 2] * b[8 + j] + (j == 3 ? a[i * 4 + 3] : 0);
            }
        }
        c[15] = 1;
        return new Rigid(c);
    }

    /** T · exp(ξ^): the right perturbation used by every optimiser and gradient in CrossView. */
    public Rigid perturbRight(double... xi) {
        return compose(exp(xi));
    }

    public Rigid inverse() {
        double[] c = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) c[i * 4 + j] = m[j * 4 + i];
        }
        for (int i = 0; i < 3; i++) c[i * 4 + 3] = -(c[i * 4] * m[3] + c[i * 4 + 1] * m[7] + c[i * 4 + 2] * m[11]);
        c[15] = 1;
        return new Rigid(c);
    }

    /** Applies the transform to a point (x, y, z). */
    public double[] apply(double... p) {
        return new double[] {
            m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3],
            m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7],
            m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11]};
    }

    /** Applies only the rotation to a direction. */
    public double[] applyToDirection(double... d) {
        return new double[] {
            m[0] * d[0] + m[1] * d[1] + m[2] * d[2],
            m[4] * d[0] + m[5] * d[1] + m[6] * d[2],
            m[8] * d[0] + m[9] * d[1] + m[10] * d[2]};
    }

    /** Row-major 3x3 rotation. */
    public double[] rotation() {
        return new double[] {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
    }

    public double[] translation() {
        return new double[] {m[3], m[7], m[11]};
    }

    /** A copy of the row-major 4x4 matrix. */
    public double[] toArray() {
        return m.clone();
    }

    public double get(int row, int col) {
        return m[row * 4 + col];
    }

    /** Rotation angle of this transform (radians, in [0, π]). */
    public double angleRad() {
        double[] w = Rotations.logSO3(rotation());
        return Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    }

    /** max |RᵀR − I| and |det R − 1|. */
    public double rigidityError() {
        double[] r = rotation();
        double err = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
                err = Math.max(err, Math.abs(s - (i == j ? 1 : 0)));
            }
        }
        return Math.max(err, Math.abs(Rotations.det3(r) - 1));
    }

    /** Largest absolute difference between the two matrices' entries. */
    public double maxAbsDiff(Rigid other) {
        double d = 0;
        for (int i = 0; i < 16; i++) d = Math.max(d, Math.abs(m[i] - other.m[i]));
        return d;
    }

    static double[] mul3(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rigid r && Arrays.equals(m, r.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Rigid[");
        for (int i = 0; i < 3; i++) {
            sb.append(String.format("[%.6f, %.6f, %.6f, %.4f]", m[i * 4], m[i * 4 + 1], m[i * 4 + 2], m[i * 4 + 3]));
            if (i < 2) sb.append(", ");
        }
        return sb.append("]").toString();
    }
}
