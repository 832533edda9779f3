package org.crossview.notebook.exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.CrossViewPoseTerm;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.ImageTerms;
import org.crossview.loss.PoseDistance;
import org.crossview.loss.PoseDistances;
import org.crossview.loss.Similarities;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;

/**
 * Checks of the cross-view exercises (DESIGN.md §4). Pose term: mean over pairs i &lt; j of d(T̂_j, T̂_i·C_ij) with
 * C_ij = camRefFromCam_i⁻¹·camRefFromCam_j; answers: 0 for predictions that agree with the C-arm geometry, |δ| for one
 * prediction moved by δ, and the library's {@link CrossViewPoseTerm} on random poses. Image term: mean over ordered
 * pairs i ≠ j of 1 − S(image_j, DRR_j(T̂_i·C_ij)); answers: 1 − S(image_j, image_j) at the true poses, and the
 * library's {@link ImageTerms} on perturbed ones.
 */
final class CrossViewChecks {
    private CrossViewChecks() {}

    static void pose(Exercises.CrossViewPose student) {
        Random random = new Random(17);
        Rigid[] camRefFromCam = new Rigid[3];
        for (int v = 0; v < 3; v++) camRefFromCam[v] = v == 0 ? Rigid.identity() : randomPose(random, 0.5, 300);
        Rigid truth = randomPose(random, 1, 200);
        Rigid[] consistent = new Rigid[3];
        for (int v = 0; v < 3; v++) consistent[v] = truth.compose(camRefFromCam[v]);
        String call = "crossViewPose(predicted, camRefFromCam, distance)";
        for (PoseDistance d : List.of(PoseDistances.logSe3(), PoseDistances.doubleGeodesic(1020))) {
            Expect.near(call + " for predictions that agree with the C-arm geometry (" + d.name() + ")", 0,
                    Expect.call(call, () -> student.crossViewPose(consistent, camRefFromCam, d)), 1e-6,
                    "view i's prediction implies view j's pose T̂_i·C_ij with C_ij = camRefFromCam_i⁻¹·camRefFromCam_j");
        }
        double[] deltaMm = {3, -4, 12};
        Rigid[] twoViews = {consistent[0], consistent[1].compose(Rigid.translation(deltaMm[0], deltaMm[1], deltaMm[2]))};
        Rigid[] twoCams = {camRefFromCam[0], camRefFromCam[1]};
        Expect.near(call + " with two views, view 1's prediction moved 13 mm along its own camera axes (translation distance)", 13,
                Expect.call(call, () -> student.crossViewPose(twoViews, twoCams, PoseDistances.translation())), 1e-6, null);
        for (int trial = 0; trial < 3; trial++) {
            Rigid[] predicted = new Rigid[3];
            for (int v = 0; v < 3; v++) predicted[v] = consistent[v].compose(randomPose(random, 0.1, 10));
            for (PoseDistance d : List.of(PoseDistances.logSe3(), PoseDistances.doubleGeodesic(1020))) {
                double expected = new CrossViewPoseTerm(d).evaluate(dummyViews(camRefFromCam), predicted).value();
                Expect.near(call + " for 3 views with perturbed predictions (trial " + (trial + 1) + ", " + d.name() + ", library CrossViewPoseTerm)",
                        expected, Expect.call(call, () -> student.crossViewPose(predicted, camRefFromCam, d)), 1e-6 * (1 + expected),
                        "take the MEAN over the unordered pairs i < j of d(T̂_j, T̂_i·C_ij)");
            }
        }
        Expect.pass("0 for consistent predictions, 13 mm for a known offset, and 3 random cases against the library");
    }

