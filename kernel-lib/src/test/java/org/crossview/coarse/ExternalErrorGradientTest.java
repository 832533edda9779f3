package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The external-error path (loss in Java, renderer inside, dL/dξ → dL/dy → backpropGradient) gives the
 * gradient of the full loss with respect to the network's parameters: compared with central differences
 * of the loss itself, parameter by parameter, on a tiny double-precision network and a tiny volume.
 */
class ExternalErrorGradientTest {

    static NetSpec tinyNet() {
        return new NetSpec(16, 2, new int[] {1, 1}, 3, false, true, 8, false); // flattening head, as the tutorial net
    }

    @Test
    void backpropOfExternalErrorsMatchesFiniteDifferencesOfTheFullLoss() {
        Volume mu = TestScenes.blobs();
        try (Renderer r = TestScenes.renderer(mu)) {
            SyntheticData data = TestScenes.data(mu, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            TrainerSettings settings = new TrainerSettings(tinyNet(), 10, 2, 11, 1e-3, 0, 0.05, 0, 0, DataType.DOUBLE);
            ComputationGraph net = CoarseTrainer.newNetwork(settings);
            // Larger output weights than the default init, so the poses move visibly with the parameters.
            net.getParam("pose_W").muli(30);
            CoarseLossObjective loss = CoarseLossObjective.of(new LossWeights(0.01, 1, 0.01, 1), r, "points", "ncc", mu.centreLps(), 1020);
            CoarseTrainer trainer = new CoarseTrainer(net, data, loss, settings);
            SyntheticBatch batch = data.batch(3, 0, 2);

            Map<String, INDArray> analytic = trainer.gradient(batch).getValue();
            double maxAbs = 0;
            for (INDArray a : analytic.values()) maxAbs = Math.max(maxAbs, a.amaxNumber().doubleValue());
            assertTrue(maxAbs > 0, "gradient must not vanish");

            // Parameters from every kind of layer: stem conv, BN gamma/beta, block convs, dense layers.
            String[] names = {"stem_W", "stem_bn_gamma", "stem_bn_beta", "s0b0_c1_W", "s1b0_c2_W", "s1b0_proj_W", "fc_W", "fc_b", "pose_W", "pose_b"};
            for (String name : names) assertTrue(net.paramTable().get(name) != null, "no parameter " + name + " in " + net.paramTable().keySet());
            int checked = checkFirstAndLast(net, trainer, batch, analytic, names, 1e-4, maxAbs);
            assertEquals(20, checked);
        }
    }

    /** The same for a heatmap keypoint head: score maps → soft-argmax (in Java) → keypoint loss, back through the reshape. */
    @Test
    void aHeatmapKeypointHeadsGradientMatchesFiniteDifferences() {
        NetSpec spec = tinyNet().withHeatmapKeypoints(4);
        assertEquals(4, spec.featureSize(), "16² → stem stride 2 → 8² → second stage stride 2 → 4²");
        checkHeatmapHead(spec, new String[] {"stem_W", "s1b0_c2_W", "pose_W", "pose_b"});
    }

    /** The same with fine maps (8² here): through the upsampling, the lateral sum and the extra conv. */
    @Test
    void aFineMapHeadsGradientMatchesFiniteDifferences() {
        NetSpec spec = tinyNet().withHeatmapKeypoints(4).withFineMaps();
        assertEquals(8, spec.mapSize());
        checkHeatmapHead(spec, new String[] {"stem_W", "s0b0_c2_W", "s1b0_c2_W", "fine_top_W", "fine_c_W", "pose_W", "pose_b"});
    }

    private static void checkHeatmapHead(NetSpec spec, String[] names) {
        Volume mu = TestScenes.blobs();
        try (Renderer r = TestScenes.renderer(mu)) {
            SyntheticData data = TestScenes.data(mu, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            TrainerSettings settings = new TrainerSettings(spec, 10, 2, 11, 1e-3, 0, 0.05, 0, 0, DataType.DOUBLE);
            ComputationGraph net = CoarseTrainer.newNetwork(settings);
            net.getParam("pose_W").muli(100); // maps that are not flat, so positions move with the parameters
            double[] c = mu.centreLps();
            double[][] points = {{c[0] + 20, c[1], c[2]}, {c[0] - 20, c[1] + 10, c[2]}, {c[0], c[1] - 20, c[2] + 10}, {c[0], c[1], c[2] - 20}};
            PoseParameterisation param = data.parameterisation();
            KeypointHead head = new KeypointHead(points, data.camera(), param.volFromCamRef(), param.isoDistanceMm());
            CoarseTrainer trainer = new CoarseTrainer(net, data, new KeypointObjective(head, 16, spec.softArgmax().orElseThrow()), settings);
            SyntheticBatch batch = data.batch(3, 0, 2);
            Map<String, INDArray> analytic = trainer.gradient(batch).getValue();
            double maxAbs = 0;
            for (INDArray a : analytic.values()) maxAbs = Math.max(maxAbs, a.amaxNumber().doubleValue());
            assertTrue(maxAbs > 0, "gradient must not vanish");
            for (String name : names) assertTrue(net.paramTable().get(name) != null, "no parameter " + name + " in " + net.paramTable().keySet());
            int checked = checkFirstAndLast(net, trainer, batch, analytic, names, 1e-5, maxAbs);
            assertEquals(2 * names.length, checked);
        }
    }

    /**
     * Compares the first and last entry of each named parameter's analytic gradient with central differences (step h) of
     * the loss; returns how many were checked. Parameter arrays are views of the network's flattened parameters: writing
     * them moves the network. Entries are addressed by subscripts, which do not depend on the array's ordering.
     */
    private static int checkFirstAndLast(ComputationGraph net, CoarseTrainer trainer, SyntheticBatch batch, Map<String, INDArray> analytic,
            String[] names, double h, double maxAbs) {
        int checked = 0;
        for (String name : names) {
            INDArray p = net.paramTable().get(name);
            INDArray grad = analytic.get(name);
            for (long k : new long[] {0, p.length() - 1}) {
                long[] at = Shape.ind2subC(p, k);
                double orig = p.getDouble(at);
                p.putScalar(at, orig + h);
                double up = trainer.evaluate(batch).total();
                p.putScalar(at, orig - h);
                double down = trainer.evaluate(batch).total();
                p.putScalar(at, orig);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, grad.getDouble(at), 0.03 * Math.abs(fd) + 2e-3 * maxAbs, name + "[" + k + "]");
                checked++;
            }
        }
        return checked;
    }
}
