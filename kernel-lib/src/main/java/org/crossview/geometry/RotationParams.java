package org.crossview.geometry;

/**
 * Rotation parameterisations, each to and from a row-major 3x3 rotation matrix (column vectors, x' = R·x):
 * axis-angle / rotation vector, unit quaternion (w, x, y, z), Euler angles in a named {@link EulerConvention},
 * and the continuous 6D representation of Zhou et al. (CVPR 2019): the first two columns of R, recovered by
 * Gram–Schmidt. Angles are radians.
 */
public final class RotationParams {
    private RotationParams() {}

    // ---------------------------------------------------------------- axis-angle

    /** Rotation by {@code angleRad} about {@code axis} (right-hand rule; the axis need not be unit length). */
    public static double[] fromAxisAngle(double[] axis, double angleRad) {
        double n = norm(axis);
        if (!(n > 0) || !Double.isFinite(n)) throw new IllegalArgumentException("axis: must be a finite non-zero vector");
        if (!Double.isFinite(angleRad)) throw new IllegalArgumentException("angleRad: must be finite, got " + angleRad);
        return fromRotationVector(axis[0] / n * angleRad, axis[1] / n * angleRad, axis[2] / n * angleRad);
    }

    /** Rotation vector ω (axis·angle) → R = exp([ω]×). */
    public static double[] fromRotationVector(double... omega) {
        if (omega.length != 3) throw new IllegalArgumentException("omega: expected 3 values, got " + omega.length);
        return Rigid.exp(omega[0], omega[1], omega[2], 0, 0, 0).rotation();
    }

    /** Rotation vector ω with |ω| = angle in [0, π]. */
    public static double[] toRotationVector(double[] r) {
        requireMatrix(r);
        return Rotations.logSO3(r);
    }

    /** {unit axis (x, y, z), angle} with angle in [0, π]; the axis is (1, 0, 0) for the identity. */
    public static double[] toAxisAngle(double[] r) {
        double[] w = toRotationVector(r);
        double th = norm(w);
        if (th < 1e-15) return new double[] {1, 0, 0, 0};
        return new double[] {w[0] / th, w[1] / th, w[2] / th, th};
    }

    // ---------------------------------------------------------------- quaternion

