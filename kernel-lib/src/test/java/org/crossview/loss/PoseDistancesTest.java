package org.crossview.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;
import org.junit.jupiter.api.Test;

class PoseDistancesTest {
    static final List<PoseDistance> ALL = List.of(PoseDistances.geodesic(), PoseDistances.translation(),
            PoseDistances.doubleGeodesic(1020), PoseDistances.logSe3(), PoseDistances.logSe3(300));

    static Rigid randomPose(Random r, double angleRad) {
        double[] axis = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        return Rigid.translation(200 * r.nextGaussian(), 200 * r.nextGaussian(), -700 + 100 * r.nextGaussian())
                .compose(Rigid.rotation(axis, angleRad));
    }

    /** Central differences of d(T̂·exp(h e_k), T) for each of the six directions. */
    static double[] numericGradient(PoseDistance d, Rigid p, Rigid t, double h) {
        double[] g = new double[6];
        for (int k = 0; k < 6; k++) {
            double[] xi = new double[6];
            xi[k] = h;
            double up = d.evaluate(p.perturbRight(xi), t).value();
            xi[k] = -h;
            double dn = d.evaluate(p.perturbRight(xi), t).value();
            g[k] = (up - dn) / (2 * h);
        }
        return g;
    }

    static void assertGradient(PoseDistance d, Rigid p, Rigid t, double h, String what) {
        double[] analytic = d.evaluate(p, t).gradient();
        double[] numeric = numericGradient(d, p, t, h);
        double scale = 0;
        for (double x : numeric) scale = Math.max(scale, Math.abs(x));
        for (int k = 0; k < 6; k++) {
            assertEquals(numeric[k], analytic[k], 1e-5 * Math.max(scale, 1), d.name() + " " + what + " component " + k);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random r = new Random(42);
        for (PoseDistance d : ALL) {
            for (int trial = 0; trial < 5; trial++) {
                Rigid t = randomPose(r, 2 * r.nextDouble());
                double[] dxi = new double[6];
                for (int k = 0; k < 6; k++) dxi[k] = k < 3 ? 0.8 * r.nextGaussian() : 30 * r.nextGaussian();
                Rigid p = t.perturbRight(dxi);
                assertGradient(d, p, t, 1e-6, "random trial " + trial);
            }
        }
    }

    @Test
    void safeNearZeroAndPi() {
        Random r = new Random(7);
        Rigid t = randomPose(r, 1.0);
        double[] axis = {0.3, -0.5, 0.8};
        for (double angle : new double[] {0, 1e-9, 1e-4, Math.PI - 1e-3, Math.PI - 1e-6, Math.PI}) {
            Rigid p = t.compose(Rigid.rotation(axis, angle)).compose(Rigid.translation(5, -3, 2));
            for (PoseDistance d : ALL) {
                PoseTerm v = d.evaluate(p, t);
                assertTrue(Double.isFinite(v.value()), d.name() + " value at θ = " + angle);
                for (double g : v.gradient()) assertTrue(Double.isFinite(g), d.name() + " gradient at θ = " + angle);
                if (angle >= 1e-4 && angle <= Math.PI - 1e-3) assertGradient(d, p, t, 1e-7, "θ = " + angle);
            }
        }
        // identical poses: zero value and the zero subgradient (a rounding residue may instead give a
        // unit-norm direction, still finite)
        for (PoseDistance d : ALL) {
            PoseTerm z = d.evaluate(t, t);
            assertEquals(0, z.value(), 1e-9, d.name());
            for (double g : z.gradient()) assertTrue(Double.isFinite(g), d.name());
            assertArrayEquals(new double[6], d.evaluate(Rigid.identity(), Rigid.identity()).gradient(), 0, d.name());
        }
        // the smooth double geodesic through θ = 0 (pure translation offset stays differentiable)
        Rigid shifted = t.compose(Rigid.translation(0, 0, 1e-3)).compose(Rigid.rotation(axis, 1e-9));
        assertGradient(PoseDistances.doubleGeodesic(1020), shifted.compose(Rigid.translation(3, 0, 0)), t, 1e-7, "near θ = 0");
    }

    @Test
    void knownValues() {
        Rigid t = Rigid.translation(10, 20, 30);
        Rigid p = Rigid.translation(13, 24, 30).compose(Rigid.rotation(new double[] {0, 0, 1}, Math.toRadians(30)));
        assertEquals(Math.toRadians(30), PoseDistances.geodesic().evaluate(p, t).value(), 1e-12);
        assertEquals(5, PoseDistances.translation().evaluate(p, t).value(), 1e-12);
        assertEquals(Math.hypot(510 * Math.toRadians(30), 5), PoseDistances.doubleGeodesic(1020).evaluate(p, t).value(), 1e-9);
        // log-SE(3) of a pure rotation about the origin is |θ|; of a pure translation, its length
        Rigid rot = Rigid.rotation(new double[] {1, 1, 0}, 0.7);
        assertEquals(0.7, PoseDistances.logSe3().evaluate(rot, Rigid.identity()).value(), 1e-12);
        assertEquals(5, PoseDistances.logSe3().evaluate(Rigid.translation(3, 4, 0), Rigid.identity()).value(), 1e-12);
        // geodesic of rotation by π − small is π − small; turning further about the same axis increases it
        Rigid nearPi = Rigid.rotation(new double[] {0, 1, 0}, Math.PI - 1e-5);
        PoseTerm g = PoseDistances.geodesic().evaluate(nearPi, Rigid.identity());
        assertEquals(Math.PI - 1e-5, g.value(), 1e-9);
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0}, g.gradient(), 1e-6);
    }

    @Test
    void symmetric() {
        Random r = new Random(3);
        for (PoseDistance d : ALL) {
            Rigid a = randomPose(r, 1.2), b = randomPose(r, 0.4);
            assertEquals(d.evaluate(a, b).value(), d.evaluate(b, a).value(), 1e-9, d.name());
        }
    }

    @Test
    void adjointMovesPerturbations() {
        Random r = new Random(5);
        Rigid t = randomPose(r, 1.1);
        double[] xi = {0.1, -0.2, 0.05, 3, -1, 2};
        // T·exp(ξ)·T⁻¹ = exp(Ad_T ξ)
        Rigid lhs = t.compose(Rigid.exp(xi)).compose(t.inverse());
        assertTrue(lhs.maxAbsDiff(Rigid.exp(Se3Tangents.adjoint(t, xi))) < 1e-9);
        // ⟨Ad_Tᵀ g, ξ⟩ = ⟨g, Ad_T ξ⟩
        double[] g = {0.3, 0.1, -0.7, 1.5, 0.2, -0.4};
        double[] atg = Se3Tangents.adjointTranspose(t, g), adx = Se3Tangents.adjoint(t, xi);
        double l = 0, rr = 0;
        for (int k = 0; k < 6; k++) {
            l += atg[k] * xi[k];
            rr += g[k] * adx[k];
        }
        assertEquals(rr, l, 1e-9);
    }

    @Test
    void rightJacobianLinearisesLogOfProduct() {
        double[] zeta = {0.9, -1.4, 0.6, 120, -40, 300};
        Rigid x = Rigid.exp(zeta);
        double[] eta = {1e-6, -2e-6, 1.5e-6, 1e-5, 3e-5, -2e-5};
        double[] lhs = x.compose(Rigid.exp(eta)).log();
        double[] j = Se3Tangents.rightJacobian(zeta);
        // J_r ⁻¹ η ≈ lhs − ζ, i.e. J_r (lhs − ζ) ≈ η
        for (int i = 0; i < 6; i++) {
            double s = 0;
            for (int k = 0; k < 6; k++) s += j[i * 6 + k] * (lhs[k] - zeta[k]);
            assertEquals(eta[i], s, 1e-9, "component " + i);
        }
    }
}
