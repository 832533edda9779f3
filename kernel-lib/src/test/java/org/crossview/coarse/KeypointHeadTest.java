package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class KeypointHeadTest {
    private static final double[] ISO = {10, -20, 30};
    private static final Camera CAMERA = CoarseRun.camera(64);
    private static final Rigid AP = CArm.atIsocentre(ISO, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM).apVolFromCam();

    private static KeypointHead head(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] p = new double[n][];
        for (int k = 0; k < n; k++) p[k] = new double[] {ISO[0] + r.nextDouble(-90, 90), ISO[1] + r.nextDouble(-90, 90), ISO[2] + r.nextDouble(-90, 90)};
        return new KeypointHead(p, CAMERA, AP, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
    }

    /** A pose about the isocentre: turned by (rx, ry, rz) rad and shifted by (tx, ty, tz) mm in the AP isocentre frame. */
    private static Rigid pose(double rx, double ry, double rz, double tx, double ty, double tz) {
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        return AP.compose(camFromIso).compose(Rigid.exp(rx, ry, rz, tx, ty, tz)).compose(camFromIso.inverse());
    }

    private static double maxPointErrorMm(KeypointHead h, Rigid a, Rigid b) {
        double worst = 0;
        for (double[] x : h.pointsLps()) {
            double[] p = a.inverse().apply(x), q = b.inverse().apply(x);
            worst = Math.max(worst, Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2])));
        }
        return worst;
    }

    @Test
    void encodeIsThePerspectiveProjectionInHalfImageUnits() {
        KeypointHead h = new KeypointHead(new double[][] {ISO, {ISO[0] + 50, ISO[1], ISO[2]}, {ISO[0], ISO[1] + 50, ISO[2]}, {ISO[0], ISO[1], ISO[2] + 50}},
                CAMERA, AP, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        double[] y = h.encode(AP);
        // The isocentre lies on the central ray: the image centre, (0, 0).
        assertEquals(0, y[0], 1e-9);
        assertEquals(0, y[1], 1e-9);
        // Any point: u = cx + fx·x/z from its camera coordinates, then (u + 0.5 − 32)/32.
        for (int k = 1; k < 4; k++) {
            double[] q = AP.inverse().apply(h.pointsLps()[k]);
            double u = CAMERA.cx() + CAMERA.fx() * q[0] / q[2], v = CAMERA.cy() + CAMERA.fy() * q[1] / q[2];
            assertEquals((u + 0.5 - 32) / 32, y[2 * k], 1e-9);
            assertEquals((v + 0.5 - 32) / 32, y[2 * k + 1], 1e-9);
        }
    }

    @Test
    void aSingleViewPoseReprojectsExactKeypointsAndItsDepthLeansOnThePriorOnly() {
        KeypointHead h = head(12, 1);
        for (Rigid truth : new Rigid[] {pose(0.2, -0.3, 0.4, 30, -20, 60), pose(-0.35, 0.35, -0.2, -40, 25, -80), pose(0, 0, 0, 0, 0, 0)}) {
            double[] y = h.encode(truth);
            Rigid found = h.solve(y);
            double[] back = h.encode(found);
            for (int i = 0; i < y.length; i++) assertEquals(y[i], back[i], 0.02, "output " + i + " (0.02 = 0.6 px at 64²)");
            // A single view fixes depth only through magnification, which the weak prior trades against: the bias stays
            // a fraction of the depth offset, and none without one.
            double err = maxPointErrorMm(h, truth, found);
            assertTrue(err < 15, "single view: " + err + " mm");
        }
        assertTrue(maxPointErrorMm(h, pose(0, 0, 0, 0, 0, 0), h.solve(h.encode(pose(0, 0, 0, 0, 0, 0)))) < 1e-3, "at the reference pose");
    }

    @Test
    void aCaseIsFittedToAllItsViewsAndOneBadKeypointDoesNotDragIt() {
        KeypointHead h = head(12, 2);
        Rigid truth0 = pose(0.15, -0.25, 0.1, 20, 10, -50);
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        Rigid[] cam0FromCamV = new Rigid[3];
        double[][] y = new double[3][];
        for (int v = 0; v < 3; v++) {
            cam0FromCamV[v] = camFromIso.compose(Rigid.exp(0, Math.toRadians(25 * v), 0, 0, 0, 0)).compose(camFromIso.inverse());
            y[v] = h.encode(truth0.compose(cam0FromCamV[v]));
        }
        y[1][4] += 0.8; // one keypoint of view 1 a quarter of the image off
        Rigid[] found = h.solve(y, cam0FromCamV);
        for (int v = 0; v < 3; v++) {
            double err = maxPointErrorMm(h, truth0.compose(cam0FromCamV[v]), found[v]);
            assertTrue(err < 2, "view " + v + ": " + err + " mm");
        }
        assertArrayEquals(found[0].compose(cam0FromCamV[2]).toArray(), found[2].toArray(), 1e-9);
    }

    @Test
    void keypointsFromACtLieInItsBoneAndSpreadOverIt() {
        // Two bone blocks 100 mm apart in a 1 mm volume of water: the points land in both, none in water.
        int n = 120;
        float[] d = new float[n * 40 * 40];
        Volume mu = new Volume(n, 40, 40, new double[] {1, 1, 1}, new double[] {0, 0, 0}, d);
        for (int k = 10; k < 30; k++) {
            for (int j = 10; j < 30; j++) {
                for (int i = 0; i < n; i++) d[mu.index(i, j, k)] = (i >= 5 && i < 15) || (i >= 105 && i < 115) ? 0.05f : 0.02f;
            }
        }
        double[][] p = KeypointHead.fromCt(mu, 0.04, 6, 7);
        int left = 0, right = 0;
        for (double[] x : p) {
            double[] ijk = mu.lpsToIndex(x);
            assertTrue((ijk[0] > 4 && ijk[0] < 15) || (ijk[0] > 104 && ijk[0] < 115), "keypoint outside the bone: " + java.util.Arrays.toString(ijk));
            if (ijk[0] < 60) left++;
            else right++;
        }
        assertTrue(left > 0 && right > 0, "keypoints in one block only: " + left + " / " + right);
        assertArrayEquals(p[3], KeypointHead.fromCt(mu, 0.04, 6, 7)[3], 0, "same seed, same points");
        assertThrows(IllegalArgumentException.class, () -> KeypointHead.fromCt(mu, 0.5, 6, 7));
    }

    @Test
    void withAnOrbitLateralViewsAndCasesAreFoundAcrossIt() {
        KeypointHead ap = head(12, 3);
        KeypointHead orbit = new KeypointHead(ap.pointsLps(), CAMERA, AP, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM, new double[] {-Math.PI / 2, Math.PI / 2});
        for (double deg : new double[] {-85, -60, 70}) {
            Rigid truth = pose(0.1, Math.toRadians(deg), -0.05, 15, -10, 20);
            double[] y = orbit.encode(truth);
            Rigid found = orbit.solve(y);
            double[] back = orbit.encode(found);
            for (int i = 0; i < y.length; i++) assertEquals(y[i], back[i], 0.02, deg + "°, output " + i);
            double err = maxPointErrorMm(orbit, truth, found);
            assertTrue(err < 15, deg + "°: " + err + " mm (a single view's depth rests on the prior)");
        }
        // A 3-view case at the orbit's end (views at −85°, −60°, −35°), keypoints with 1 px noise and one point off by a
        // quarter image: triangulated to a few mm.
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        Rigid truth0 = pose(-0.1, Math.toRadians(-85), 0.1, -20, 10, 30);
        SplittableRandom rng = new SplittableRandom(4);
        Rigid[] cam0FromCamV = new Rigid[3];
        double[][] y = new double[3][];
        for (int v = 0; v < 3; v++) {
            cam0FromCamV[v] = camFromIso.compose(Rigid.exp(0, Math.toRadians(25 * v), 0, 0, 0, 0)).compose(camFromIso.inverse());
            y[v] = orbit.encode(truth0.compose(cam0FromCamV[v]));
            for (int i = 0; i < y[v].length; i++) y[v][i] += rng.nextGaussian() / 32;
        }
        y[2][6] -= 0.5;
        Rigid[] found = orbit.solve(y, cam0FromCamV);
        for (int v = 0; v < 3; v++) {
            double err = maxPointErrorMm(orbit, truth0.compose(cam0FromCamV[v]), found[v]);
            assertTrue(err < 5, "view " + v + ": " + err + " mm");
        }
        assertThrows(IllegalArgumentException.class, () -> new KeypointHead(ap.pointsLps(), CAMERA, AP, 750, new double[] {0.1, -0.1}));
    }

    @Test
    void aKnownNominalPoseCentresThePriorWhereTheKeypointsSayNothing() {
        KeypointHead orbit = new KeypointHead(head(12, 5).pointsLps(), CAMERA, AP, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM, new double[] {-Math.PI / 2, Math.PI / 2});
        Rigid nominal = CArm.atIsocentre(ISO, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM).volFromCam(55, 0);
        // No keypoint the network could place (all NaN, as for points behind the source): only the prior is left, and it
        // is minimal exactly at the nominal pose of each view.
        double[] none = new double[orbit.outputs()];
        java.util.Arrays.fill(none, Double.NaN);
        assertTrue(maxPointErrorMm(orbit, nominal, orbit.solve(none, nominal)) < 1e-3, "single view: the nominal pose");
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        Rigid[] c = {Rigid.identity(), camFromIso.compose(Rigid.exp(0, Math.toRadians(-30), 0, 0, 0, 0)).compose(camFromIso.inverse())};
        Rigid[] found = orbit.solve(new double[][] {none, none}, c, nominal);
        assertTrue(maxPointErrorMm(orbit, nominal.compose(c[1]), found[1]) < 1e-3, "second view: nominal·C");
        // With exact keypoints the nominal pose does not pull the answer away from them.
        Rigid truth = pose(0.1, Math.toRadians(70), 0, 10, -10, 0);
        assertTrue(maxPointErrorMm(orbit, truth, orbit.solve(orbit.encode(truth), nominal)) < 15);
    }

    /**
     * The fit is the maximum a posteriori pose of its {@link KeypointHead.Uncertainty}: near the prior's centre, where the
     * projection is nearly linear and the keypoint residuals stay well inside each keypoint's sd σ_k (Cauchy ≈
     * quadratic), it must match the Gaussian posterior mean x* = (JᵀWJ + S⁻²)⁻¹·JᵀWJ·x_true, W = diag(1/σ_k²), computed
     * here from a finite-difference Jacobian J of the projection at x_true (x = (ω rad, t mm) about the reference
     * isocentre, S = the pose sd). Exact keypoints of a pose 40 mm deeper: the prior pulls the depth back by a fraction
     * the keypoints' sds decide; keypoints with different sds count differently.
     */
    @Test
    void theFitIsTheGaussianPosteriorOfItsUncertainty() {
        double[][] points = head(12, 3).pointsLps();
        double[] sd = {0.1, 0.1, 0.1, 20, 20, 30};
        double[] xTrue = {0.01, -0.015, 0.02, 3, -2, 40};
        for (double sigma : new double[] {0.03, 0.1}) {
            double[] kpSd = new double[points.length];
            for (int k = 0; k < kpSd.length; k++) kpSd[k] = sigma * (0.5 + k / 11.0 * 1.5); // 0.5σ … 2σ
            KeypointHead h = new KeypointHead(points, CAMERA, AP, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM, new double[] {0, 0},
                    new KeypointHead.Uncertainty(kpSd, sd));
            // J at the true pose: the posterior mean lies near it, and the projection's curvature over 40 mm of depth is not small
            double[] y0 = h.encode(poseOf(xTrue));
            double[][] jac = new double[6][];
            for (int a = 0; a < 6; a++) {
                double step = a < 3 ? 1e-5 : 1e-3;
                double[] xp = xTrue.clone(), xm = xTrue.clone();
                xp[a] += step;
                xm[a] -= step;
                double[] yp = h.encode(poseOf(xp)), ym = h.encode(poseOf(xm));
                jac[a] = new double[y0.length];
                for (int i = 0; i < y0.length; i++) jac[a][i] = (yp[i] - ym[i]) / (2 * step);
            }
            // Normal equations of the posterior: (JᵀWJ + S⁻²)·x* = JᵀWJ·x_true.
            double[][] a = new double[6][6];
            double[] rhs = new double[6];
            for (int p = 0; p < 6; p++) {
                for (int q = 0; q < 6; q++) {
                    double jtwj = 0;
                    for (int i = 0; i < y0.length; i++) jtwj += jac[p][i] * jac[q][i] / (kpSd[i / 2] * kpSd[i / 2]);
                    a[p][q] = jtwj + (p == q ? 1 / (sd[p] * sd[p]) : 0);
                    rhs[p] += jtwj * xTrue[q];
                }
            }
            double[] expected = KeypointHead.solve6(a, rhs);
            double[] found = relativeOf(h.solve(h.encode(poseOf(xTrue))));
            double shrink = 0, off = 0;
            for (int p = 0; p < 6; p++) {
                shrink = Math.max(shrink, Math.abs(xTrue[p] - expected[p]) / sd[p]);
                off = Math.max(off, Math.abs(found[p] - expected[p]) / sd[p]);
            }
            assertTrue(shrink > 0.1, "σ " + sigma + ": the prior should matter here (largest pull " + shrink + " sd)");
            assertTrue(off < 0.05 * shrink + 0.002, "σ " + sigma + ": fit " + java.util.Arrays.toString(found) + " vs posterior mean "
                    + java.util.Arrays.toString(expected) + " (pull " + shrink + " sd)");
        }
    }

    /** The pose Rigid.of(exp(ω), t) about the reference isocentre, the prior's coordinates x = (ω, t). */
    private static Rigid poseOf(double[] x) {
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        return AP.compose(camFromIso).compose(Rigid.of(Se3.expSO3(new double[] {x[0], x[1], x[2]}), new double[] {x[3], x[4], x[5]}))
                .compose(camFromIso.inverse());
    }

    private static double[] relativeOf(Rigid volFromCam) {
        Rigid camFromIso = Rigid.translation(0, 0, -CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        Rigid r = AP.compose(camFromIso).inverse().compose(volFromCam).compose(camFromIso);
        double[] w = org.crossview.geometry.Rotations.logSO3(r.rotation()), t = r.translation();
        return new double[] {w[0], w[1], w[2], t[0], t[1], t[2]};
    }
}