    /** Quaternion q = (w, x, y, z), normalised first (any non-zero q is accepted) → R. */
    public static double[] fromQuaternion(double... q) {
        if (q.length != 4) throw new IllegalArgumentException("quaternion: expected 4 values (w, x, y, z), got " + q.length);
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        if (!(n > 0) || !Double.isFinite(n)) throw new IllegalArgumentException("quaternion: must be finite and non-zero");
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    /** Unit quaternion (w, x, y, z) of R with w ≥ 0 (Shepperd's method: divide by the largest of 4 candidates). */
    public static double[] toQuaternion(double[] r) {
        requireMatrix(r);
        double tr = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (tr >= r[0] && tr >= r[4] && tr >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(1 + tr, 0));
            w = s / 4;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        } else if (r[0] >= r[4] && r[0] >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(1 + r[0] - r[4] - r[8], 0));
            w = (r[7] - r[5]) / s;
            x = s / 4;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] >= r[8]) {
            double s = 2 * Math.sqrt(Math.max(1 + r[4] - r[0] - r[8], 0));
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = s / 4;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(Math.max(1 + r[8] - r[0] - r[4], 0));
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = s / 4;
        }
        double sign = w < 0 ? -1 : 1;
        double n = Math.sqrt(w * w + x * x + y * y + z * z) * sign;
        return new double[] {w / n, x / n, y / n, z / n};
    }

    // ---------------------------------------------------------------- Euler angles

    /** The three elementary rotation axes of an Euler sequence. */
    public enum Axis { X, Y, Z }

    /**
     * A named Euler convention: the axis sequence and whether each rotation is about the moving (intrinsic)
     * or the fixed (extrinsic) axes. Angles (a1, a2, a3) go with the axes in the order named:
     * INTRINSIC_ZYX is R = Rz(a1)·Ry(a2)·Rx(a3) (yaw, pitch, roll), and EXTRINSIC_XYZ with angles
     * (a3, a2, a1) is the same matrix. Tait–Bryan sequences use three different axes; proper Euler
     * sequences repeat the first axis (ZXZ, ZYZ, ...).
     */
    public enum EulerConvention {
        INTRINSIC_XYZ, INTRINSIC_XZY, INTRINSIC_YXZ, INTRINSIC_YZX, INTRINSIC_ZXY, INTRINSIC_ZYX,
        INTRINSIC_XYX, INTRINSIC_XZX, INTRINSIC_YXY, INTRINSIC_YZY, INTRINSIC_ZXZ, INTRINSIC_ZYZ,
        EXTRINSIC_XYZ, EXTRINSIC_XZY, EXTRINSIC_YXZ, EXTRINSIC_YZX, EXTRINSIC_ZXY, EXTRINSIC_ZYX,
        EXTRINSIC_XYX, EXTRINSIC_XZX, EXTRINSIC_YXY, EXTRINSIC_YZY, EXTRINSIC_ZXZ, EXTRINSIC_ZYZ;

        public boolean intrinsic() {
            return name().startsWith("INTRINSIC");
        }

        /** The axes in the order named. */
        public Axis[] axes() {
            String s = name().substring(name().indexOf('_') + 1);
            return new Axis[] {Axis.valueOf(s.substring(0, 1)), Axis.valueOf(s.substring(1, 2)), Axis.valueOf(s.substring(2, 3))};
        }
    }

    /** Elementary rotation about a coordinate axis. */
    public static double[] elementary(Axis axis, double angleRad) {
        double c = Math.cos(angleRad), s = Math.sin(angleRad);
        switch (axis) {
            case X: return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
            case Y: return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
            default: return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
        }
    }

    /** Euler angles (a1, a2, a3), with the axes in the order the convention names them → R. */
    public static double[] fromEuler(EulerConvention convention, double... anglesRad) {
        if (anglesRad.length != 3) throw new IllegalArgumentException("anglesRad: expected 3 Euler angles, got " + anglesRad.length);
        for (double a : anglesRad) if (!Double.isFinite(a)) throw new IllegalArgumentException("anglesRad: must be finite");
        Axis[] ax = convention.axes();
        double[] r1 = elementary(ax[0], anglesRad[0]), r2 = elementary(ax[1], anglesRad[1]), r3 = elementary(ax[2], anglesRad[2]);
        // Intrinsic: R = R1·R2·R3 (each later rotation about the already-moved axes); extrinsic: R = R3·R2·R1.
        return convention.intrinsic() ? Rigid.mul3(Rigid.mul3(r1, r2), r3) : Rigid.mul3(Rigid.mul3(r3, r2), r1);
    }

    /**
     * Euler angles (a1, a2, a3) of R in the axis order the convention names. Tait–Bryan: a2 ∈ [−π/2, π/2];
     * proper Euler: a2 ∈ [0, π]; a1, a3 ∈ (−π, π]. At gimbal lock (a2 = ±π/2, resp. 0 or π) a3 is set to 0.
     */
    public static double[] toEuler(EulerConvention convention, double[] r) {
        requireMatrix(r);
        Axis[] ax = convention.axes();
        if (convention.intrinsic()) return intrinsicAngles(ax[0].ordinal(), ax[1].ordinal(), ax[2].ordinal(), r);
        // Extrinsic (i, j, k) with angles (a, b, c) is the intrinsic sequence (k, j, i) with angles (c, b, a).
        double[] rev = intrinsicAngles(ax[2].ordinal(), ax[1].ordinal(), ax[0].ordinal(), r);
        return new double[] {rev[2], rev[1], rev[0]};
    }

    /** Angles (a, b, c) with R = R_i(a)·R_j(b)·R_k(c). */
    private static double[] intrinsicAngles(int i, int j, int k, double[] r) {
        if (i != k) {
            // Tait–Bryan. s = +1 for cyclic (XYZ, YZX, ZXY) sequences: then R[i][k] = s·sin b.
            double s = ((j - i + 3) % 3 == 1) ? 1 : -1;
            double sinB = Math.max(-1, Math.min(1, s * r[3 * i + k]));
            double b = Math.asin(sinB);
            double cosB = Math.hypot(r[3 * i + i], r[3 * i + j]);
            if (cosB > 1e-9) {
                double a = Math.atan2(-s * r[3 * j + k], r[3 * k + k]);
                double c = Math.atan2(-s * r[3 * i + j], r[3 * i + i]);
                return new double[] {a, Math.atan2(sinB, cosB), c};
            }
            // Gimbal lock: only a ± c is defined; with c = 0, R = R_i(a)·R_j(±π/2) and column j is R_i(a)·e_j.
            return new double[] {Math.atan2(s * r[3 * k + j], r[3 * j + j]), b, 0};
        }
        // Proper Euler (i, j, i); m is the third axis, s = +1 when (i, j, m) is cyclic.
        int m = 3 - i - j;
        double s = ((j - i + 3) % 3 == 1) ? 1 : -1;
        double cosB = Math.max(-1, Math.min(1, r[3 * i + i]));
        double sinB = Math.hypot(r[3 * i + j], r[3 * i + m]);
        double b = Math.atan2(sinB, cosB);
        if (sinB > 1e-9) {
            double a = Math.atan2(r[3 * j + i], -s * r[3 * m + i]);
            double c = Math.atan2(r[3 * i + j], s * r[3 * i + m]);
            return new double[] {a, b, c};
        }
        // Gimbal lock (b = 0 or π): column j of R is R_i(a)·e_j either way (R_j(b) leaves e_j alone).
        return new double[] {Math.atan2(s * r[3 * m + j], r[3 * j + j]), b, 0};
    }

    // ---------------------------------------------------------------- 6D (Zhou et al.)

    /**
     * The 6D representation (a1x, a1y, a1z, a2x, a2y, a2z) → R by Gram–Schmidt: b1 = a1/|a1|,
     * b2 = (a2 − (b1·a2) b1)/|…|, b3 = b1 × b2; the columns of R are b1, b2, b3.
     */
    public static double[] fromSixD(double... sixD) {
        if (sixD.length != 6) throw new IllegalArgumentException("sixD: expected 6 values (two columns), got " + sixD.length);
        double[] a1 = {sixD[0], sixD[1], sixD[2]}, a2 = {sixD[3], sixD[4], sixD[5]};
        double n1 = norm(a1);
        if (!(n1 > 1e-12) || !Double.isFinite(n1)) throw new IllegalArgumentException("sixD: first column must be finite and non-zero");
        double[] b1 = {a1[0] / n1, a1[1] / n1, a1[2] / n1};
        double d = dot(b1, a2);
        double[] u = {a2[0] - d * b1[0], a2[1] - d * b1[1], a2[2] - d * b1[2]};
        double n2 = norm(u);
        if (!(n2 > 1e-12 * Math.max(1, norm(a2))) || !Double.isFinite(n2)) {
            throw new IllegalArgumentException("sixD: the two columns must be finite and not parallel");
        }
        double[] b2 = {u[0] / n2, u[1] / n2, u[2] / n2};
        double[] b3 = {b1[1] * b2[2] - b1[2] * b2[1], b1[2] * b2[0] - b1[0] * b2[2], b1[0] * b2[1] - b1[1] * b2[0]};
        return new double[] {b1[0], b2[0], b3[0], b1[1], b2[1], b3[1], b1[2], b2[2], b3[2]};
    }

    /** The first two columns of R: (R00, R10, R20, R01, R11, R21). */
    public static double[] toSixD(double[] r) {
        requireMatrix(r);
        return new double[] {r[0], r[3], r[6], r[1], r[4], r[7]};
    }

    // ---------------------------------------------------------------- helpers

    /** Largest absolute difference between the entries of two 3x3 matrices. */
    public static double maxAbsDiff(double[] a, double[] b) {
        double d = 0;
        for (int n = 0; n < 9; n++) d = Math.max(d, Math.abs(a[n] - b[n]));
        return d;
    }

    private static void requireMatrix(double[] r) {
        if (r == null || r.length != 9) throw new IllegalArgumentException("rotation: expected a row-major 3x3 matrix (9 values)");
        for (double x : r) if (!Double.isFinite(x)) throw new IllegalArgumentException("rotation: non-finite entry");
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
