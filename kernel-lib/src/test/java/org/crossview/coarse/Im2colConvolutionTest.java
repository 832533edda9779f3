package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * {@link Im2colConvolution} against DL4J's built-in convolution (im2col/GEMM/col2im, an independent implementation):
 * the output, and the weight, bias and input gradients of one layer over strides, kernels, padding modes and odd sizes,
 * called directly (DL4J would silently fall back to its own path if the helper threw); and the whole tutorial network's
 * parameter gradient with the helpers installed, with no fallback taken, and its output after a step.
 */
class Im2colConvolutionTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest(name = "in {0} out {1} k {2} s {3} {4} size {5} bias {6}")
    @CsvSource({
            "3, 4, 3, 1, Same, 9, false",
            "3, 4, 3, 1, Same, 8, true",
            "2, 5, 5, 1, Same, 7, true",
            "4, 3, 3, 1, Truncate, 9, true",
            "4, 3, 1, 1, Same, 6, false",
            "3, 4, 3, 2, Same, 8, false",
            "3, 4, 5, 2, Same, 9, false",
            "3, 4, 5, 2, Same, 8, true",
            "2, 3, 1, 2, Same, 8, false",
    })
    void matchesTheBuiltInBackwardPass(int inC, int outC, int k, int stride, String mode, int size, boolean bias) {
        ComputationGraph net = oneConvolution(inC, outC, k, stride, ConvolutionMode.valueOf(mode), size, bias);
        Layer layer = net.getLayer("c");
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, inC, size, size);
        INDArray out = net.outputSingle(x);
        INDArray eps = Nd4j.randn(DataType.FLOAT, out.shape());

        layer.setInput(x, NO_WS);
        Pair<Gradient, INDArray> builtIn = layer.backpropGradient(eps.dup(), NO_WS);
        INDArray wantW = builtIn.getFirst().getGradientFor("W").dup(), wantX = builtIn.getSecond().dup();
        INDArray wantB = bias ? builtIn.getFirst().getGradientFor("b").dup() : null;

        ConvolutionLayer conf = (ConvolutionLayer) layer.getConfig();
        INDArray w = layer.getParam("W"), b = bias ? layer.getParam("b") : null;
        for (boolean needX : new boolean[] {true, false}) {
            INDArray gotW = Nd4j.createUninitialized(DataType.FLOAT, w.shape(), 'c');
            INDArray gotB = bias ? Nd4j.createUninitialized(DataType.FLOAT, b.shape(), 'c') : null;
            Im2colConvolution h = new Im2colConvolution(DataType.FLOAT, needX, true);
            INDArray z = h.preOutput(x, w, b, conf.getKernelSize(), conf.getStride(), conf.getPadding(), null, null, conf.getConvolutionMode(),
                    conf.getDilation(), CNN2DFormat.NCHW, NO_WS);
            assertClose(out, z, "forward output");
            Pair<Gradient, INDArray> got = null;
            // Twice, another δ first: the first takes the forward pass's columns, the second makes its own; the scratch
            // buffers kept from one pass must not leak into the next.
            for (INDArray delta : new INDArray[] {Nd4j.randn(DataType.FLOAT, eps.shape()), eps.dup()}) {
                got = h.backpropGradient(x, w, b, delta, conf.getKernelSize(), conf.getStride(), conf.getPadding(), gotB, gotW,
                        conf.getActivationFn(), conf.getCudnnAlgoMode(), null, null, conf.getConvolutionMode(), conf.getDilation(),
                        CNN2DFormat.NCHW, NO_WS);
            }
            assertClose(wantW, gotW, "dL/dW");
            if (bias) assertClose(wantB.reshape(gotB.shape()), gotB, "dL/db");
            if (needX) assertClose(wantX, got.getSecond(), "dL/dx");
            else assertNull(got.getSecond(), "no input gradient asked for");
        }
    }

    @Test
    void tutorialNetworkGradientIsTheBuiltInOne() throws ReflectiveOperationException {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 64, 64);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 4, PoseNet.OUTPUTS);
        INDArray[] grads = new INDArray[2], after = new INDArray[2];
        for (int fast = 0; fast < 2; fast++) {
            ComputationGraph net = PoseNet.create(NetSpec.tutorial(), new FixedSchedule(1e-3), 7, DataType.FLOAT);
            if (fast == 1) assertEquals(9, LayerHelpers.install(net, true, true), "convolution layers");
            net.feedForward(new INDArray[] {x}, true, false);
            grads[fast] = net.backpropGradient(eps).gradient().dup();
            // A step in place, then the same input object again: the stem (linear, reading it) must not answer from before.
            net.params().subi(grads[fast].mul(0.1));
            after[fast] = net.feedForward(new INDArray[] {x}, true, false).get(PoseNet.OUTPUT).dup();
            if (fast == 1) HelperFallbacks.assertNone(net, org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class);
        }
        assertClose(grads[0], grads[1], "parameter gradient");
        assertClose(after[0], after[1], "output after a step");
    }

    @Test
    void forwardOutputIsReusedOnlyForUnchangedWeights() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8), w = Nd4j.randn(DataType.FLOAT, 4, 3, 3, 3);
        Im2colConvolution h = new Im2colConvolution(DataType.FLOAT, true, true);
        int[] k = {3, 3}, s = {1, 1}, p = {0, 0}, d = {1, 1};
        INDArray first = h.preOutput(x, w, null, k, s, p, null, null, ConvolutionMode.Same, d, CNN2DFormat.NCHW, NO_WS);
        w.muli(2); // a step in place: same object, new values
        INDArray second = h.preOutput(x, w, null, k, s, p, null, null, ConvolutionMode.Same, d, CNN2DFormat.NCHW, NO_WS);
        assertClose(first.mul(2), second, "output after the weights changed");
        INDArray third = h.preOutput(x, w, null, k, s, p, null, null, ConvolutionMode.Same, d, CNN2DFormat.NCHW, NO_WS);
        assertTrue(third == second, "unchanged input and weights: the output of the forward pass is handed back");
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        double scale = want.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": reference is all zero");
        assertArrayEquals(want.dup('c').data().asFloat(), got.dup('c').data().asFloat(), (float) (1e-5 * scale), what);
    }

    private static ComputationGraph oneConvolution(int inC, int outC, int k, int stride, ConvolutionMode mode, int size, boolean bias) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).convolutionMode(mode)
                .graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(size, size, inC))
                .addLayer("c", new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(mode == ConvolutionMode.Truncate ? 1 : 0, mode == ConvolutionMode.Truncate ? 1 : 0)
                        .nOut(outC).hasBias(bias).activation(Activation.IDENTITY).build(), "x")
                .setOutputs("c").build());
        net.init();
        net.initGradientsView();
        if (bias) net.getLayer("c").getParam("b").assign(Nd4j.randn(DataType.FLOAT, 1, outC));
        return net;
    }
}
