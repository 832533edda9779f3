package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.crossview.geometry.Rigid;

/** Central finite differences of a scalar function of a pose (right perturbation, ω then v) and the check of a gradient against them. */
final class PoseDifferences {
    private PoseDifferences() {}

    /** ∂f/∂ξ by central differences: steps of 1e-7 rad and 1e-6 mm, far below a voxel, so kinks of an interpolated field are rarely straddled. */
    static double[] central(Rigid pose, ToDoubleFunction<Rigid> f) {
        double[] fd = new double[6];
        for (int c = 0; c < 6; c++) {
            double h = c < 3 ? 1e-7 : 1e-6;
            double[] xi = new double[6];
            xi[c] = h;
            double plus = f.applyAsDouble(pose.perturbRight(xi));
            xi[c] = -h;
            double minus = f.applyAsDouble(pose.perturbRight(xi));
            fd[c] = (plus - minus) / (2 * h);
        }
        return fd;
    }

    /** The gradient against the differences: within 1e-3 relative where a component is ≥ 1 % of the largest, else 1e-5 of the largest. */
    static void assertMatches(double[] fd, double[] gradient, String what) {
        double scale = 0;
        for (double x : fd) scale = Math.max(scale, Math.abs(x));
        assertTrue(scale > 0, what + ": the function should move");
        for (int c = 0; c < 6; c++) {
            System.out.printf("%s, component %d: gradient %.6e, finite difference %.6e%n", what, c, gradient[c], fd[c]);
            if (Math.abs(fd[c]) > 1e-2 * scale) {
                assertEquals(fd[c], gradient[c], 1e-3 * Math.abs(fd[c]), what + ", component " + c);
            } else {
                assertEquals(fd[c], gradient[c], 1e-5 * scale, what + ", component " + c + " (small)");
            }
        }
    }
}
