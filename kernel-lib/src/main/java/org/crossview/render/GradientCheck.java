package org.crossview.render;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * The renderer's pose gradient against central finite differences: for a weight image w,
 * f(ξ) = Σ_u w(u)·I_u(volFromCam·exp(ξ^)); the analytic ∂f/∂ξ is {@link Renderer#poseGradient} with w as
 * d(loss)/d(image), the numerical one (f(+h·e_k) − f(−h·e_k)) / 2h.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** Per parameter (ω then v): the analytic gradient, the central difference, and the step used. */
    public record Result(double[] analytic, double[] centralDifference, double[] step) {
        /** |analytic − central| / max(|analytic|, |central|) per parameter (0 when both are 0). */
        public double[] relativeError() {
            double[] e = new double[6];
            for (int k = 0; k < 6; k++) {
                double scale = Math.max(Math.abs(analytic[k]), Math.abs(centralDifference[k]));
                e[k] = scale == 0 ? 0 : Math.abs(analytic[k] - centralDifference[k]) / scale;
            }
            return e;
        }
    }

    /**
     * @param hRotRad  rotation step (rad); rotations are about the source, so keep h·(distance to the anatomy) well
     *                 under a voxel (1e-4 rad moves a point 750 mm away by 0.075 mm)
     * @param hTransMm translation step (mm)
     */
    public static Result check(Renderer renderer, Camera camera, Rigid volFromCam, Image weights, double hRotRad, double hTransMm) {
        if (!(hRotRad > 0) || !(hTransMm > 0)) throw new IllegalArgumentException("steps must be positive, got " + hRotRad + " rad and " + hTransMm + " mm");
        double[] analytic = renderer.poseGradient(camera, new Rigid[] {volFromCam}, new Image[] {weights})[0];
        Rigid[] poses = new Rigid[12];
        double[] step = new double[6];
        for (int k = 0; k < 6; k++) {
            step[k] = k < 3 ? hRotRad : hTransMm;
            double[] xi = new double[6];
            xi[k] = step[k];
            poses[2 * k] = volFromCam.perturbRight(xi);
            xi[k] = -step[k];
            poses[2 * k + 1] = volFromCam.perturbRight(xi);
        }
        Image[] drr = renderer.render(camera, poses);
        double[] fd = new double[6];
        for (int k = 0; k < 6; k++) fd[k] = (dot(weights, drr[2 * k]) - dot(weights, drr[2 * k + 1])) / (2 * step[k]);
        return new Result(analytic, fd, step);
    }

    /**
     * A smooth weight image (three random low-frequency waves), as a loss's d(loss)/d(image) might look; random
     * per-pixel signs would make the sums cancel and the comparison a test of float rounding.
     */
    public static Image smoothWeights(int cols, int rows, long seed) {
        Random rnd = new Random(seed);
        double[][] waves = new double[3][4];
        for (double[] w : waves) {
            w[0] = (rnd.nextDouble() * 3 + 0.5) * 2 * Math.PI / cols;
            w[1] = (rnd.nextDouble() * 3 + 0.5) * 2 * Math.PI / rows;
            w[2] = rnd.nextDouble() * 2 * Math.PI;
            w[3] = rnd.nextDouble() + 0.5;
        }
        float[] d = new float[cols * rows];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (double[] w : waves) s += w[3] * Math.sin(w[0] * u + w[1] * v + w[2]);
                d[v * cols + u] = (float) s;
            }
        }
        return new Image(cols, rows, d);
    }

    private static double dot(Image a, Image b) {
        float[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }
}
