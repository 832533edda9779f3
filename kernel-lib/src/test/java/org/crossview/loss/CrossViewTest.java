package org.crossview.loss;

import org.crossview.testing.BlobRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/** Cross-view geometry, the cross-view pose and image terms, the coarse loss and the refinement objective. */
class CrossViewTest {
    /** Three C-arm-like views about the origin, 25° and 50° apart, the first the reference. */
    static Rigid[] truePoses() {
        return new Rigid[] {
            BlobRenderer.lookAt(300, 0.05, -0.1, 0.02),
            BlobRenderer.lookAt(310, 0.05, -0.1 + Math.toRadians(25), 0.1),
            BlobRenderer.lookAt(290, -0.1, -0.1 + Math.toRadians(50), -0.05)};
    }

    static List<CaseView> views(Renderer r, Rigid[] truth, boolean masks) {
        Camera cam = BlobRenderer.camera();
        Image[] images = r.render(cam, truth);
        List<CaseView> out = new ArrayList<>();
        for (int v = 0; v < truth.length; v++) {
            Image mask = masks && v == 1 ? TestImages.mask(cam.cols(), cam.rows()) : null;
            out.add(new CaseView("v" + v, cam, images[v], mask, CaseView.camRefFromCam(truth[0], truth[v])));
        }
        return out;
    }

    static Rigid[] perturbed(Rigid[] poses, long seed, double rotRad, double transMm) {
        Random r = new Random(seed);
        Rigid[] out = new Rigid[poses.length];
        for (int v = 0; v < poses.length; v++) {
            double[] xi = new double[6];
            for (int k = 0; k < 6; k++) xi[k] = (k < 3 ? rotRad : transMm) * r.nextGaussian();
            out[v] = poses[v].perturbRight(xi);
        }
        return out;
    }

    /** Central differences of f over each view's right perturbation. */
    static double[][] numericGradient(Function<Rigid[], Double> f, Rigid[] poses, double hRot, double hTrans) {
        double[][] g = new double[poses.length][6];
        for (int v = 0; v < poses.length; v++) {
            for (int k = 0; k < 6; k++) {
                double h = k < 3 ? hRot : hTrans;
                double[] xi = new double[6];
                xi[k] = h;
                Rigid[] up = poses.clone(), dn = poses.clone();
                up[v] = poses[v].perturbRight(xi);
                xi[k] = -h;
                dn[v] = poses[v].perturbRight(xi);
                g[v][k] = (f.apply(up) - f.apply(dn)) / (2 * h);
            }
        }
        return g;
    }

