package org.crossview.testing;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Test double, independent of the project's renderers: a volume of isotropic 3-D Gaussian blobs, whose line integrals
 * are analytic: the integral of A·exp(−|x − c|²/2σ²) along the whole line through the source and a pixel is
 * A·σ·√(2π)·exp(−d²/2σ²), d the distance from c to the line. Its pose gradient is a double-precision central
 * difference of that smooth formula, so loss chains built on it can be checked tightly against finite differences.
 */
public final class BlobRenderer implements Renderer {
    /** Blobs: {cx, cy, cz, sigma, amplitude} in the volume frame (mm, 1/mm). */
    private final double[][] blobs;
    private final double rotationStepRad, translationStepMm; // central-difference steps of the pose gradient

    public BlobRenderer(double[][] blobs, double rotationStepRad, double translationStepMm) {
        this.blobs = blobs;
        this.rotationStepRad = rotationStepRad;
        this.translationStepMm = translationStepMm;
    }

    /** Five blobs ~20 mm across, for 16² views from ~300 mm ({@link #camera}, {@link #lookAt}). */
    public static BlobRenderer standard() {
        return new BlobRenderer(new double[][] {
            {0, 0, 0, 9, 0.02}, {8, -5, 3, 4, 0.05}, {-7, 6, -2, 5, 0.04}, {3, 9, 7, 3, 0.06}, {-4, -8, 5, 3.5, 0.05}}, 1e-6, 1e-6);
    }

    /** An asymmetric constellation of eight blobs, ~100 mm across, around the volume origin. */
    public static BlobRenderer pelvisLike() {
        return new BlobRenderer(new double[][] {
            {0, 0, 0, 18, 0.010}, {-60, 10, 15, 10, 0.020}, {55, 5, 20, 12, 0.018}, {-30, -25, -40, 8, 0.030},
            {35, -20, -45, 9, 0.025}, {10, 30, 50, 14, 0.012}, {-15, 40, -10, 7, 0.035}, {70, -30, -5, 6, 0.040}}, 1e-5, 1e-3);
    }

    public double[][] blobs() {
        return blobs;
    }

    public static Camera camera() {
        return Camera.centred(16, 16, 4.5, 4.5, 450);
    }

    /** A camera whose source sits {@code distanceMm} from the origin, oriented by exp(ω). */
    public static Rigid lookAt(double distanceMm, double... omega) {
        return Rigid.exp(omega[0], omega[1], omega[2], 0, 0, 0).compose(Rigid.translation(0, 0, distanceMm));
    }

    public double[] renderDouble(Camera cam, Rigid volFromCam) {
        double[] out = new double[cam.cols() * cam.rows()];
        double[] s = volFromCam.apply(0, 0, 0);
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[] d = volFromCam.applyToDirection(cam.detectorPoint(u, v));
                double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double sum = 0;
                for (double[] b : blobs) {
                    double wx = b[0] - s[0], wy = b[1] - s[1], wz = b[2] - s[2];
                    double t = (wx * d[0] + wy * d[1] + wz * d[2]) / n;
                    double d2 = wx * wx + wy * wy + wz * wz - t * t;
                    sum += b[4] * b[3] * Math.sqrt(2 * Math.PI) * Math.exp(-d2 / (2 * b[3] * b[3]));
                }
                out[v * cam.cols() + u] = sum;
            }
        }
        return out;
    }

    @Override
    public Image[] render(Camera camera, Rigid[] volFromCam) {
        Image[] out = new Image[volFromCam.length];
        for (int p = 0; p < out.length; p++) {
            double[] d = renderDouble(camera, volFromCam[p]);
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            out[p] = new Image(camera.cols(), camera.rows(), f);
        }
        return out;
    }

    @Override
    public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
        double[][] g = new double[volFromCam.length][6];
        for (int p = 0; p < volFromCam.length; p++) {
            float[] w = dLossdImage[p].data();
            for (int k = 0; k < 6; k++) {
                double h = k < 3 ? rotationStepRad : translationStepMm;
                double[] xi = new double[6];
                xi[k] = h;
                double[] up = renderDouble(camera, volFromCam[p].perturbRight(xi));
                xi[k] = -h;
                double[] dn = renderDouble(camera, volFromCam[p].perturbRight(xi));
                double s = 0;
                for (int i = 0; i < w.length; i++) s += w[i] * (up[i] - dn[i]);
                g[p][k] = s / (2 * h);
            }
        }
        return g;
    }

    @Override
    public String name() {
        return "test-blobs";
    }
}
