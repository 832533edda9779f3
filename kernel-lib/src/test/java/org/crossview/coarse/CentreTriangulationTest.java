package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.CArm;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

/** Triangulating the centre of a case from its views' predictions, against constructed answers. */
class CentreTriangulationTest {
    private static final double[] CENTRE = {10, -20, 30};
    private final Rigid ap = CArm.atIsocentre(CENTRE, 750).apVolFromCam();
    /** Three C-arm views 0°, 30°, 60° about the isocentre (turns about the camera-frame y axis through it). */
    private final Rigid[] cam0FromCamV = {Rigid.identity(), carm(Math.toRadians(30)), carm(Math.toRadians(60))};

    private static Rigid carm(double angleRad) {
        Rigid toIso = Rigid.translation(0, 0, -750);
        return toIso.compose(Rigid.rotation(new double[] {0, 1, 0}, angleRad)).compose(toIso.inverse());
    }

    private Rigid[] truth(Rigid volFromCam0) {
        Rigid[] t = new Rigid[3];
        for (int v = 0; v < 3; v++) t[v] = volFromCam0.compose(cam0FromCamV[v]);
        return t;
    }

    /** Each view's centre moved along its own ray (depth wrong, where it projects right), rotation right. */
    private static Rigid[] depthErrors(Rigid[] truth, double[] relative) {
        Rigid[] out = new Rigid[truth.length];
        for (int v = 0; v < truth.length; v++) {
            double[] x = truth[v].inverse().apply(CENTRE);
            double e = relative[v];
            out[v] = truth[v].compose(Rigid.translation(-e * x[0], -e * x[1], -e * x[2]));
        }
        return out;
    }

    @Test
    void raysAloneRecoverTheCentreThatDepthErrorsMoved() {
        Rigid[] t = truth(ap.compose(Rigid.exp(0.05, -0.1, 0.2, 12, -7, 20)));
        Rigid[] pred = depthErrors(t, new double[] {0.04, -0.03, 0.05}); // 30, 22, 37 mm of depth
        Rigid[] tri = CentreTriangulation.consensus(pred, cam0FromCamV, CENTRE, 0);
        for (int v = 0; v < 3; v++) assertTrue(tri[v].maxAbsDiff(t[v]) < 1e-6, "view " + v + ": " + tri[v] + " vs " + t[v]);
        // The averaged consensus keeps a mean depth error; the default λ keeps a little of it.
        double averaged = centreError(CoarseModel.consensus(pred, cam0FromCamV)[0], t[0]);
        double weighted = centreError(CentreTriangulation.consensus(pred, cam0FromCamV, CENTRE, CentreTriangulation.depthWeight(750))[0], t[0]);
        assertTrue(averaged > 10, "averaged: " + averaged);
        assertTrue(weighted < 0.2 * averaged, "triangulated with the default λ: " + weighted + " vs averaged " + averaged);
    }

    @Test
    void depthWeightOneAveragesThePredictedCentresAndOneViewKeepsItsOwn() {
        Rigid[] t = truth(ap);
        Rigid[] pred = {t[0].compose(Rigid.translation(6, 0, 0)), t[1].compose(Rigid.translation(0, -9, 0)), t[2].compose(Rigid.translation(0, 0, 12))};
        Rigid[] tri = CentreTriangulation.consensus(pred, cam0FromCamV, CENTRE, 1);
        double[] mean = new double[3];
        for (int v = 0; v < 3; v++) {
            double[] x = cam0FromCamV[v].apply(pred[v].inverse().apply(CENTRE));
            for (int k = 0; k < 3; k++) mean[k] += x[k] / 3;
        }
        assertArrayEquals(mean, tri[0].inverse().apply(CENTRE), 1e-9);
        Rigid one = CentreTriangulation.consensus(new Rigid[] {pred[1]}, new Rigid[] {Rigid.identity()}, CENTRE, CentreTriangulation.depthWeight(750))[0];
        assertTrue(one.maxAbsDiff(pred[1]) < 1e-9);
        assertEquals(Math.pow(100.0 / 750, 2), CentreTriangulation.depthWeight(750), 1e-15);
    }

    private static double centreError(Rigid a, Rigid b) {
        double[] p = a.inverse().apply(CENTRE), q = b.inverse().apply(CENTRE);
        return Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    }
}