    static void assertGradients(double[][] numeric, double[][] analytic, double relTol, String what) {
        double scale = 0;
        for (double[] row : numeric) for (double x : row) scale = Math.max(scale, Math.abs(x));
        assertTrue(scale > 0, what + ": gradient is zero");
        for (int v = 0; v < numeric.length; v++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(numeric[v][k], analytic[v][k], relTol * scale, what + ": view " + v + " component " + k);
            }
        }
    }

    @Test
    void relativeTransformsAgreeWithTheGeometry() {
        Rigid[] truth = truePoses();
        List<CaseView> views = views(BlobRenderer.standard(), truth, false);
        Rigid camFromWorld = Rigid.of(0, 0, 1, -150, -1, 0, 0, -3, 0, -1, 0, -630); // a C-arm calibration-like E
        double[] x = {12, -7, 20};
        for (int i = 0; i < 3; i++) {
            assertTrue(views.get(i).volFromCam(truth[0]).maxAbsDiff(truth[i]) < 1e-9);
            for (int j = 0; j < 3; j++) {
                Rigid c = CaseView.camIFromCamJ(views.get(i), views.get(j));
                // volFromCam_j = volFromCam_i · camIFromCamJ
                assertTrue(truth[i].compose(c).maxAbsDiff(truth[j]) < 1e-9, i + "," + j);
                // a volume point seen from camera j, mapped by camIFromCamJ, is the same point seen from camera i
                double[] inJ = truth[j].inverse().apply(x), inI = truth[i].inverse().apply(x), mapped = c.apply(inJ);
                for (int k = 0; k < 3; k++) assertEquals(inI[k], mapped[k], 1e-9);
                // and the data package's DeepFluoro form E·P_b⁻¹·P_a·E⁻¹ (camera a → camera b) agrees, with a = j, b = i
                Rigid pI = truth[i].compose(camFromWorld), pJ = truth[j].compose(camFromWorld);
                assertTrue(DeepFluoroGeometry.camBFromCamA(pJ, pI, camFromWorld).maxAbsDiff(c) < 1e-9);
            }
        }
    }

    @Test
    void crossViewPoseTermVanishesForConsistentPredictionsAndHasExactGradients() {
        Rigid[] truth = truePoses();
        List<CaseView> views = views(BlobRenderer.standard(), truth, false);
        // predictions wrong by a common reference error but mutually consistent: the term is 0
        Rigid wrongRef = truth[0].perturbRight(0.2, -0.1, 0.3, 15, -8, 20);
        Rigid[] consistent = new Rigid[3];
        for (int v = 0; v < 3; v++) consistent[v] = views.get(v).volFromCam(wrongRef);
        for (PoseDistance d : PoseDistancesTest.ALL) {
            CrossViewPoseTerm term = new CrossViewPoseTerm(d);
            assertEquals(0, term.evaluate(views, consistent).value(), 1e-6, d.name());
            Rigid[] pred = perturbed(truth, 5, 0.1, 10);
            TermValue t = term.evaluate(views, pred);
            assertTrue(t.value() > 0);
            assertGradients(numericGradient(p -> term.evaluate(views, p).value(), pred, 1e-6, 1e-5), t.gradient(), 1e-5, d.name());
        }
    }

    @Test
    void imageTermsMatchFiniteDifferences() {
        BlobRenderer r = BlobRenderer.standard();
        Rigid[] truth = truePoses();
        List<CaseView> views = views(r, truth, true);
        Rigid[] pred = perturbed(truth, 9, 0.02, 2);
        for (ImageSimilarity s : List.of(Similarities.ncc(), new PatchNcc(5), Similarities.mnccAndGradient())) {
            ImageTerms terms = new ImageTerms(r, s);
            ImageTerms.Result res = terms.evaluate(views, pred, true, true);
            assertTrue(res.image().value() > 1e-4 && res.crossImage().value() > 1e-4);
            assertGradients(numericGradient(p -> terms.evaluate(views, p, true, false).image().value(), pred, 1e-4, 1e-2),
                    res.image().gradient(), 2e-3, s.name() + " image term");
            assertGradients(numericGradient(p -> terms.evaluate(views, p, false, true).crossImage().value(), pred, 1e-4, 1e-2),
                    res.crossImage().gradient(), 2e-3, s.name() + " cross-view image term");
            // the cross term only sees consistency: with consistent predictions (even wrong ones) its DRRs are
            // those of the image term, so the two values agree
            Rigid wrongRef = truth[0].perturbRight(0.02, 0.01, -0.03, 2, 1, -3);
            Rigid[] consistent = new Rigid[3];
            for (int v = 0; v < 3; v++) consistent[v] = views.get(v).volFromCam(wrongRef);
            ImageTerms.Result c = terms.evaluate(views, consistent, true, true);
            assertEquals(c.image().value(), c.crossImage().value(), 1e-6, s.name());
            // at the truth both vanish (up to ε)
            ImageTerms.Result atTruth = terms.evaluate(views, truth, true, true);
            assertEquals(0, atTruth.image().value(), 1e-3);
            assertEquals(0, atTruth.crossImage().value(), 1e-3);
        }
    }

    @Test
    void coarseLossCombinesTermsSkipsZeroWeightsAndHasExactGradient() {
        BlobRenderer r = BlobRenderer.standard();
        Rigid[] truth = truePoses();
        List<CaseView> views = views(r, truth, false);
        Rigid[] pred = perturbed(truth, 13, 0.02, 2);
        PoseDistance d = PoseDistances.doubleGeodesic(450);
        CoarseLoss.Weights w = new CoarseLoss.Weights(0.01, 1, 0.002, 0.5);
        CoarseLoss loss = new CoarseLoss(r, w, d, Similarities.mncc());
        CoarseLoss.Result res = loss.evaluate(views, pred, truth);
        double expect = 0.01 * res.pose() + res.image() + 0.002 * res.crossPose() + 0.5 * res.crossImage();
        assertEquals(expect, res.total(), 1e-12);
        assertEquals(res.crossPose(), new CrossViewPoseTerm(d).evaluate(views, pred).value(), 1e-12);
        assertGradients(numericGradient(p -> loss.evaluate(views, p, truth).total(), pred, 1e-4, 1e-2), res.gradient(), 2e-3, "coarse loss");
        assertEquals(3, res.rendered().length);

        // zero weights: terms are skipped (NaN), no renderer needed, truth needed only for the pose term
        CoarseLoss poseOnly = new CoarseLoss(null, new CoarseLoss.Weights(1, 0, 0, 0), d, Similarities.mncc());
        CoarseLoss.Result p = poseOnly.evaluate(views, pred, truth);
        assertTrue(Double.isNaN(p.image()) && Double.isNaN(p.crossImage()) && Double.isNaN(p.crossPose()));
        assertEquals(res.pose(), p.total(), 1e-12);
        CoarseLoss crossOnly = new CoarseLoss(null, new CoarseLoss.Weights(0, 0, 1, 0), d, Similarities.mncc());
        assertEquals(res.crossPose(), crossOnly.evaluate(views, pred, null).total(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new CoarseLoss(null, new CoarseLoss.Weights(0, 1, 0, 0), d, Similarities.mncc()));
        assertThrows(IllegalArgumentException.class, () -> new CoarseLoss.Weights(-1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> poseOnly.evaluate(views, pred, null));
        // a single view: the cross terms are 0 (no pairs)
        CoarseLoss.Result one = loss.evaluate(views.subList(0, 1), new Rigid[] {pred[0]}, new Rigid[] {truth[0]});
        assertEquals(0, one.crossPose(), 0);
        assertEquals(0, one.crossImage(), 0);
    }

    @Test
    void refinementObjectiveMatchesFiniteDifferencesOfTheSharedPose() {
        BlobRenderer r = BlobRenderer.standard();
        Rigid[] truth = truePoses();
        List<CaseView> views = views(r, truth, true);
        Rigid start = truth[0].perturbRight(0.03, -0.02, 0.01, 3, -2, 4);
        for (ImageSimilarity s : List.of(Similarities.mncc(), Similarities.gradientNcc(), Similarities.mnccAndGradient())) {
            RefinementObjective obj = new RefinementObjective(r, s);
            RefinementObjective.Result res = obj.evaluate(views, start);
            double[][] numeric = numericGradient(p -> obj.evaluate(views, p[0]).value(), new Rigid[] {start}, 1e-4, 1e-2);
            assertGradients(numeric, new double[][] {res.gradient()}, 2e-3, s.name());
            assertEquals(0, obj.evaluate(views, truth[0]).value(), 1e-3, s.name() + " at the truth");
            assertTrue(res.value() > obj.evaluate(views, truth[0]).value());
        }
    }

    /** A tiny smooth CT stand-in: Gaussian blobs on a 2 mm grid. */
    static Volume tinyVolume() {
        int n = 24;
        double sp = 2, o = -(n - 1) / 2.0 * sp;
        double[][] blobs = BlobRenderer.standard().blobs();
        float[] data = new float[n * n * n];
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double x = o + i * sp, y = o + j * sp, z = o + k * sp, mu = 0;
            for (double[] b : blobs) {
                double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]) + (z - b[2]) * (z - b[2]);
                mu += b[4] * Math.exp(-d2 / (2 * b[3] * b[3]));
            }
            data[i + n * (j + n * k)] = (float) mu;
        }
        return new Volume(n, n, n, new double[] {sp, sp, sp}, new double[] {o, o, o}, data);
    }

    @Test
    void crossViewImageTermThroughTheCpuRenderer() {
        try (CpuRenderer r = new CpuRenderer(tinyVolume(), new RenderSettings(0.5))) {
            Rigid[] truth = truePoses();
            List<CaseView> views = views(r, truth, false);
            Rigid[] pred = perturbed(truth, 17, 0.03, 3);
            ImageTerms terms = new ImageTerms(r, Similarities.mncc());
            ImageTerms.Result res = terms.evaluate(views, pred, false, true);
            assertTrue(res.crossImage().value() > 1e-3);
            // the float renderer's images need wider steps (rounding) and a looser tolerance (trilinear kinks)
            double[][] numeric = numericGradient(p -> terms.evaluate(views, p, false, true).crossImage().value(), pred, 1e-3, 5e-2);
            assertGradients(numeric, res.crossImage().gradient(), 0.03, "cross-view image term, CPU renderer");
        }
    }
}
