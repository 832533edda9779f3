package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.junit.jupiter.api.Test;

/** The composition order volFromCam_v = volFromCamRef · camRefFromCam_v, against hand-derived C-arm geometry. */
class ViewCompositionTest {

    @Test
    void carmRotationMatchesHandDerivedRelativeTransform() {
        double theta = Math.toRadians(30);
        Rigid ref = TestCases.apVolFromCam();
        Rigid viewTrue = TestCases.carmVolFromCam(theta);
        // By hand: the C-arm turns about the patient's S axis through the isocentre at (0,0,−750) of the reference
        // camera; S is the camera's −y, so in the reference camera frame view v is a rotation by −θ about +y there.
        Rigid byHand = Rigid.translation(0, 0, -750).compose(Rigid.rotation(new double[] {0, 1, 0}, -theta))
                .compose(Rigid.translation(0, 0, 750));
        Rigid computed = CaseView.camRefFromCam(ref, viewTrue);
        assertTrue(computed.maxAbsDiff(byHand) < 1e-9, () -> computed + " vs " + byHand);
        // View v's source in the reference camera: on the 750 mm circle about the isocentre.
        double[] source = computed.apply(0, 0, 0);
        assertArrayEquals(new double[] {-750 * Math.sin(theta), 0, 750 * (Math.cos(theta) - 1)}, source, 1e-9);
        // The refiner's composition reproduces the true pose of the view.
        CaseView v = new CaseView("v", TestCases.camera(8), new org.crossview.image.Image(8, 8), null, byHand);
        assertTrue(v.volFromCam(ref).maxAbsDiff(viewTrue) < 1e-9);
        // And a point on the isocentre projects to the principal point in both views.
        for (Rigid pose : new Rigid[] {ref, v.volFromCam(ref)}) {
            double[] px = TestCases.camera(8).project(pose.inverse().apply(0, 0, 0));
            assertArrayEquals(new double[] {3.5, 3.5}, px, 1e-9);
        }
    }
}