    static void image(Exercises.CrossViewImage student) {
        try (CpuRenderer renderer = new CpuRenderer(ExerciseScene.blobs(), new RenderSettings(1.0))) {
            Rigid[] truth = ExerciseScene.trueVolFromCams();
            List<CaseView> views = ExerciseScene.views(renderer, truth);
            ImageSimilarity similarity = Similarities.mncc();
            String call = "crossViewImage(renderer, views, predicted, similarity)";
            double atTruth = 0;
            for (CaseView v : views) atTruth += (1 - similarity.value(v.image(), v.image(), null)) / views.size();
            Expect.near(call + " at the true poses (mean of 1 − S(image_j, image_j))", atTruth,
                    Expect.call(call, () -> student.crossViewImage(renderer, views, truth, similarity)), 1e-6,
                    "at the true poses every implied pose T̂_i·C_ij is view j's true pose, so each DRR equals image j");
            ImageTerms library = new ImageTerms(renderer, similarity);
            Random random = new Random(18);
            for (int trial = 0; trial < 2; trial++) {
                Rigid[] predicted = new Rigid[truth.length];
                for (int v = 0; v < truth.length; v++) predicted[v] = truth[v].compose(randomPose(random, 0.02, 6));
                ImageTerms.Result expected = library.evaluate(views, predicted, true, true);
                double got = Expect.call(call, () -> student.crossViewImage(renderer, views, predicted, similarity));
                String hint = Math.abs(got - expected.image().value()) < 1e-9
                        ? "that is the image term: render view j at the pose implied by view i's prediction, T̂_i·C_ij, for every ordered pair i ≠ j"
                        : "mean over ordered pairs i ≠ j of 1 − S(image_j, DRR_j(T̂_i·C_ij)), C_ij = camRefFromCam_i⁻¹·camRefFromCam_j";
                Expect.near(call + " for perturbed predictions (trial " + (trial + 1) + ", library ImageTerms)", expected.crossImage().value(), got,
                        1e-5, hint);
            }
        }
        Expect.pass("the true poses give 1 − S(image, image), and 2 perturbed cases match the library");
    }

    static void mtre(Exercises.Mtre student) {
        Random random = new Random(19);
        List<double[]> landmarks = new ArrayList<>();
        for (int n = 0; n < 8; n++) landmarks.add(RenderChecks.gaussians(random, 3, 60));
        Rigid truth = ExerciseScene.lookAt(0.2, -0.4, 0.1);
        String call = "mtre(trueVolFromCam, estimatedVolFromCam, landmarks)";
        Expect.near(call + " with the estimate equal to the truth", 0, Expect.call(call, () -> student.mtre(truth, truth, landmarks)), 1e-9, null);
        double angleRad = Math.toRadians(2);
        Rigid turned = truth.compose(Rigid.exp(0, 0, angleRad, 0, 0, 0)); // 2° about the beam axis (the camera's z)
        double expected = 0;
        for (double[] x : landmarks) {
            double[] c = truth.inverse().apply(x);
            expected += 2 * Math.sin(angleRad / 2) * Math.hypot(c[0], c[1]) / landmarks.size();
        }
        Expect.near(call + " for an estimate turned 2° about the beam axis (analytic: mean of 2·sin(1°)·(distance from the axis))", expected,
                Expect.call(call, () -> student.mtre(truth, turned, landmarks)), 1e-6,
                "compare the landmarks in the CAMERA frame: T⁻¹·X with T = volFromCam");
        Camera camera = ExerciseScene.camera();
        for (int trial = 0; trial < 3; trial++) {
            Rigid estimate = truth.compose(randomPose(random, 0.05, 10));
            double library = org.crossview.eval.RegistrationMetrics.compute(camera, truth, estimate, landmarks).mTreMm();
            Expect.near(call + " for a random estimate (trial " + (trial + 1) + ", library RegistrationMetrics)", library,
                    Expect.call(call, () -> student.mtre(truth, estimate, landmarks)), 1e-6 * (1 + library),
                    "the MEAN over landmarks of ‖T_gt⁻¹·X − T_est⁻¹·X‖");
        }
        Expect.pass("0 at the truth, the analytic in-plane rotation, and 3 random estimates against the library");
    }

    /** exp of a random ξ with rotation sd {@code rotationRad} and translation sd {@code translationMm}. */
    static Rigid randomPose(Random random, double rotationRad, double translationMm) {
        return Rigid.exp(rotationRad * random.nextGaussian(), rotationRad * random.nextGaussian(), rotationRad * random.nextGaussian(),
                translationMm * random.nextGaussian(), translationMm * random.nextGaussian(), translationMm * random.nextGaussian());
    }

    /** Views that carry only their geometry (the pose term reads nothing else). */
    private static List<CaseView> dummyViews(Rigid[] camRefFromCam) {
        List<CaseView> views = new ArrayList<>();
        Camera camera = Camera.centred(1, 1, 1, 1, 1000);
        for (int v = 0; v < camRefFromCam.length; v++) views.add(new CaseView("view " + v, camera, new Image(1, 1), null, camRefFromCam[v]));
        return views;
    }
}
