package org.crossview.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.CArm.View;
import org.junit.jupiter.api.Test;

/** The C-arm rig against the conventions of DESIGN.md §2/§8, worked out by hand. */
class CArmTest {
    private static final double[] ISO = {12, -30, 40};
    private final CArm arm = CArm.atIsocentre(ISO);

    private static void assertVec(double[] want, double[] got, double tol, String what) {
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol, what + " [" + i + "]");
    }

    @Test
    void apViewAxesInLps() {
        Rigid ap = arm.apVolFromCam();
        assertVec(new double[] {1, 0, 0}, ap.applyToDirection(1, 0, 0), 1e-15, "camera +x = patient left");
        assertVec(new double[] {0, 0, -1}, ap.applyToDirection(0, 1, 0), 1e-15, "camera +y = inferior");
        assertVec(new double[] {0, 1, 0}, ap.applyToDirection(0, 0, 1), 1e-15, "camera +z = posterior");
        assertVec(new double[] {12, 720, 40}, ap.translation(), 1e-12, "source 750 mm posterior of the isocentre");
    }

    @Test
    void isocentreProjectsToThePrincipalPointInEveryView() {
        Camera cam = Camera.deepFluoroFullRes().binned(8);
        for (double lao : new double[] {-90, -30, 0, 15, 45, 90, 180}) {
            for (double cran : new double[] {-20, 0, 25}) {
                Rigid volFromCam = arm.volFromCam(lao, cran);
                double[] isoCam = volFromCam.inverse().apply(ISO);
                assertVec(new double[] {0, 0, -750}, isoCam, 1e-9, "isocentre in camera frame");
                double[] uv = cam.project(isoCam);
                assertEquals(95.5, uv[0], 1e-9);
                assertEquals(95.5, uv[1], 1e-9);
            }
        }
    }

    @Test
    void apImageShowsThePatientsLeftOnTheRightAndTheHeadUp() {
        Camera cam = Camera.deepFluoroFullRes().binned(8);
        Rigid camFromVol = arm.apVolFromCam().inverse();
        double[] left = cam.project(camFromVol.apply(ISO[0] + 50, ISO[1], ISO[2]));
        double[] head = cam.project(camFromVol.apply(ISO[0], ISO[1], ISO[2] + 50));
        assertTrue(left[0] > 95.5 + 10, "patient left → larger column: " + left[0]);
        assertEquals(95.5, left[1], 1e-9);
        assertTrue(head[1] < 95.5 - 10, "superior → smaller row (head up): " + head[1]);
    }

    @Test
    void laoMovesTheDetectorToThePatientsLeft() {
        // LAO 90°: detector at the patient's left, source at the right (−x).
        assertVec(new double[] {12 - 750, -30, 40}, arm.sourceLps(new View(90, 0)), 1e-9, "LAO 90 source");
        assertVec(new double[] {12 + 750, -30, 40}, arm.sourceLps(new View(-90, 0)), 1e-9, "RAO 90 source");
        // LAO 30: detector direction (sin 30, −cos 30, 0) → source at iso − 750·that.
        double s = 0.5, c = Math.sqrt(3) / 2;
        assertVec(new double[] {12 - 750 * s, -30 + 750 * c, 40}, arm.sourceLps(new View(30, 0)), 1e-9, "LAO 30 source");
        // Cranial 20°: the detector tilts towards the head, so the source moves caudally.
        double s20 = Math.sin(Math.toRadians(20)), c20 = Math.cos(Math.toRadians(20));
        assertVec(new double[] {12, -30 + 750 * c20, 40 - 750 * s20}, arm.sourceLps(new View(0, 20)), 1e-9, "cranial 20 source");
        // LAO 180 is the PA view: camera x points to the patient's right.
        assertVec(new double[] {-1, 0, 0}, arm.volFromCam(180, 0).applyToDirection(1, 0, 0), 1e-12, "PA camera x");
        // Every view's rows still run along the patient's long axis (for cranial 0).
        assertVec(new double[] {0, 0, -1}, arm.volFromCam(37, 0).applyToDirection(0, 1, 0), 1e-12, "rows inferior");
    }

    @Test
    void relativeTransformMatchesTheHeadSampleSidecar() {
        // shared/data/deepfluoro-layout/head_sample.json, case 0: views at carm_angle_deg 7.7718 and 37.8613 (000 → 001),
        // cam_b_from_cam_a computed there from the written poses (source–isocentre 750 mm, same sign convention).
        Rigid t = arm.camBFromCamA(new View(7.7718, 0), new View(37.8613, 0));
        double[] want = {
            0.8652431662561086, 0, 0.5013533186544702, 376.01492972524545,
            0, 1, 0, 0,
            -0.5013532597426515, 0, 0.8652432877715117, -101.06748197620425};
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(want[4 * r + col], t.get(r, col), col == 3 ? 0.01 : 2e-5, "cam_b_from_cam_a[" + r + "][" + col + "]");
            }
        }
        // 000 → 002 (66.6549°): rotation by 58.88° about camera y.
        Rigid t2 = arm.camBFromCamA(new View(7.7718, 0), new View(66.6549, 0));
        assertEquals(0.8561158787744407, t2.get(0, 2), 2e-5);
        assertEquals(642.0869169555924, t2.get(0, 3), 0.02);
        assertEquals(-362.41124142400895, t2.get(2, 3), 0.02);
    }

    @Test
    void camBFromCamAMapsCameraCoordinatesOfTheSamePoint() {
        Rigid a = arm.volFromCam(-20, 10), b = arm.volFromCam(35, -5);
        Rigid t = CArm.camBFromCamA(a, b);
        double[] xVol = {40, -10, 5};
        double[] xa = a.inverse().apply(xVol), xb = b.inverse().apply(xVol);
        assertVec(xb, t.apply(xa), 1e-9, "X_b = T·X_a");
        assertTrue(t.compose(CArm.camBFromCamA(b, a)).maxAbsDiff(Rigid.identity()) < 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> CArm.atIsocentre(new double[] {0, 0, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> CArm.atIsocentre(new double[] {0, Double.NaN, 0}));
        assertThrows(IllegalArgumentException.class, () -> arm.volFromCam(Double.POSITIVE_INFINITY, 0));
    }
}
