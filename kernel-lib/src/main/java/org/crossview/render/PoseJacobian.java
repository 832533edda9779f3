package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Pivot;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * What each pose parameter does to a DRR: the six columns of the per-pixel Jacobian ∂I(u,v)/∂ξ as images, for
 * a perturbation about a {@link Pivot} (rotations about axes through the pivot parallel to the camera axes,
 * translations along them), scaled to one degree and one millimetre. Built on {@link CpuRenderer#jacobian}:
 * meant for pictures and small images.
 */
public final class PoseJacobian {
    private PoseJacobian() {}

    /** Names of the six parameters, in order. */
    public static final String[] NAMES = {"rx", "ry", "rz", "tx", "ty", "tz"};
    /** What each parameter is, in words. */
    public static final String[] MEANINGS = {
        "rotation about camera x (image columns)", "rotation about camera y (image rows)", "rotation about the beam (in-plane)",
        "translation along image columns", "translation along image rows", "translation in depth (towards the source)"};
    /** Units of the images: change of the line integral per degree or per millimetre. */
    public static final String[] UNITS = {"/deg", "/deg", "/deg", "/mm", "/mm", "/mm"};

    /** Image k = ∂I/∂ξ_k about the pivot, per degree (k < 3) or per millimetre (k ≥ 3). */
    public static Image[] images(CpuRenderer renderer, Camera camera, Rigid volFromCam, Pivot pivot) {
        double[][] jac = renderer.jacobian(camera, volFromCam);
        int n = camera.cols() * camera.rows();
        float[][] out = new float[6][n];
        double perDeg = Math.PI / 180;
        for (int p = 0; p < n; p++) {
            double[] g = pivot.gradient(jac[p]);
            for (int k = 0; k < 6; k++) out[k][p] = (float) (k < 3 ? g[k] * perDeg : g[k]);
        }
        Image[] images = new Image[6];
        for (int k = 0; k < 6; k++) images[k] = new Image(camera.cols(), camera.rows(), out[k]);
        return images;
    }

    /** Root-mean-square over the pixels of each image: how strongly the parameter changes the DRR overall. */
    public static double[] rms(Image[] images) {
        double[] out = new double[images.length];
        for (int k = 0; k < images.length; k++) {
            double s = 0;
            for (float x : images[k].data()) s += (double) x * x;
            out[k] = Math.sqrt(s / images[k].data().length);
        }
        return out;
    }
}
