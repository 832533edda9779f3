package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;

class KeypointObjectiveTest {
    @Test
    void gradientMatchesFiniteDifferencesAndTheLossIsZeroAtTheTruth() {
        double[] iso = {0, 0, 0};
        Camera cam = CoarseRun.camera(32);
        Rigid ap = CArm.atIsocentre(iso, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM).apVolFromCam();
        double[][] points = {{40, 0, 0}, {0, 40, 0}, {0, 0, 40}, {-30, -30, 10}, {20, -10, -35}};
        KeypointHead head = new KeypointHead(points, cam, ap, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        KeypointObjective objective = new KeypointObjective(head, 32);
        Rigid[] truth = {ap, ap.perturbRight(0.1, -0.2, 0.05, 10, -5, 30)};
        SyntheticBatch batch = new SyntheticBatch(cam, 1, 2, truth, new Image[] {new Image(32, 32), new Image(32, 32)},
                new float[][] {new float[32 * 32], new float[32 * 32]});

        double[][] exact = {head.encode(truth[0]), head.encode(truth[1])};
        assertEquals(0.01, objective.evaluateOutputs(batch, exact, null).total(), 1e-12, "ε at the truth: √(0 + ε²)");

        SplittableRandom r = new SplittableRandom(3);
        double[][] y = new double[2][];
        for (int i = 0; i < 2; i++) {
            y[i] = exact[i].clone();
            for (int k = 0; k < y[i].length; k++) y[i][k] += r.nextDouble(-0.2, 0.2);
        }
        CoarseObjective.OutputsEvaluation e = objective.evaluateOutputs(batch, y, null);
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < y[i].length; k++) {
                double keep = y[i][k];
                y[i][k] = keep + h;
                double up = objective.evaluateOutputs(batch, y, null).total();
                y[i][k] = keep - h;
                double down = objective.evaluateOutputs(batch, y, null).total();
                y[i][k] = keep;
                assertEquals((up - down) / (2 * h), e.dTotaldY()[i][k], 1e-7, "view " + i + ", output " + k);
            }
        }
    }

    @Test
    void aHeatmapHeadsGradientIncludesTheShapeTerm() {
        double[] iso = {0, 0, 0};
        Camera cam = CoarseRun.camera(32);
        Rigid ap = CArm.atIsocentre(iso, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM).apVolFromCam();
        double[][] points = {{40, 0, 0}, {0, 40, 0}, {0, 0, 40}, {-30, -30, 10}};
        KeypointHead head = new KeypointHead(points, cam, ap, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        SoftArgmax readout = new SoftArgmax(4, 4);
        KeypointObjective withShape = new KeypointObjective(head, 32, readout, 0.7), without = new KeypointObjective(head, 32, readout, 0);
        Rigid[] truth = {ap.perturbRight(0.05, 0.1, -0.1, 5, -8, 20)};
        SyntheticBatch batch = new SyntheticBatch(cam, 1, 1, truth, new Image[] {new Image(32, 32)}, new float[][] {new float[32 * 32]});
        double[][] raw = {new SplittableRandom(5).doubles(readout.rawOutputs(), -1, 1).toArray()};

        CoarseObjective.OutputsEvaluation e = withShape.evaluateOutputs(batch, raw, null);
        double positions = without.evaluateOutputs(batch, raw, null).total();
        double kl = readout.shapeLoss(raw[0], head.encode(truth[0]), KeypointObjective.HEATMAP_SIGMA_CELLS, 0, new double[raw[0].length]);
        assertEquals(positions + 0.7 * kl / 4, e.total(), 1e-12, "distance + weight × KL, both averaged over the 4 keypoints");
        assertEquals(kl / 4, e.terms().get("heatmap_kl"), 1e-12);
        double h = 1e-6;
        for (int k = 0; k < raw[0].length; k++) {
            double keep = raw[0][k];
            raw[0][k] = keep + h;
            double up = withShape.evaluateOutputs(batch, raw, null).total();
            raw[0][k] = keep - h;
            double down = withShape.evaluateOutputs(batch, raw, null).total();
            raw[0][k] = keep;
            assertEquals((up - down) / (2 * h), e.dTotaldY()[0][k], 1e-7, "score " + k);
        }
    }
}
