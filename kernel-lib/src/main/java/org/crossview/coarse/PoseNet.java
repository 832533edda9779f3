package org.crossview.coarse;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Builds the ResNet-like pose regressor as a DL4J {@link ComputationGraph}: one grey input image
 * [N, 1, S, S] → stem conv (stride 2) → stages of basic residual blocks (two 3×3 convs; the first block
 * of every stage after the first has stride 2 and a 1×1 projection shortcut) → global average pool (or
 * the feature map flattened, see {@link NetSpec}) → hidden dense layer → 6 linear outputs (see
 * {@link PoseParameterisation}), or two per keypoint with a keypoint head ({@link KeypointHead}); a heatmap keypoint head
 * instead ends in a 1×1 convolution giving one score map per keypoint on the last feature grid, or with fine maps on twice
 * that grid ({@link NetSpec#withFineMaps}; read out by {@link SoftArgmax}).
 *
 * <p>The network has no DL4J output layer: its loss lives in Java (renderer, NCC, cross-view terms), so
 * training feeds external errors into {@code backpropGradient} (DESIGN.md §5). Views are independent
 * rows of the batch, which is how the weights are shared across views.
 */
public final class PoseNet {
    public static final String INPUT = "image";
    public static final String OUTPUT = "pose";
    public static final int OUTPUTS = 6;

    private PoseNet() {}

    /** A freshly initialised network (weights drawn from {@code seed}), Adam with the given schedule. */
    public static ComputationGraph create(NetSpec spec, ISchedule learningRate, long seed, DataType dataType) {
        ComputationGraph net = new ComputationGraph(configuration(spec, learningRate, seed, dataType));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(NetSpec spec, ISchedule learningRate, long seed, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(Adam.builder().learningRateSchedule(learningRate).build())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                // Workspaces off: the graph is run forward and backward by hand (external errors), and
                // activations must outlive DL4J's scopes. The network is small; the renderer dominates.
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.inputSize(), spec.inputSize(), 1));

        String x = convUnit(g, spec, "stem", INPUT, spec.width(), spec.stemKernel(), 2, true);
        if (spec.stemMaxPool()) {
            g.addLayer("stem_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), x);
            x = "stem_pool";
        }
        int channels = spec.width();
        int[] blocks = spec.blocksPerStage();
        String beforeLastStage = x;
        for (int s = 0; s < blocks.length; s++) {
            if (s == blocks.length - 1) beforeLastStage = x;
            int out = spec.width() << s;
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                x = residualBlock(g, spec, "s" + s + "b" + b, x, channels, out, stride);
                channels = out;
            }
        }
        if (spec.fineMaps()) x = fineFeatures(g, spec, x, beforeLastStage, spec.width() << (blocks.length - 2));
        if (spec.heatmap()) {
            // One score map per keypoint on the map grid (NetSpec.mapSize; SoftArgmax reads them out); small initial weights: the
            // first maps are flat, every keypoint at the image centre.
            g.addLayer(OUTPUT, new ConvolutionLayer.Builder(1, 1).nOut(spec.keypoints()).activation(Activation.IDENTITY)
                    .weightInit(new NormalDistribution(0, 0.01)).build(), x);
            g.setOutputs(OUTPUT);
            return g.build();
        }
        if (spec.globalPool()) {
            g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
            x = "gap";
        }
        if (spec.hidden() > 0) {
            g.addLayer("fc", new DenseLayer.Builder().nOut(spec.hidden()).activation(Activation.RELU).build(), x);
            x = "fc";
        }
        // Small initial weights: the first predictions sit near the reference pose.
        g.addLayer(OUTPUT, new DenseLayer.Builder().nOut(spec.outputs()).activation(Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, 0.01)).build(), x);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /**
     * The score maps' features at twice the last grid (a feature-pyramid step): the last stage upsampled ×2 (nearest) and
     * projected to the finer stage's width, plus that stage's own features, then a 3×3 conv and ReLU.
     */
    private static String fineFeatures(ComputationGraphConfiguration.GraphBuilder g, NetSpec spec, String last, String finer, int finerChannels) {
        g.addLayer("fine_up", new Upsampling2D.Builder(2).build(), last);
        String up = convUnit(g, spec, "fine_top", "fine_up", finerChannels, 1, 1, false);
        g.addVertex("fine_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), up, finer);
        g.addLayer("fine_add_relu", new ActivationLayer(Activation.RELU), "fine_add");
        return convUnit(g, spec, "fine_c", "fine_add_relu", finerChannels, 3, 1, true);
    }

    /** conv (no bias when followed by batch norm) → [BN] → [ReLU]; returns the last vertex name. */
    private static String convUnit(ComputationGraphConfiguration.GraphBuilder g, NetSpec spec, String name, String in, int nOut,
            int kernel, int stride, boolean relu) {
        g.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(nOut)
                .activation(Activation.IDENTITY).hasBias(!spec.batchNorm()).build(), in);
        String x = name;
        if (spec.batchNorm()) {
            g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), x);
            x = name + "_bn";
        }
        if (relu) {
            g.addLayer(name + "_relu", new ActivationLayer(Activation.RELU), x);
            x = name + "_relu";
        }
        return x;
    }

    private static String residualBlock(ComputationGraphConfiguration.GraphBuilder g, NetSpec spec, String name, String in, int inChannels,
            int outChannels, int stride) {
        String a = convUnit(g, spec, name + "_c1", in, outChannels, 3, stride, true);
        String b = convUnit(g, spec, name + "_c2", a, outChannels, 3, 1, false);
        String shortcut = in;
        if (stride != 1 || inChannels != outChannels) shortcut = convUnit(g, spec, name + "_proj", in, outChannels, 1, stride, false);
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
        g.addLayer(name + "_out", new ActivationLayer(Activation.RELU), name + "_add");
        return name + "_out";
    }
}
