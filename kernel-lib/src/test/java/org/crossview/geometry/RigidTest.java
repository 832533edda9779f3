package org.crossview.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SE(3) against independent answers: Rodrigues' formula written out by hand, screw motions, known matrices. */
class RigidTest {
    /** R = cosθ I + sinθ [a]× + (1 − cosθ) a aᵀ for a unit axis a (independent of Rigid.exp). */
    static double[] rodrigues(double[] axis, double th) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n, c = Math.cos(th), s = Math.sin(th), C = 1 - c;
        return new double[] {
            c + x * x * C, x * y * C - z * s, x * z * C + y * s,
            y * x * C + z * s, c + y * y * C, y * z * C - x * s,
            z * x * C - y * s, z * y * C + x * s, c + z * z * C};
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol, what + " [" + i + "]");
    }

    @Test
    void expOfARotationVectorIsRodrigues() {
        double[] axis = {0.3, -0.5, 0.8};
        double n = Math.sqrt(0.09 + 0.25 + 0.64);
        for (double th : new double[] {1e-9, 1e-5, 1e-3, 0.3, 2.0, Math.PI - 1e-7, Math.PI}) {
            Rigid t = Rigid.exp(axis[0] / n * th, axis[1] / n * th, axis[2] / n * th, 0, 0, 0);
            assertClose(rodrigues(axis, th), t.rotation(), 1e-14, "θ=" + th);
        }
    }

    @Test
    void knownRotationMatricesHaveTheirAngles() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        Rigid rz30 = Rigid.of(new double[] {c, -s, 0, s, c, 0, 0, 0, 1}, new double[] {0, 0, 0});
        assertEquals(Math.toRadians(30), rz30.angleRad(), 1e-14);
        assertClose(new double[] {0, 0, Math.toRadians(30)}, Rotations.logSO3(rz30.rotation()), 1e-14, "Rz(30°) log");
        // The cyclic permutation x→y→z→x is a 120° turn about (1,1,1).
        double[] perm = {0, 0, 1, 1, 0, 0, 0, 1, 0};
        double[] w = Rotations.logSO3(perm);
        double k = 2 * Math.PI / 3 / Math.sqrt(3);
        assertClose(new double[] {k, k, k}, w, 1e-14, "120° about (1,1,1)");
        // diag(1, −1, −1) is a half turn about x.
        double[] half = Rotations.logSO3(new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1});
        assertEquals(Math.PI, Math.abs(half[0]), 1e-14);
        assertEquals(0, half[1], 1e-14);
        assertEquals(0, half[2], 1e-14);
    }

    @Test
    void logNearZeroAndPiRecoversTheRotationVector() {
        double[] axis = {-0.2, 0.9, 0.4};
        double n = Math.sqrt(0.04 + 0.81 + 0.16);
        for (double th : new double[] {0, 1e-12, 1e-8, 1e-6, 1e-4, 1e-3, 1.0, 3.0, Math.PI - 1e-3, Math.PI - 1e-6, Math.PI - 1e-9}) {
            double[] r = rodrigues(axis, th);
            double[] w = Rotations.logSO3(r);
            double[] want = {axis[0] / n * th, axis[1] / n * th, axis[2] / n * th};
            // Near π, the rotation vector's accuracy is limited by the matrix entries' rounding (≈ 1e-16/(π − θ)).
            double tol = th > 3 ? 1e-7 : 1e-14;
            assertClose(want, w, tol, "θ=" + th);
        }
        // At exactly π both ±axis are right: the rotation must round trip.
        double[] r = rodrigues(axis, Math.PI);
        double[] w = Rotations.logSO3(r);
        assertClose(r, rodrigues(w, Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2])), 1e-12, "θ=π round trip");
    }

    @Test
    void expLogRoundTripOnRandomTwists() {
        Random rnd = new Random(7);
        for (int n = 0; n < 500; n++) {
            double scale = n % 5 == 0 ? 1e-6 : 1;
            double[] xi = new double[6];
            for (int i = 0; i < 3; i++) xi[i] = rnd.nextGaussian() * scale;
            double th = Math.sqrt(xi[0] * xi[0] + xi[1] * xi[1] + xi[2] * xi[2]);
            if (th > Math.PI - 1e-3) continue;
            for (int i = 3; i < 6; i++) xi[i] = rnd.nextGaussian() * 100;
            double[] back = Rigid.exp(xi).log();
            assertClose(xi, back, 1e-9, "twist " + n);
        }
    }

    @Test
    void screwMotionAlongTheAxisTranslatesByV() {
        // When v ∥ ω the motion is a screw along the axis: the translation is v itself (V·v = v).
        double[] a = {1, 2, 2};
        Rigid t = Rigid.exp(a[0] / 3 * 1.2, a[1] / 3 * 1.2, a[2] / 3 * 1.2, 5, 10, 10);
        assertClose(new double[] {5, 10, 10}, t.translation(), 1e-12, "screw translation");
        // A pure translation twist is a translation.
        assertClose(new double[] {1, -2, 3}, Rigid.exp(0, 0, 0, 1, -2, 3).translation(), 0, "pure translation");
        // A quarter turn about z through the point (10, 0, 0): the origin goes to (10, −10, 0).
        Rigid aboutPoint = Rigid.translation(10, 0, 0).compose(Rigid.rotation(new double[] {0, 0, 1}, Math.PI / 2)).compose(Rigid.translation(-10, 0, 0));
        assertClose(new double[] {10, -10, 0}, aboutPoint.apply(0, 0, 0), 1e-12, "turn about a point");
    }

    @Test
    void composeAppliesTheRightFactorFirstAndInverseUndoes() {
        Rigid a = Rigid.exp(0.3, -0.2, 0.5, 10, 20, -5);
        Rigid b = Rigid.exp(-1.1, 0.4, 0.9, -3, 7, 11);
        double[] p = {12, -4, 8};
        assertClose(a.apply(b.apply(p)), a.compose(b).apply(p), 1e-12, "(a·b)p = a(b(p))");
        assertTrue(a.compose(a.inverse()).maxAbsDiff(Rigid.identity()) < 1e-14);
        assertTrue(a.inverse().compose(a).maxAbsDiff(Rigid.identity()) < 1e-14);
        assertTrue(a.compose(b).inverse().maxAbsDiff(b.inverse().compose(a.inverse())) < 1e-13);
        assertClose(p, a.inverse().apply(a.apply(p)), 1e-12, "inverse undoes");
        // Right perturbation: T·exp(ξ) moves a point p to T(exp(ξ)p).
        double[] xi = {0.01, 0.02, -0.03, 0.5, -0.5, 1};
        assertClose(a.apply(Rigid.exp(xi).apply(p)), a.perturbRight(xi).apply(p), 1e-12, "perturbRight");
    }

    @Test
    void rejectsNonRigidAndNonFiniteMatrices() {
        assertThrows(IllegalArgumentException.class, () -> Rigid.of(2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Rigid.of(-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0)); // reflection
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rigid.of("volFromCam", Double.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0));
        assertTrue(e.getMessage().contains("volFromCam"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rigid.exp(1, 2, 3));
    }

    @Test
    void nearlyRigidFloatMatricesAreCleanedUp() {
        float[] f = new float[16];
        double[] m = Rigid.exp(0.4, -0.7, 1.3, 100, -50, 25).toArray();
        double[] asFloat = new double[16];
        for (int i = 0; i < 16; i++) {
            f[i] = (float) m[i];
            asFloat[i] = f[i];
        }
        Rigid t = Rigid.ofNearlyRigid("pose", asFloat);
        assertTrue(t.rigidityError() < 1e-14, "re-orthonormalised: " + t.rigidityError());
        assertArrayEquals(Rigid.exp(0.4, -0.7, 1.3, 100, -50, 25).translation(), t.translation(), 1e-4);
    }
}
