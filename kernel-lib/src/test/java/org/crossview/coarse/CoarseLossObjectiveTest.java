package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Rigid;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The batch objective over the loss package's CoarseLoss (two cases of two views, point pose distance,
 * global NCC): each term's gradient with respect to each predicted pose against central differences,
 * which checks the per-case assembly, the averaging over cases and the gradients' placement in the batch.
 */
class CoarseLossObjectiveTest {
    private static final Volume MU = TestScenes.blobs();

    @Test
    void everyTermsGradientMatchesFiniteDifferences() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            SyntheticBatch batch = data.batch(7, 0, 2);
            // Predictions: the truth moved by a known offset per view.
            Rigid[] pred = new Rigid[batch.size()];
            for (int i = 0; i < pred.length; i++) {
                pred[i] = batch.trueVolFromCam(i).perturbRight(0.04 * (i + 1), -0.03, 0.05, 6 - 3 * i, 4, -5 + i);
            }
            LossWeights[] singles = {new LossWeights(1, 0, 0, 0), new LossWeights(0, 1, 0, 0), new LossWeights(0, 0, 1, 0), new LossWeights(0, 0, 0, 1)};
            for (LossWeights w : singles) {
                CoarseLossObjective loss = CoarseLossObjective.of(w, r, "points", "ncc", MU.centreLps(), 1020);
                CoarseObjective.Evaluation e = loss.evaluate(batch, pred);
                assertTrue(e.total() > 0, "term " + w + " should be positive away from the truth");
                for (int i = 0; i < pred.length; i++) {
                    for (int k = 0; k < 6; k++) {
                        double h = k < 3 ? 1e-4 : 1e-3; // rad, mm: the loss curves enough that wider steps bias central differences
                        Rigid[] p = pred.clone(), m = pred.clone();
                        double[] xi = new double[6];
                        xi[k] = h;
                        p[i] = pred[i].perturbRight(xi);
                        xi[k] = -h;
                        m[i] = pred[i].perturbRight(xi);
                        double fd = (loss.evaluate(batch, p).total() - loss.evaluate(batch, m).total()) / (2 * h);
                        double an = e.dTotaldXi()[i][k];
                        double scale = Math.max(Math.abs(fd), 1e-3 * maxAbs(e.dTotaldXi()));
                        assertEquals(fd, an, 0.03 * scale, "weights " + w.format() + ", view " + i + ", component " + k);
                    }
                }
            }
        }
    }

    @Test
    void termsVanishAtTheTruthAndSwitchedOffTermsAreNotComputed() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 3, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            SyntheticBatch batch = data.batch(1, 0, 1);
            Rigid[] truth = new Rigid[batch.size()];
            for (int i = 0; i < truth.length; i++) truth[i] = batch.trueVolFromCam(i);
            CoarseObjective.Evaluation e = CoarseLossObjective.of(new LossWeights(1, 1, 1, 1), r, "points", "ncc", MU.centreLps(), 1020)
                    .evaluate(batch, truth);
            assertEquals(0, e.terms().get(CoarseLossObjective.POSE), 1e-5);
            assertEquals(0, e.terms().get(CoarseLossObjective.CROSS_POSE), 1e-5);
            // 1 − NCC at the truth: the similarity's ε in the variances leaves ~1e−4.
            assertEquals(0, e.terms().get(CoarseLossObjective.IMAGE), 1e-3);
            assertEquals(0, e.terms().get(CoarseLossObjective.CROSS_IMAGE), 1e-3);
            CoarseObjective.Evaluation off = CoarseLossObjective.of(new LossWeights(1, 0, 0, 0), null, "points", "ncc", MU.centreLps(), 1020)
                    .evaluate(batch, truth);
            assertTrue(Double.isNaN(off.terms().get(CoarseLossObjective.IMAGE)));
            assertTrue(Double.isNaN(off.terms().get(CoarseLossObjective.CROSS_IMAGE)));
        }
    }

    /**
     * Binned image terms: the block-averaged targets must agree with DRRs at the binned camera (≈ 0 at the truth,
     * clearly more for a one-binned-pixel shift), and the gradients must still be the loss's (central differences).
     */
    @Test
    void binnedImageTermsVanishAtTheTruthAndKeepTheirGradients() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 32, 2, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            SyntheticBatch batch = data.batch(3, 0, 1);
            Rigid[] truth = {batch.trueVolFromCam(0), batch.trueVolFromCam(1)};
            CoarseLossObjective loss = CoarseLossObjective.of(new LossWeights(0, 1, 0, 1), r, "points", "ncc", MU.centreLps(), 1020).binned(2);
            assertEquals(2, loss.binning());
            double atTruth = loss.evaluate(batch, truth).total();
            // One binned pixel at the isocentre: 2 × the detector pixel (≈ 2 × 1.2 mm at 32²) over the magnification.
            double mmPerBinnedPixel = 2 * batch.camera().sourceToDetectorMm() / batch.camera().fx() * 750 / batch.camera().sourceToDetectorMm();
            Rigid[] shifted = {truth[0].perturbRight(0, 0, 0, mmPerBinnedPixel, 0, 0), truth[1]};
            double off = loss.evaluate(batch, shifted).total();
            assertTrue(atTruth < 0.01, "binned terms at the truth: " + atTruth);
            assertTrue(off > 3 * atTruth + 0.002, "a one-binned-pixel shift: " + off + " vs " + atTruth + " at the truth");
            Rigid[] pred = {truth[0].perturbRight(0.05, -0.03, 0.04, 4, -3, 5), truth[1].perturbRight(-0.02, 0.04, 0.03, -5, 2, 3)};
            CoarseObjective.Evaluation e = loss.evaluate(batch, pred);
            for (int i = 0; i < pred.length; i++) {
                for (int k = 0; k < 6; k++) {
                    double h = k < 3 ? 1e-4 : 1e-3;
                    double[] xi = new double[6];
                    xi[k] = h;
                    Rigid[] p = pred.clone(), m = pred.clone();
                    p[i] = pred[i].perturbRight(xi);
                    xi[k] = -h;
                    m[i] = pred[i].perturbRight(xi);
                    double fd = (loss.evaluate(batch, p).total() - loss.evaluate(batch, m).total()) / (2 * h);
                    double scale = Math.max(Math.abs(fd), 1e-3 * maxAbs(e.dTotaldXi()));
                    assertEquals(fd, e.dTotaldXi()[i][k], 0.03 * scale, "view " + i + ", component " + k);
                }
            }
        }
    }

    private static double maxAbs(double[][] g) {
        double m = 0;
        for (double[] row : g) {
            for (double x : row) m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
