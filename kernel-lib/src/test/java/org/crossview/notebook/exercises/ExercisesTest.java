package org.crossview.notebook.exercises;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.CrossViewPoseTerm;
import org.crossview.loss.GlobalNcc;
import org.crossview.loss.ImageTerms;
import org.crossview.loss.RefinementObjective;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.junit.jupiter.api.Test;

/**
 * Each checker accepts the library's own function (or the DESIGN.md formula where the library has no single
 * function for the step) and rejects plausible wrong answers with a message that names what is wrong.
 */
class ExercisesTest {

    @Test
    void projectionAcceptsTheCameraAndRejectsDividingByMinusZ() {
        Exercises.checkProjection((k, x) -> Camera.fromIntrinsic(k, 1, 1, 1000).project(x));
        rejects(() -> Exercises.checkProjection((k, x) -> new double[] {k[0] * x[0] / -x[2] + k[2], k[4] * x[1] / -x[2] + k[5]}), "project(K, X)");
    }

    @Test
    void binningAcceptsTheCameraAndRejectsUnscaledOrUnshiftedK() {
        Exercises.checkBinnedIntrinsics((k, b) -> Camera.fromIntrinsic(k, 1536, 1536, 1020).binned(b).intrinsic());
        rejects(() -> Exercises.checkBinnedIntrinsics((k, b) -> k.clone()), "fx");
        rejects(() -> Exercises.checkBinnedIntrinsics((k, b) -> new double[] {k[0] / b, 0, k[2] / b, 0, k[4] / b, k[5] / b, 0, 0, 1}), "cx");
    }

    @Test
    void lineIntegralAcceptsTheRendererAndRejectsAMissingStep() {
        Exercises.LineIntegral renderer = (mu, camera, volFromCam, u, v, stepMm) -> {
            try (CpuRenderer cpu = new CpuRenderer(mu, new RenderSettings(stepMm))) {
                return cpu.render(camera.cropped(u, v, 1, 1), volFromCam).get(0, 0);
            }
        };
        Exercises.checkLineIntegral(renderer);
        rejects(() -> Exercises.checkLineIntegral((mu, c, t, u, v, step) -> renderer.lineIntegral(mu, c, t, u, v, step) / step), "lineIntegral");
    }

    @Test
    void nccAcceptsTheLibraryAndRejectsCosineSimilarity() {
        Exercises.checkNcc((a, b) -> new GlobalNcc(0).value(image(a), image(b), null));
        rejects(() -> Exercises.checkNcc((a, b) -> {
            double ab = 0, aa = 0, bb = 0;
            for (int i = 0; i < a.length; i++) {
                ab += a[i] * b[i];
                aa += a[i] * a[i];
                bb += b[i] * b[i];
            }
            return ab / Math.sqrt(aa * bb);
        }), "ncc(a, 2a + 3) should be 1");
    }

    @Test
    void nccGradientAcceptsTheLibraryAndRejectsAFlippedSignOrAMissingTerm() {
        Exercises.checkNccGradient(ExercisesTest::libraryNccGradient);
        rejects(() -> Exercises.checkNccGradient((a, b) -> scale(libraryNccGradient(a, b), -1)), "finite differences");
        rejects(() -> Exercises.checkNccGradient((a, b) -> { // drops −NCC·(b_i − b̄)/var b
            double ma = mean(a), sd = Math.sqrt(variance(a) * variance(b));
            double[] g = new double[a.length];
            for (int i = 0; i < a.length; i++) g[i] = (a[i] - ma) / sd / a.length;
            return g;
        }), "finite differences");
    }

    @Test
    void rayGradientAcceptsTheDesignFormulaAndRejectsAnUnrotatedGradient() {
        Exercises.checkRayGradient((t, p, m, step) -> rayGradient(t, p, m, step, true));
        rejects(() -> Exercises.checkRayGradient((t, p, m, step) -> rayGradient(t, p, m, step, false)), "finite differences");
    }

    @Test
    void crossViewPoseAcceptsTheLibraryAndRejectsAnInvertedRelativeTransform() {
        Exercises.checkCrossViewPose((predicted, cams, d) -> new CrossViewPoseTerm(d).evaluate(geometryOnly(cams), predicted).value());
        rejects(() -> Exercises.checkCrossViewPose((predicted, cams, d) -> {
            double sum = 0;
            for (int i = 0; i < predicted.length; i++) for (int j = i + 1; j < predicted.length; j++) {
                sum += d.evaluate(predicted[j], predicted[i].compose(cams[j].inverse().compose(cams[i]))).value(); // C_ji, not C_ij
            }
            return sum / (predicted.length * (predicted.length - 1) / 2.0);
        }), "agree with the C-arm geometry");
    }

