package org.crossview.refine;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Test double: a volume made of isotropic 3D Gaussian blobs, whose line integrals are analytic
 * (a·√(2π)·σ·exp(−d²/2σ²), d = distance from the blob centre to the ray's line). Independent of the
 * project's renderers; its pose gradient is a central finite difference of the analytic images.
 */
final class BlobRenderer implements Renderer {
    private final double[][] centres; // volume LPS mm
    private final double[] sigmas;
    private final double[] amplitudes;
    int renderCalls;

    BlobRenderer(double[][] centres, double[] sigmas, double[] amplitudes) {
        this.centres = centres;
        this.sigmas = sigmas;
        this.amplitudes = amplitudes;
    }

    /** An asymmetric constellation of blobs, ~100 mm across, around the volume origin. */
    static BlobRenderer pelvisLike() {
        double[][] c = {
            {0, 0, 0}, {-60, 10, 15}, {55, 5, 20}, {-30, -25, -40}, {35, -20, -45}, {10, 30, 50}, {-15, 40, -10}, {70, -30, -5}};
        double[] s = {18, 10, 12, 8, 9, 14, 7, 6};
        double[] a = {0.010, 0.020, 0.018, 0.030, 0.025, 0.012, 0.035, 0.040};
        return new BlobRenderer(c, s, a);
    }

    double[] renderDouble(Camera camera, Rigid volFromCam) {
        int cols = camera.cols(), rows = camera.rows();
        double[] out = new double[cols * rows];
        double[] src = volFromCam.apply(0, 0, 0);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double[] d = volFromCam.applyToDirection(camera.detectorPoint(u, v));
                double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double s = 0;
                for (int b = 0; b < sigmas.length; b++) {
                    double ex = centres[b][0] - src[0], ey = centres[b][1] - src[1], ez = centres[b][2] - src[2];
                    double along = (ex * d[0] + ey * d[1] + ez * d[2]) / n;
                    double dist2 = ex * ex + ey * ey + ez * ez - along * along;
                    s += amplitudes[b] * Math.sqrt(2 * Math.PI) * sigmas[b] * Math.exp(-dist2 / (2 * sigmas[b] * sigmas[b]));
                }
                out[v * cols + u] = s;
            }
        }
        return out;
    }

    @Override
    public Image[] render(Camera camera, Rigid[] volFromCam) {
        renderCalls++;
        Image[] out = new Image[volFromCam.length];
        for (int p = 0; p < volFromCam.length; p++) {
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
                double h = k < 3 ? 1e-5 : 1e-3;
                double[] xi = new double[6];
                xi[k] = h;
                double[] plus = renderDouble(camera, volFromCam[p].perturbRight(xi));
                xi[k] = -h;
                double[] minus = renderDouble(camera, volFromCam[p].perturbRight(xi));
                double s = 0;
                for (int i = 0; i < w.length; i++) s += w[i] * (plus[i] - minus[i]) / (2 * h);
                g[p][k] = s;
            }
        }
        return g;
    }

    @Override
    public String name() {
        return "test-blobs";
    }
}
