package org.crossview.notebook.exercises;

import java.util.List;
import java.util.Random;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.RefinementObjective;
import org.crossview.loss.Similarities;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;

/**
 * Check of the refinement-step exercise (DESIGN.md §6): one gradient-descent step on the multi-view loss
 * L(ξ) = mean_v [1 − S(image_v, DRR_v(volFromCamRef·exp(ξ)·C_v))], returned as volFromCamRef·exp(−(α_ω·∂L/∂ω, α_v·∂L/∂v)).
 * The gradient the step implies is compared with central finite differences of L (rendered with the CPU renderer)
 * and with the library's {@link RefinementObjective}; the step must also lower the loss.
 */
final class RefinementChecks {
    private RefinementChecks() {}

    static void step(Exercises.RefinementStep student) {
        try (CpuRenderer renderer = new CpuRenderer(ExerciseScene.blobs(), new RenderSettings(1.0))) {
            List<CaseView> views = ExerciseScene.views(renderer, ExerciseScene.trueVolFromCams());
            ImageSimilarity similarity = Similarities.mncc();
            RefinementObjective objective = new RefinementObjective(renderer, similarity);
            Rigid start = ExerciseScene.trueVolFromCams()[0].compose(CrossViewChecks.randomPose(new Random(20), 0.01, 4));
            double[] expected = objective.evaluate(views, start).gradient();
            // Rates that make a small step (≈ 0.1° and 0.5 mm) whatever the gradient's size: the loss must then fall.
            double rotationRate = 0.002 / norm(expected, 0), translationRate = 0.5 / norm(expected, 3);
            String call = "refinementStep(renderer, views, volFromCamRef, similarity, rotationRate, translationRate)";
            Rigid next = Expect.call(call, () -> student.step(renderer, views, start, similarity, rotationRate, translationRate));
            double[] xi = start.inverse().compose(next).log();
            double[] implied = new double[6];
            for (int i = 0; i < 6; i++) implied[i] = -xi[i] / (i < 3 ? rotationRate : translationRate);
            double[] fd = new double[6];
            for (int i = 0; i < 6; i++) {
                double h = i < 3 ? 2e-4 : 0.05;
                double[] plus = new double[6], minus = new double[6];
                plus[i] = h;
                minus[i] = -h;
                fd[i] = (objective.evaluate(views, start.perturbRight(plus)).value() - objective.evaluate(views, start.perturbRight(minus)).value()) / (2 * h);
            }
            String hint = "the step is volFromCamRef·exp(−(rotationRate·∂L/∂ω, translationRate·∂L/∂v)); each view's renderer gradient g_v "
                    + "(at volFromCamRef·C_v) reaches the reference pose as Ad_{C_v⁻¹}ᵀ·g_v (Se3Tangents.adjointTranspose(C_v.inverse(), g_v)), averaged over views";
            byPart("∂L/∂ξ implied by your step, against central finite differences of the loss", fd, implied, 0.05, hint);
            byPart("∂L/∂ξ implied by your step, against the library's RefinementObjective", expected, implied, 1e-4, hint);
            double before = objective.evaluate(views, start).value(), after = objective.evaluate(views, next).value();
            if (!(after < before)) Expect.fail("the step should lower the loss, but it went from " + Expect.num(before) + " to " + Expect.num(after), hint);
            Expect.pass(String.format("your step implies the loss gradient (finite differences, library) and lowers the loss %.5f → %.5f", before, after));
        }
    }

    /** Rotation and translation parts compared separately, each to a tolerance relative to its own norm (their units differ). */
    private static void byPart(String what, double[] expected, double[] got, double relativeTolerance, String hint) {
        for (int from = 0; from < 6; from += 3) {
            Expect.near(what, java.util.Arrays.copyOfRange(Expect.XI, from, from + 3), java.util.Arrays.copyOfRange(expected, from, from + 3),
                    java.util.Arrays.copyOfRange(got, from, from + 3), relativeTolerance * norm(expected, from), hint);
        }
    }

    /** Norm of the rotation (from = 0) or translation (from = 3) part. */
    private static double norm(double[] g, int from) {
        return Math.sqrt(g[from] * g[from] + g[from + 1] * g[from + 1] + g[from + 2] * g[from + 2]);
    }
}
