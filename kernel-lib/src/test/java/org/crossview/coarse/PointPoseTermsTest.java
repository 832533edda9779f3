package org.crossview.coarse;

import org.crossview.geometry.CArm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

class PointPoseTermsTest {
    private final PointPoseTerms terms = PointPoseTerms.cube(new double[] {10, 20, 30}, 100);

    @Test
    void aPureTranslationGivesItsLength() {
        Rigid a = CArm.atIsocentre(new double[] {10, 20, 30}, 750).apVolFromCam();
        Rigid b = a.compose(Rigid.translation(3, 4, 0));
        assertEquals(5, terms.rmsDistance(a, b, 1, null, null), 1e-9);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rigid a = CArm.atIsocentre(new double[] {10, 20, 30}, 750).apVolFromCam().perturbRight(0.1, -0.2, 0.05, 5, -3, 20);
        Rigid b = CArm.atIsocentre(new double[] {10, 20, 30}, 750).apVolFromCam().perturbRight(-0.05, 0.1, 0.2, -10, 4, -8);
        double[] ga = new double[6], gb = new double[6];
        terms.rmsDistance(a, b, 2.0, ga, gb);
        double h = 1e-6;
        for (int k = 0; k < 6; k++) {
            double[] xi = new double[6];
            xi[k] = h;
            double[] mxi = new double[6];
            mxi[k] = -h;
            double fa = (terms.rmsDistance(a.perturbRight(xi), b, 1, null, null) - terms.rmsDistance(a.perturbRight(mxi), b, 1, null, null)) / (2 * h);
            double fb = (terms.rmsDistance(a, b.perturbRight(xi), 1, null, null) - terms.rmsDistance(a, b.perturbRight(mxi), 1, null, null)) / (2 * h);
            assertEquals(2 * fa, ga[k], 1e-5 * Math.max(1, Math.abs(fa)), "A component " + k);
            assertEquals(2 * fb, gb[k], 1e-5 * Math.max(1, Math.abs(fb)), "B component " + k);
        }
    }
}
