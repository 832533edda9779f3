package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * {@link BatchNormTraining} against DL4J's own batch normalisation (an independent implementation): one layer's output,
 * its γ, β and input gradients and the running-statistics updates the layer derives from the helper's batch mean and
 * variance, with γ, β not at their initial values; and the default coarse network's parameter gradient and its output
 * (training and inference mode) after two plain gradient steps, helpers on against helpers off, with no fallback taken.
 */
class BatchNormTrainingTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @Test
    void oneLayerMatchesTheBuiltInOne() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 4, 5, 7).muli(2).addi(0.7);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 3, 4, 5, 7);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, 4).addi(0.5), beta = Nd4j.randn(DataType.FLOAT, 1, 4);
        INDArray[] out = new INDArray[2], dx = new INDArray[2];
        Gradient[] grads = new Gradient[2];
        for (int java = 0; java < 2; java++) {
            ComputationGraph net = oneBatchNorm();
            assertEquals(1, LayerHelpers.installBatchNorm(net, java == 1), "batch-norm layers seen");
            Layer layer = net.getLayer("bn");
            layer.getParam("gamma").assign(gamma);
            layer.getParam("beta").assign(beta);
            layer.setInput(x.dup(), NO_WS);
            out[java] = layer.activate(true, NO_WS).dup();
            Pair<Gradient, INDArray> g = layer.backpropGradient(eps.dup(), NO_WS);
            grads[java] = g.getFirst();
            dx[java] = g.getSecond().dup();
        }
        assertClose(out[0], out[1], "output");
        assertClose(dx[0], dx[1], "dL/dx");
        Map<String, INDArray> want = grads[0].gradientForVariable(), got = grads[1].gradientForVariable();
        assertEquals(want.keySet(), got.keySet(), "gradient entries");
        for (String k : want.keySet()) assertClose(want.get(k), got.get(k), "gradient of " + k);
        assertTrue(want.get("mean").amaxNumber().doubleValue() > 0, "the running mean moves (the check is not vacuous)");
    }

    @Test
    void defaultNetworkTrainsAsWithTheBuiltInLayers() throws ReflectiveOperationException {
        NetSpec spec = NetSpec.parse(CoarseRun.Options.DEFAULT_NET, 32);
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 32, 32);
        INDArray[] grads = new INDArray[2], trainOut = new INDArray[2], testOut = new INDArray[2];
        for (int java = 0; java < 2; java++) {
            ComputationGraph net = PoseNet.create(spec, new FixedSchedule(1e-2), 7, DataType.FLOAT);
            LayerHelpers.install(net, true, true);
            assertTrue(LayerHelpers.installBatchNorm(net, java == 1) >= (java == 1 ? 5 : 0), "batch-norm layers given the helper");
            INDArray eps = null;
            for (int step = 0; step < 2; step++) {
                INDArray y = net.feedForward(new INDArray[] {x}, true, false).get(PoseNet.OUTPUT);
                if (eps == null) eps = Nd4j.randn(DataType.FLOAT, y.shape()).muli(0.1);
                Gradient g = net.backpropGradient(eps);
                if (step == 0) grads[java] = g.gradient().dup();
                // Plain gradient steps (the running statistics' entries too): Adam would blow float rounding in near-zero
                // gradient entries up to whole steps, so only a plain step can be compared to rounding.
                net.params().subi(g.gradient().mul(0.05));
            }
            trainOut[java] = net.feedForward(new INDArray[] {x}, true, false).get(PoseNet.OUTPUT).dup();
            testOut[java] = net.outputSingle(x).dup(); // running statistics
            if (java == 1) HelperFallbacks.assertNone(net, org.deeplearning4j.nn.layers.normalization.BatchNormalization.class);
        }
        assertClose(grads[0], grads[1], "parameter gradient");
        assertClose(trainOut[0], trainOut[1], "output after two steps (batch statistics)");
        assertClose(testOut[0], testOut[1], "output after two steps (running statistics)");
    }

    private static ComputationGraph oneBatchNorm() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(5, 7, 4))
                .addLayer("bn", new BatchNormalization.Builder().build(), "x")
                .setOutputs("bn").build());
        net.init();
        net.initGradientsView();
        return net;
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        double scale = want.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": reference is all zero");
        assertArrayEquals(want.dup('c').data().asFloat(), got.dup('c').data().asFloat(), (float) (2e-5 * scale), what);
    }
}
