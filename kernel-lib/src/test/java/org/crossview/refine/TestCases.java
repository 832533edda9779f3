package org.crossview.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.Renderer;

/** Geometry for refinement tests: a DeepFluoro-like AP pose and C-arm rotations about the patient's long axis. */
final class TestCases {
    private TestCases() {}

    static final double SOURCE_TO_ISO_MM = 750;

    /**
     * AP pose (DESIGN.md §2): source posterior, camera +x = patient left (L), +y = inferior (−S), +z = posterior
     * (towards the source); the volume origin sits on the principal ray 750 mm from the source.
     */
    static Rigid apVolFromCam() {
        return Rigid.of(new double[] {1, 0, 0, 0, 0, 1, 0, -1, 0}, new double[] {0, SOURCE_TO_ISO_MM, 0});
    }

    /** The C-arm turned by angleRad about the volume's superior axis through the isocentre (the origin). */
    static Rigid carmVolFromCam(double angleRad) {
        return Rigid.rotation(new double[] {0, 0, 1}, angleRad).compose(apVolFromCam());
    }

    /** A small detector over DeepFluoro's 298 mm field, 1020 mm from the source. */
    static Camera camera(int size) {
        double spacing = 1536 * 0.194 / size;
        return Camera.centred(size, size, spacing, spacing, 1020);
    }

    /** Views at the given C-arm angles, the first one the reference; images rendered at the true pose, plus noise. */
    static List<CaseView> views(Renderer renderer, Rigid volFromCamRefTrue, double[] anglesRad, int size, double noiseSd, long seed) {
        Random random = new Random(seed);
        Camera camera = camera(size);
        List<CaseView> views = new ArrayList<>();
        Rigid ref = null;
        for (int i = 0; i < anglesRad.length; i++) {
            // The case's true volFromCam_v: the reference pose with the C-arm turned about the volume's S axis.
            Rigid carm = Rigid.rotation(new double[] {0, 0, 1}, anglesRad[i] - anglesRad[0]);
            Rigid volFromCam = carm.compose(volFromCamRefTrue);
            if (ref == null) ref = volFromCam;
            Image drr = renderer.render(camera, volFromCam);
            float[] d = drr.data();
            for (int p = 0; p < d.length; p++) d[p] += (float) (noiseSd * random.nextGaussian());
            views.add(new CaseView("view" + i, camera, drr, null, CaseView.camRefFromCam(ref, volFromCam)));
        }
        return views;
    }

    /** 3D mTRE (DESIGN.md §7): mean over points of ‖T_gt⁻¹X − T_est⁻¹X‖ in the camera frame, mm. */
    static double mtre(Rigid volFromCamTrue, Rigid volFromCamEstimate, double[][] pointsVol) {
        Rigid a = volFromCamTrue.inverse(), b = volFromCamEstimate.inverse();
        double s = 0;
        for (double[] x : pointsVol) {
            double[] p = a.apply(x), q = b.apply(x);
            s += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        }
        return s / pointsVol.length;
    }

    static double[][] landmarks() {
        return new double[][] {{-60, 10, 15}, {55, 5, 20}, {-30, -25, -40}, {35, -20, -45}, {10, 30, 50}, {0, 0, 0}};
    }

    /** Moves the pose by a rotation about the volume origin and a translation in the camera frame. */
    static Rigid perturb(Rigid volFromCam, double[] rotationVecRad, double[] translationCamMm) {
        double[] isoCam = volFromCam.inverse().apply(0, 0, 0);
        Rigid q = Rigid.translation(isoCam[0], isoCam[1], isoCam[2]);
        return volFromCam.compose(q).compose(Rigid.exp(rotationVecRad[0], rotationVecRad[1], rotationVecRad[2], 0, 0, 0))
                .compose(q.inverse()).compose(Rigid.translation(translationCamMm[0], translationCamMm[1], translationCamMm[2]));
    }
}