    @Test
    void crossViewImageAcceptsTheLibraryAndRejectsThePlainImageTerm() {
        Exercises.checkCrossViewImage((r, views, predicted, s) -> new ImageTerms(r, s).evaluate(views, predicted, false, true).crossImage().value());
        AssertionError e = rejects(() -> Exercises.checkCrossViewImage((r, views, predicted, s) ->
                new ImageTerms(r, s).evaluate(views, predicted, true, false).image().value()), "library ImageTerms");
        assertTrue(e.getMessage().contains("that is the image term"), e.getMessage());
    }

    @Test
    void mtreAcceptsTheLibraryAndRejectsTheVolumeFrame() {
        Camera camera = ExerciseScene.camera();
        Exercises.checkMtre((truth, estimate, landmarks) -> RegistrationMetrics.compute(camera, truth, estimate, landmarks).mTreMm());
        rejects(() -> Exercises.checkMtre((truth, estimate, landmarks) -> { // T·X instead of T⁻¹·X
            double sum = 0;
            for (double[] x : landmarks) {
                double[] a = truth.apply(x), b = estimate.apply(x);
                sum += Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
            }
            return sum / landmarks.size();
        }), "CAMERA frame");
    }

    @Test
    void refinementStepAcceptsTheLibraryGradientAndRejectsAMissingAdjointOrAnAscent() {
        Exercises.checkRefinementStep((r, views, pose, s, rotationRate, translationRate) ->
                step(pose, new RefinementObjective(r, s).evaluate(views, pose).gradient(), rotationRate, translationRate));
        rejects(() -> Exercises.checkRefinementStep((r, views, pose, s, rotationRate, translationRate) ->
                step(pose, scale(new RefinementObjective(r, s).evaluate(views, pose).gradient(), -1), rotationRate, translationRate)), "finite differences");
        rejects(() -> Exercises.checkRefinementStep((r, views, pose, s, rotationRate, translationRate) -> {
            double[] g = new double[6]; // each view's gradient summed as if it were the reference pose's
            for (CaseView v : views) {
                Image drr = r.render(v.camera(), v.volFromCam(pose));
                float[] d = new float[drr.data().length];
                s.lossAndGradient(v.image(), drr, null, d);
                for (int k = 0; k < d.length; k++) d[k] /= views.size();
                double[] gv = r.poseGradient(v.camera(), new Rigid[] {v.volFromCam(pose)}, new Image[] {new Image(drr.cols(), drr.rows(), d)})[0];
                for (int k = 0; k < 6; k++) g[k] += gv[k];
            }
            return step(pose, g, rotationRate, translationRate);
        }), "∂L/∂ξ implied by your step");
    }

    private static AssertionError rejects(Runnable check, String messagePart) {
        AssertionError e = assertThrows(AssertionError.class, check::run);
        assertTrue(e.getMessage().contains(messagePart), "message should mention '" + messagePart + "': " + e.getMessage());
        return e;
    }

    private static Rigid step(Rigid pose, double[] gradient, double rotationRate, double translationRate) {
        double[] xi = new double[6];
        for (int k = 0; k < 6; k++) xi[k] = -(k < 3 ? rotationRate : translationRate) * gradient[k];
        return pose.perturbRight(xi);
    }

    /** DESIGN.md §3: ∂I/∂ω = Δ·Σ p × g, ∂I/∂v = Δ·Σ g with g = Rᵀ∇μ (or, wrongly, g = ∇μ). */
    private static double[] rayGradient(Rigid volFromCam, double[][] p, double[][] gradMu, double step, boolean rotate) {
        Rigid camFromVolRotation = Rigid.of(volFromCam.rotation(), new double[3]).inverse();
        double[] out = new double[6];
        for (int k = 0; k < p.length; k++) {
            double[] g = rotate ? camFromVolRotation.applyToDirection(gradMu[k]) : gradMu[k];
            double[] c = {p[k][1] * g[2] - p[k][2] * g[1], p[k][2] * g[0] - p[k][0] * g[2], p[k][0] * g[1] - p[k][1] * g[0]};
            for (int i = 0; i < 3; i++) {
                out[i] += step * c[i];
                out[3 + i] += step * g[i];
            }
        }
        return out;
    }

    private static double[] libraryNccGradient(double[] a, double[] b) {
        float[] g = new float[a.length];
        new GlobalNcc(0).evaluate(image(a), image(b), null, g);
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) out[i] = g[i];
        return out;
    }

    private static List<CaseView> geometryOnly(Rigid[] camRefFromCam) {
        List<CaseView> views = new ArrayList<>();
        for (Rigid c : camRefFromCam) views.add(new CaseView("v", Camera.centred(1, 1, 1, 1, 1000), new Image(1, 1), null, c));
        return views;
    }

    private static Image image(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return new Image(x.length, 1, f);
    }

    private static double[] scale(double[] x, double s) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] *= s;
        return y;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / x.length;
    }
}
