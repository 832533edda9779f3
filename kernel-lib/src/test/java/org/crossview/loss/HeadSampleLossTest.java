package org.crossview.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.SharedData;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.geometry.Rigid;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Attenuation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The losses on the shared head sample (real CT, simulated X-rays, DeepFluoro layout): the ground-truth pose
 * must score best, and the gradient must point downhill. Checks the chain file geometry → renderer → loss.
 */
class HeadSampleLossTest {

    @Test
    void groundTruthScoresBestAndGradientDescends() {
        Path h5 = SharedData.file("deepfluoro-layout/head_sample.h5").orElse(null);
        Assumptions.assumeTrue(h5 != null, "skipped: ../shared/data/deepfluoro-layout/head_sample.h5 not present");
        List<CaseView> views = new ArrayList<>();
        Rigid[] truth = new Rigid[3];
        CpuRenderer renderer;
        try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
            DeepFluoroSpecimen s = f.specimen(0);
            renderer = new CpuRenderer(Attenuation.fromHu(s.volumeHu()), new RenderSettings(2.0));
            for (int v = 0; v < 3; v++) { // case 0: projections 000–002, one static head
                XrayView raw = XrayView.of(s.projection(v));
                XrayView x = Preprocess.bin(Preprocess.logTransform(raw, Preprocess.estimateI0(raw.image())), 4);
                truth[v] = x.volFromCam();
                views.add(new CaseView(x.name(), x.camera(), x.image(), null, CaseView.camRefFromCam(truth[0], truth[v])));
            }
        }
        try (renderer) {
            for (ImageSimilarity sim : List.of(Similarities.mncc(), Similarities.mnccAndGradient())) {
                RefinementObjective obj = new RefinementObjective(renderer, sim);
                double atTruth = obj.evaluate(views, truth[0]).value();
                double[][] offsets = {{0.05, 0, 0, 0, 0, 0}, {0, 0, 0.05, 0, 0, 0}, {0, 0, 0, 8, 0, 0}, {0, 0, 0, 0, 8, 0}, {0, 0, 0, 0, 0, 30}};
                for (double[] xi : offsets) {
                    Rigid off = truth[0].perturbRight(xi);
                    RefinementObjective.Result r = obj.evaluate(views, off);
                    assertTrue(r.value() > atTruth, sim.name() + ": offset " + java.util.Arrays.toString(xi) + " scores " + r.value() + " ≤ truth " + atTruth);
                    // a small step against the gradient (rotation and translation scaled separately) lowers the loss
                    double[] g = r.gradient();
                    double gr = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]), gt = Math.sqrt(g[3] * g[3] + g[4] * g[4] + g[5] * g[5]);
                    double[] step = new double[6];
                    for (int k = 0; k < 3; k++) step[k] = -0.003 * g[k] / gr;
                    for (int k = 3; k < 6; k++) step[k] = -0.5 * g[k] / gt;
                    double after = obj.evaluate(views, off.perturbRight(step)).value();
                    assertTrue(after < r.value(), sim.name() + ": a step down the gradient went from " + r.value() + " to " + after);
                }
            }
            // at the truth the predictions are consistent: the cross-view image term equals the image term
            CoarseLoss coarse = new CoarseLoss(renderer, new CoarseLoss.Weights(1, 1, 1, 1), PoseDistances.doubleGeodesic(1020), Similarities.mncc());
            CoarseLoss.Result r = coarse.evaluate(views, truth, truth);
            assertEquals(0, r.pose(), 1e-9);
            assertEquals(0, r.crossPose(), 1e-3);
            assertEquals(r.image(), r.crossImage(), 1e-4);
        }
    }
}
