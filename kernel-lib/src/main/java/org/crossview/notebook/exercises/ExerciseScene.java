package org.crossview.notebook.exercises;

import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * Small analytic scenes for the checkers, centred on the volume origin (0, 0, 0) LPS: a uniform ball (whose line
 * integral is known in closed form) and a few Gaussian blobs (no symmetry, so a wrong pose shows in the image), seen
 * by a 32×32 detector with the source {@value #SOURCE_TO_CENTRE_MM} mm from the centre. Built in milliseconds.
 */
final class ExerciseScene {
    static final double SOURCE_TO_CENTRE_MM = 500;
    static final double VOXEL_MM = 2.5;

    private ExerciseScene() {}

    /** 32×32 pixels of 4 mm, 1000 mm from the source: magnification 2 at the centre. */
    static Camera camera() {
        return Camera.centred(32, 32, 4, 4, 1000);
    }

    /** The camera turned by exp(ω) about the volume centre, its source {@value #SOURCE_TO_CENTRE_MM} mm away. */
    static Rigid lookAt(double... omega) {
        return Rigid.exp(omega[0], omega[1], omega[2], 0, 0, 0).compose(Rigid.translation(0, 0, SOURCE_TO_CENTRE_MM));
    }

    /** A ball of radius r (mm) and attenuation μ (per mm), its surface smoothed over one voxel (voxel size h mm). */
    static Volume ball(double radiusMm, double muPerMm, double voxelMm) {
        int n = (int) Math.ceil(2 * (radiusMm + 2 * voxelMm) / voxelMm) + 1;
        double half = (n - 1) / 2.0 * voxelMm;
        float[] data = new float[n * n * n];
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double x = i * voxelMm - half, y = j * voxelMm - half, z = k * voxelMm - half;
            double inside = (radiusMm + voxelMm / 2 - Math.sqrt(x * x + y * y + z * z)) / voxelMm;
            data[i + n * (j + n * k)] = (float) (muPerMm * Math.max(0, Math.min(1, inside)));
        }
        return new Volume(n, n, n, new double[] {voxelMm, voxelMm, voxelMm}, new double[] {-half, -half, -half}, data);
    }

    /** Gaussian blobs {x, y, z, σ, μ} (mm, per mm) on a 40³ grid of 2.5 mm. */
    static Volume blobs() {
        double[][] blobs = {{0, 0, 0, 14, 0.01}, {18, -10, 6, 6, 0.04}, {-15, 12, -4, 7, 0.03}, {6, 20, 14, 5, 0.05}, {-8, -18, 10, 6, 0.04}};
        int n = 40;
        double half = (n - 1) / 2.0 * VOXEL_MM;
        float[] data = new float[n * n * n];
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double x = i * VOXEL_MM - half, y = j * VOXEL_MM - half, z = k * VOXEL_MM - half, mu = 0;
            for (double[] b : blobs) {
                double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]) + (z - b[2]) * (z - b[2]);
                mu += b[4] * Math.exp(-d2 / (2 * b[3] * b[3]));
            }
            data[i + n * (j + n * k)] = (float) mu;
        }
        return new Volume(n, n, n, new double[] {VOXEL_MM, VOXEL_MM, VOXEL_MM}, new double[] {-half, -half, -half}, data);
    }

    /** The C-arm poses of three views (AP, then turned 30° and −25° about two axes through the centre). */
    static Rigid[] trueVolFromCams() {
        return new Rigid[] {lookAt(0.1, -0.05, 0.2), lookAt(0.1, 0.55, 0.2), lookAt(-0.35, -0.3, 0.25)};
    }

    /** The views of a case: images are DRRs at the true poses; view 0 is the reference camera. */
    static List<CaseView> views(Renderer renderer, Rigid[] trueVolFromCam) {
        Camera camera = camera();
        List<CaseView> views = new ArrayList<>();
        for (int v = 0; v < trueVolFromCam.length; v++) {
            Image drr = renderer.render(camera, trueVolFromCam[v]);
            views.add(new CaseView("view " + v, camera, drr, null, CaseView.camRefFromCam(trueVolFromCam[0], trueVolFromCam[v])));
        }
        return views;
    }
}
