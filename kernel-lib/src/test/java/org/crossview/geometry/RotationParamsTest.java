package org.crossview.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.RotationParams.EulerConvention;
import org.junit.jupiter.api.Test;

/** Each parameterisation against matrices written out by hand, and by round trips. */
class RotationParamsTest {
    private static final double[] RZ90 = {0, -1, 0, 1, 0, 0, 0, 0, 1};
    private static final double[] RX90 = {1, 0, 0, 0, 0, -1, 0, 1, 0};
    private static final double[] RY90 = {0, 0, 1, 0, 1, 0, -1, 0, 0};

    private static void assertMatrix(double[] want, double[] got, double tol, String what) {
        assertTrue(RotationParams.maxAbsDiff(want, got) <= tol, what + ": max entry difference " + RotationParams.maxAbsDiff(want, got));
    }

    private static double[] randomRotation(Random rnd) {
        double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        return RotationParams.fromQuaternion(q);
    }

    @Test
    void axisAngleQuarterTurns() {
        assertMatrix(RZ90, RotationParams.fromAxisAngle(new double[] {0, 0, 2}, Math.PI / 2), 1e-15, "Rz(90°)");
        assertMatrix(RX90, RotationParams.fromAxisAngle(new double[] {1, 0, 0}, Math.PI / 2), 1e-15, "Rx(90°)");
        assertMatrix(RY90, RotationParams.fromAxisAngle(new double[] {0, 3, 0}, Math.PI / 2), 1e-15, "Ry(90°)");
        double[] aa = RotationParams.toAxisAngle(RZ90);
        assertEquals(0, aa[0], 1e-15);
        assertEquals(0, aa[1], 1e-15);
        assertEquals(1, aa[2], 1e-15);
        assertEquals(Math.PI / 2, aa[3], 1e-15);
        assertEquals(0, RotationParams.toAxisAngle(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1})[3], 0);
    }

    @Test
    void quaternionsByHand() {
        double h = Math.sqrt(0.5);
        assertMatrix(RZ90, RotationParams.fromQuaternion(h, 0, 0, h), 1e-15, "q = (√½, 0, 0, √½)");
        assertMatrix(new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1}, RotationParams.fromQuaternion(0, 1, 0, 0), 0, "q = (0, 1, 0, 0)");
        assertMatrix(RX90, RotationParams.fromQuaternion(2 * h, 2 * h, 0, 0), 1e-15, "unnormalised q");
        double[] q = RotationParams.toQuaternion(RY90);
        assertEquals(h, q[0], 1e-15);
        assertEquals(0, q[1], 1e-15);
        assertEquals(h, q[2], 1e-15);
        assertEquals(0, q[3], 1e-15);
        // q and −q are the same rotation; toQuaternion returns w ≥ 0.
        double[] neg = RotationParams.toQuaternion(RotationParams.fromQuaternion(-0.5, 0.5, -0.5, 0.5));
        assertEquals(0.5, neg[0], 1e-15);
        assertEquals(-0.5, neg[1], 1e-15);
    }

    @Test
    void quaternionAndAxisAngleRoundTrips() {
        Random rnd = new Random(11);
        for (int n = 0; n < 300; n++) {
            double[] r = randomRotation(rnd);
            assertMatrix(r, RotationParams.fromQuaternion(RotationParams.toQuaternion(r)), 1e-14, "quaternion round trip");
            double[] aa = RotationParams.toAxisAngle(r);
            assertMatrix(r, RotationParams.fromAxisAngle(new double[] {aa[0], aa[1], aa[2]}, aa[3]), 1e-13, "axis-angle round trip");
            assertMatrix(r, RotationParams.fromRotationVector(RotationParams.toRotationVector(r)), 1e-13, "rotation vector round trip");
            // The quaternion and axis-angle agree: w = cos(θ/2).
            assertEquals(Math.cos(aa[3] / 2), RotationParams.toQuaternion(r)[0], 1e-12);
        }
        // Half turns (w = 0) about oblique axes.
        for (double[] axis : new double[][] {{1, 1, 0}, {0, 1, -1}, {1, -2, 3}}) {
            double[] r = RotationParams.fromAxisAngle(axis, Math.PI);
            assertMatrix(r, RotationParams.fromQuaternion(RotationParams.toQuaternion(r)), 1e-14, "half turn");
        }
    }

    @Test
    void eulerByHand() {
        // Intrinsic ZYX (yaw a, pitch b, roll c) = Rz(a)·Ry(b)·Rx(c), multiplied out by hand.
        double a = 0.7, b = -0.4, c = 1.9;
        double ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), sc = Math.sin(c);
        double[] want = {
            ca * cb, ca * sb * sc - sa * cc, ca * sb * cc + sa * sc,
            sa * cb, sa * sb * sc + ca * cc, sa * sb * cc - ca * sc,
            -sb, cb * sc, cb * cc};
        assertMatrix(want, RotationParams.fromEuler(EulerConvention.INTRINSIC_ZYX, a, b, c), 1e-15, "intrinsic ZYX");
        // Extrinsic XYZ with the angles reversed is the same rotation.
        assertMatrix(want, RotationParams.fromEuler(EulerConvention.EXTRINSIC_XYZ, c, b, a), 1e-15, "extrinsic XYZ");
        // Rz(90°)·Ry(90°): e_x → (0, 0, −1), e_y → (−1, 0, 0), e_z → (0, 1, 0).
        assertMatrix(new double[] {0, -1, 0, 0, 0, 1, -1, 0, 0},
                RotationParams.fromEuler(EulerConvention.INTRINSIC_ZYX, Math.PI / 2, Math.PI / 2, 0), 1e-15, "Rz90·Ry90");
        // Proper Euler ZXZ (90°, 90°, 0) = Rz(90)·Rx(90).
        assertMatrix(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0},
                RotationParams.fromEuler(EulerConvention.INTRINSIC_ZXZ, Math.PI / 2, Math.PI / 2, 0), 1e-15, "Rz90·Rx90");
        double[] angles = RotationParams.toEuler(EulerConvention.INTRINSIC_ZYX, want);
        assertEquals(a, angles[0], 1e-14);
        assertEquals(b, angles[1], 1e-14);
        assertEquals(c, angles[2], 1e-14);
    }

    @Test
    void eulerRoundTripsForEveryConventionIncludingGimbalLock() {
        Random rnd = new Random(5);
        for (EulerConvention conv : EulerConvention.values()) {
            boolean proper = conv.axes()[0] == conv.axes()[2];
            for (int n = 0; n < 100; n++) {
                double a1 = (rnd.nextDouble() * 2 - 1) * Math.PI * 0.999;
                double a3 = (rnd.nextDouble() * 2 - 1) * Math.PI * 0.999;
                double a2 = proper ? rnd.nextDouble() * Math.PI * 0.98 + 0.01 : (rnd.nextDouble() * 2 - 1) * Math.PI / 2 * 0.98;
                double[] r = RotationParams.fromEuler(conv, a1, a2, a3);
                double[] got = RotationParams.toEuler(conv, r);
                assertEquals(a1, got[0], 1e-9, conv + " a1");
                assertEquals(a2, got[1], 1e-9, conv + " a2");
                assertEquals(a3, got[2], 1e-9, conv + " a3");
            }
            // Any matrix round trips, gimbal lock included.
            double[] locks = proper ? new double[] {0, Math.PI} : new double[] {Math.PI / 2, -Math.PI / 2};
            for (double lock : locks) {
                double[] r = RotationParams.fromEuler(conv, 0.8, lock, -0.3);
                assertMatrix(r, RotationParams.fromEuler(conv, RotationParams.toEuler(conv, r)), 1e-12, conv + " gimbal lock");
            }
            for (int n = 0; n < 50; n++) {
                double[] r = randomRotation(rnd);
                assertMatrix(r, RotationParams.fromEuler(conv, RotationParams.toEuler(conv, r)), 1e-12, conv + " random matrix");
            }
        }
    }

    @Test
    void sixDByHandAndRoundTrip() {
        // Gram–Schmidt: a1 = (0,0,5) → b1 = e_z; a2 = (0,2,2) → b2 = e_y; b3 = e_z × e_y = −e_x.
        assertMatrix(new double[] {0, 0, -1, 0, 1, 0, 1, 0, 0}, RotationParams.fromSixD(0, 0, 5, 0, 2, 2), 1e-15, "6D by hand");
        assertMatrix(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, RotationParams.fromSixD(2, 0, 0, 1, 3, 0), 1e-15, "6D identity");
        Random rnd = new Random(3);
        for (int n = 0; n < 100; n++) {
            double[] r = randomRotation(rnd);
            double[] six = RotationParams.toSixD(r);
            assertEquals(r[0], six[0]);
            assertEquals(r[7], six[5]);
            assertMatrix(r, RotationParams.fromSixD(six), 1e-14, "6D round trip");
        }
        assertThrows(IllegalArgumentException.class, () -> RotationParams.fromSixD(1, 0, 0, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> RotationParams.fromSixD(0, 0, 0, 0, 1, 0));
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RotationParams.fromQuaternion(0, 0, 0, 0));
        assertTrue(e.getMessage().contains("quaternion"));
        assertThrows(IllegalArgumentException.class, () -> RotationParams.fromAxisAngle(new double[] {0, 0, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> RotationParams.toEuler(EulerConvention.INTRINSIC_XYZ, new double[] {1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> RotationParams.fromEuler(EulerConvention.INTRINSIC_XYZ, 1, Double.NaN, 0));
    }
}
