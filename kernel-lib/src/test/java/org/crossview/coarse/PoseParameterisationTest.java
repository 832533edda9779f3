package org.crossview.coarse;

import org.crossview.geometry.CArm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

class PoseParameterisationTest {
    private final Rigid ref = CArm.atIsocentre(new double[] {12, -40, 300}, 750).apVolFromCam();
    private final PoseParameterisation param = new PoseParameterisation(ref, 750, 0.25, 50);

    @Test
    void zeroOutputsGiveTheReferencePose() {
        assertTrue(param.volFromCam(new double[6]).maxAbsDiff(ref) < 1e-12);
    }

    @Test
    void apReferenceLooksFromPosteriorWithPatientLeftAlongColumns() {
        Camera cam = Camera.deepFluoroFullRes();
        Rigid camFromVol = ref.inverse();
        double[] iso = {12, -40, 300};
        double[] q = camFromVol.apply(iso);
        assertArrayEquals(new double[] {0, 0, -750}, q, 1e-9);
        double[] px = cam.project(q);
        assertEquals(767.5, px[0], 1e-9);
        assertEquals(767.5, px[1], 1e-9);
        // 10 mm to the patient's left (LPS +x) moves right along columns; 10 mm superior moves up (smaller v).
        assertTrue(cam.project(camFromVol.apply(22, -40, 300))[0] > 767.5 + 1);
        assertTrue(cam.project(camFromVol.apply(12, -40, 310))[1] < 767.5 - 1);
        // The source is posterior of the isocentre.
        assertEquals(-40 + 750, ref.translation()[1], 1e-9);
        assertEquals(iso[1] + 750, param.isocentreLps()[1] + 750, 1e-9);
    }

    @Test
    void rotationsTurnAboutTheIsocentre() {
        Rigid p = param.volFromCam(new double[] {0, 1, 0, 0, 0, 0});
        // The isocentre stays on the central ray at the same distance.
        assertArrayEquals(new double[] {0, 0, -750}, p.inverse().apply(12, -40, 300), 1e-9);
        assertEquals(0.25, p.inverse().compose(ref).angleRad(), 1e-12);
        // A translation output moves the isocentre by s_t mm along the camera axes.
        Rigid t = param.volFromCam(new double[] {0, 0, 0, 1, 0, 0});
        assertArrayEquals(new double[] {-50, 0, -750}, t.inverse().apply(12, -40, 300), 1e-9);
    }

    private final PoseParameterisation centre = param.with(PoseParameterisation.Translation.CENTRE);

    /** CENTRE: the outputs are where the isocentre projects (mm at the isocentre plane) and its log-magnification. */
    @Test
    void centreOutputsSayWhereTheIsocentreProjectsAndHowMagnified() {
        Camera cam = Camera.deepFluoroFullRes();
        double[] iso = {12, -40, 300};
        assertTrue(centre.volFromCam(new double[6]).maxAbsDiff(ref) < 1e-12);
        // Whatever the rotation, the isocentre lies s_t·(y3, y4) mm along the camera's x and y axes (at the isocentre
        // plane), so it projects that far off the image centre (the detector's pixel axes run against x and y).
        double[] y = {0.8, -1.1, 0.6, 0.4, -0.3, 0};
        double[] q = centre.volFromCam(y).inverse().apply(iso);
        assertEquals(-750, q[2], 1e-9);
        double mmPerPixelAtIso = 750 / cam.fx();
        double[] px = cam.project(q);
        assertEquals(-0.4 * 50, (px[0] - cam.cx()) * mmPerPixelAtIso, 1e-9);
        assertEquals(0.3 * 50, (px[1] - cam.cy()) * mmPerPixelAtIso, 1e-9);
        // y5 = 1: magnification × exp(s_t/D), i.e. the isocentre that much nearer the source; its image offset stays.
        double[] y5 = {0.8, -1.1, 0.6, 0.4, -0.3, 1};
        double[] q5 = centre.volFromCam(y5).inverse().apply(iso);
        assertEquals(750 * Math.exp(-50.0 / 750), -q5[2], 1e-9);
        assertArrayEquals(px, cam.project(q5), 1e-9);
    }

    @Test
    void encodeInvertsVolFromCam() {
        for (PoseParameterisation p : new PoseParameterisation[] {param, centre}) {
            SplittableRandom rng = new SplittableRandom(3);
            for (int n = 0; n < 20; n++) {
                double[] y = new double[6];
                for (int a = 0; a < 6; a++) y[a] = 2 * rng.nextDouble() - 1;
                assertArrayEquals(y, p.encode(p.volFromCam(y)), 1e-9);
            }
        }
    }

    /** dξ/dy against central differences of log(T(y)⁻¹·T(y + h·e_k)), an independent route; both translation meanings. */
    @Test
    void jacobianMatchesFiniteDifferencesOfTheRightPerturbation() {
        jacobianMatchesFiniteDifferences(param);
        jacobianMatchesFiniteDifferences(centre);
    }

    private static void jacobianMatchesFiniteDifferences(PoseParameterisation param) {
        SplittableRandom rng = new SplittableRandom(5);
        double h = 1e-6;
        for (int n = 0; n < 10; n++) {
            double[] y = new double[6];
            for (int a = 0; a < 6; a++) y[a] = 3 * (2 * rng.nextDouble() - 1);
            double[] j = param.jacobian(y);
            Rigid t = param.volFromCam(y);
            for (int k = 0; k < 6; k++) {
                double[] yp = y.clone(), ym = y.clone();
                yp[k] += h;
                ym[k] -= h;
                double[] xp = t.inverse().compose(param.volFromCam(yp)).log();
                double[] xm = t.inverse().compose(param.volFromCam(ym)).log();
                for (int a = 0; a < 6; a++) {
                    double fd = (xp[a] - xm[a]) / (2 * h);
                    assertEquals(fd, j[a * 6 + k], 1e-5 * Math.max(1, Math.abs(fd)), "dξ" + a + "/dy" + k + " at " + java.util.Arrays.toString(y));
                }
            }
        }
    }

    @Test
    void chainIsTheTransposedJacobian() {
        double[] y = {0.3, -0.2, 0.5, 0.1, 0.4, -0.7};
        double[] g = {1, -2, 0.5, 0.01, 0.02, -0.03};
        double[] j = param.jacobian(y);
        double[] c = param.chain(y, g);
        for (int b = 0; b < 6; b++) {
            double s = 0;
            for (int a = 0; a < 6; a++) s += j[a * 6 + b] * g[a];
            assertEquals(s, c[b], 1e-12);
        }
    }
}
