package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * {@link DirectTrainingPass} against DL4J's own layers (built-in paths, no helpers) on the same parameters and batch:
 * outputs, every entry of the gradient array (weights, biases, γ, β and the batch-norm running statistics), and whole
 * optimisation steps through the updater.
 */
class DirectTrainingPassTest {
    private static ComputationGraph network(String spec, int size, long seed) {
        ComputationGraph net = PoseNet.create(NetSpec.parse(spec, size), new ExponentialSchedule(ScheduleType.ITERATION, 1e-3, 1.0), seed, DataType.FLOAT);
        LayerHelpers.install(net, false);
        LayerHelpers.installBatchNorm(net, false);
        return net;
    }

    private static INDArray batch(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * size * size];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return Nd4j.create(x, new long[] {n, 1, size, size}, 'c');
    }

    private static double[][] errors(int n, int perImage, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] dy = new double[n][perImage];
        for (double[] row : dy) for (int j = 0; j < perImage; j++) row[j] = r.nextGaussian();
        return dy;
    }

    /** The default network and two smaller ones (two stages with the fine head; one stage, no fine head); 3 images. */
    @ParameterizedTest
    @ValueSource(strings = {"16:1,2,2:hm12:fine", "8:1,1:hm4:fine", "8:2:hm4"})
    void outputsAndGradientsAreDl4jsOwn(String spec) {
        int size = 32, n = 3;
        ComputationGraph reference = network(spec, size, 7), direct = network(spec, size, 7);
        DirectTrainingPass pass = DirectTrainingPass.of(direct);
        assertNotNull(pass, spec);
        // Parameters (running statistics included) away from their initial values: the update is checked at a general point.
        for (ComputationGraph net : new ComputationGraph[] {reference, direct}) {
            net.params().addi(Nd4j.rand(DataType.FLOAT, net.params().shape()).subi(0.5).muli(0.2).castTo(DataType.FLOAT));
        }
        direct.params().assign(reference.params());

        INDArray x = batch(n, size, 11);
        INDArray expected = reference.feedForward(new INDArray[] {x}, true, false).get(PoseNet.OUTPUT);
        double[][] got = pass.forward(x);
        double[][] want = CoarseTrainer.toRows(expected);
        double outScale = 0;
        for (double[] row : want) for (double v : row) outScale = Math.max(outScale, Math.abs(v));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < want[i].length; j++) assertEquals(want[i][j], got[i][j], 2e-5 * outScale, "output " + i + "," + j);
        }

        double[][] dy = errors(n, want[0].length, 13);
        INDArray eps = Nd4j.create(dy).reshape('c', expected.shape()).castTo(DataType.FLOAT);
        Gradient g0 = reference.backpropGradient(eps);
        Gradient g1 = pass.backward(dy);
        // The updater reads the network's own gradient array: the same memory as the per-parameter views.
        assertEquals(direct.getFlattenedGradients().data().address(), g1.gradient().data().address());
        assertEquals(g0.gradientForVariable().keySet(), g1.gradientForVariable().keySet());
        for (Map.Entry<String, INDArray> e : g0.gradientForVariable().entrySet()) {
            float[] a = e.getValue().dup('c').data().asFloat(), b = g1.getGradientFor(e.getKey()).dup('c').data().asFloat();
            double scale = 0;
            for (float v : a) scale = Math.max(scale, Math.abs(v));
            assertTrue(scale > 0 || e.getKey().endsWith("_b"), e.getKey() + " is all zero");
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * scale + 1e-7, e.getKey() + "[" + i + "]");
        }
    }

    @Test
    void stepsThroughTheUpdaterAreDl4jsOwn() {
        int size = 32, n = 3;
        ComputationGraph reference = network("8:1,1:hm4:fine", size, 3), direct = network("8:1,1:hm4:fine", size, 3);
        DirectTrainingPass pass = DirectTrainingPass.of(direct);
        for (int step = 0; step < 3; step++) {
            INDArray x = batch(n, size, 100 + step);
            INDArray out = reference.feedForward(new INDArray[] {x}, true, false).get(PoseNet.OUTPUT);
            double[][] dy = errors(n, (int) (out.length() / n), 200 + step);
            Gradient g0 = reference.backpropGradient(Nd4j.create(dy).reshape('c', out.shape()).castTo(DataType.FLOAT));
            pass.forward(x);
            Gradient g1 = pass.backward(dy);
            for (ComputationGraph net : new ComputationGraph[] {reference, direct}) {
                Gradient g = net == reference ? g0 : g1;
                net.getUpdater().update(g, step, 0, 1, LayerWorkspaceMgr.noWorkspaces());
                net.params().subi(g.gradient());
            }
        }
        float[] a = reference.params().dup().data().asFloat(), b = direct.params().dup().data().asFloat();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), "parameter " + i);
    }

    @Test
    void declinesWhatItDoesNotHandle() {
        // The tutorial network's dense head, and a double-precision network.
        assertNull(DirectTrainingPass.of(PoseNet.create(ExternalErrorGradientTest.tinyNet(), new ExponentialSchedule(ScheduleType.ITERATION, 1e-3, 1.0), 1, DataType.FLOAT)));
        assertNull(DirectTrainingPass.of(PoseNet.create(NetSpec.parse("8:1,1:hm4:fine", 32), new ExponentialSchedule(ScheduleType.ITERATION, 1e-3, 1.0), 1, DataType.DOUBLE)));
    }
}
