package org.crossview.loss;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Test renderer with closed-form DRRs of isotropic Gaussian blobs: the integral of A·exp(−|x − c|²/2σ²)
 * along the whole line through the source and a pixel is A·σ·√(2π)·exp(−d²/2σ²), d the distance from c to the
 * line. Its pose gradient is a double-precision central difference (h = 1e-6) of that smooth formula, so
 * the loss chain built on it can be checked tightly against finite differences of the whole loss.
 */
final class BlobRenderer implements Renderer {
    /** Blobs: {cx, cy, cz, sigma, amplitude} in the volume frame (mm, 1/mm). */
    private final double[][] blobs;

    BlobRenderer(double[][] blobs) {
        this.blobs = blobs;
    }

    static BlobRenderer standard() {
        return new BlobRenderer(new double[][] {
            {0, 0, 0, 9, 0.02}, {8, -5, 3, 4, 0.05}, {-7, 6, -2, 5, 0.04}, {3, 9, 7, 3, 0.06}, {-4, -8, 5, 3.5, 0.05}});
    }

    double[][] blobsForTest() {
        return blobs;
    }

    static Camera camera() {
        return Camera.centred(16, 16, 4.5, 4.5, 450);
    }

    /** A camera whose source sits {@code distanceMm} from the origin, oriented by exp(ω). */
    static Rigid lookAt(double distanceMm, double... omega) {
        return Rigid.exp(omega[0], omega[1], omega[2], 0, 0, 0).compose(Rigid.translation(0, 0, distanceMm));
    }

    double[] renderDouble(Camera cam, Rigid pose) {
        double[] out = new double[cam.cols() * cam.rows()];
        double[] s = pose.apply(0, 0, 0);
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[] p = pose.apply(cam.detectorPoint(u, v));
                double[] d = {p[0] - s[0], p[1] - s[1], p[2] - s[2]};
                double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double sum = 0;
                for (double[] b : blobs) {
                    double[] w = {b[0] - s[0], b[1] - s[1], b[2] - s[2]};
                    double t = (w[0] * d[0] + w[1] * d[1] + w[2] * d[2]) / n;
                    double d2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2] - t * t;
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
        double h = 1e-6;
        for (int p = 0; p < volFromCam.length; p++) {
            float[] w = dLossdImage[p].data();
            for (int k = 0; k < 6; k++) {
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
