package org.crossview.coarse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The coarse network's training pass — forward with the batch's statistics, then backward from external errors into the
 * network's own gradient array — computed here, vertex by vertex, on Java arrays, with ND4J only for the convolutions'
 * GEMMs. DL4J's layer-by-layer path allocates (and zero-fills) a fresh native array for nearly every activation and
 * gradient of every layer, ~130 arrays and ~35 MB per step of the default network, plus ~3,000 small native allocations
 * for its ops' bookkeeping (counted with a uprobe on libnd4j's {@code allocateDataBuffer} during {@code bench train});
 * here every buffer is kept from step to step. The parameters, the gradient array, the updater and the saved model are
 * DL4J's: only how the gradient is computed changes.
 *
 * <p>Handles graphs made of convolutions (NCHW float, Same/Truncate/Strict mode, no dilation, identity activation, with or
 * without bias), batch normalisation (training statistics, log10 σ running estimate), ReLU activation layers, element-wise
 * additions and nearest-neighbour 2D upsampling, without dropout or weight noise; {@link #of} answers null for anything
 * else and the trainer keeps DL4J's path. Same function as DL4J's layers (tests compare outputs, every gradient entry and
 * the batch-norm running statistics): convolution as im2col and GEMMs as in {@link Im2colConvolution}, batch norm as in
 * {@link BatchNormTraining}, the running statistics as DL4J 1.0.0-M2.1 writes them into the gradient (the updater leaves
 * those entries as they are and the trainer subtracts them): mean −= (1−d)(mean − μ_batch), log10σ −= ½·log10(σ²/σ²'),
 * σ²' = d·σ² + (1−d)·σ²_batch.
 */
final class DirectTrainingPass {
    private final Input input;
    private final List<Node> order; // topological: inputs before the vertices that read them
    private final Node output;
    private final Gradient gradient;

    private DirectTrainingPass(Input input, List<Node> order, Node output, Gradient gradient) {
        this.input = input;
        this.order = order;
        this.output = output;
        this.gradient = gradient;
    }

    /** The pass for {@code net}, or null when the graph holds something it does not handle (DL4J's path then). */
    static DirectTrainingPass of(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getDataType() != DataType.FLOAT || conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) return null;
        if (net.getFlattenedGradients() == null) net.initGradientsView(); // DL4J makes it on the first backward pass
        Map<String, Node> byName = new HashMap<>();
        List<Node> order = new ArrayList<>();
        for (int index : net.topologicalSortOrder()) {
            String name = net.getVertices()[index].getVertexName();
            List<String> inputNames = conf.getVertexInputs().get(name);
            Node[] inputs = inputNames == null ? new Node[0] : inputNames.stream().map(byName::get).toArray(Node[]::new);
            Node node = conf.getNetworkInputs().contains(name) ? new Input(name) : node(name, conf.getVertices().get(name), inputs, net);
            if (node == null) return null;
            byName.put(name, node);
            order.add(node);
        }
        // The gradient as DL4J's backpropGradient hands it to the updater: the flattened array and a view per parameter.
        Gradient g = new DefaultGradient(net.getFlattenedGradients());
        for (Layer l : net.getLayers()) {
            String layerName = l.conf().getLayer().getLayerName();
            gradientViews(l).forEach((param, view) -> g.setGradientFor(layerName + "_" + param, view));
        }
        String inputName = conf.getNetworkInputs().get(0);
        return new DirectTrainingPass((Input) byName.get(inputName), order, byName.get(conf.getNetworkOutputs().get(0)), g);
    }

    private static Node node(String name, GraphVertex v, Node[] in, ComputationGraph net) {
        if (v instanceof ElementWiseVertex e) return e.getOp() == ElementWiseVertex.Op.Add && in.length == 2 ? new Add(name, in) : null;
        if (!(v instanceof LayerVertex lv) || in.length != 1 || lv.getPreProcessor() != null) return null;
        org.deeplearning4j.nn.conf.layers.Layer c = lv.getLayerConf().getLayer();
        if (c.getIDropout() != null || (c instanceof BaseLayer b && b.getWeightNoise() != null)) return null;
        Layer layer = net.getLayer(name);
        if (c instanceof ConvolutionLayer conv && c.getClass() == ConvolutionLayer.class) {
            boolean supported = conv.getCnn2dDataFormat() == CNN2DFormat.NCHW && conv.getDilation()[0] == 1 && conv.getDilation()[1] == 1
                    && conv.getConvolutionMode() != ConvolutionMode.Causal && conv.getActivationFn() instanceof ActivationIdentity;
            return supported ? new Convolution(name, in, conv, layer, !(in[0] instanceof Input)) : null;
        }
        if (c instanceof BatchNormalization bn) {
            // Its activation function is not applied by DL4J's layer (it holds the configuration's default, e.g. sigmoid).
            boolean supported = bn.getCnn2DFormat() == CNN2DFormat.NCHW && !bn.isLockGammaBeta() && bn.isUseLogStd();
            return supported ? new BatchNorm(name, in, bn, layer) : null;
        }
        if (c instanceof ActivationLayer a && a.getActivationFn() instanceof ActivationReLU relu) {
            boolean plain = relu.getMax() == null && zeroOrNull(relu.getThreshold()) && zeroOrNull(relu.getNegativeSlope());
            return plain ? new Relu(name, in) : null;
        }
        if (c instanceof Upsampling2D up && up.getFormat() == CNN2DFormat.NCHW) return new Upsample(name, in, up.getSize());
        return null;
    }

    /** Each parameter's view of the layer's part of the network's gradient array. */
    private static Map<String, INDArray> gradientViews(Layer layer) {
        return layer.conf().getLayer().initializer().getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
    }

    private static boolean zeroOrNull(Double d) {
        return d == null || d == 0;
    }

    /** Training-mode forward pass of a [N, 1, H, W] float batch; returns the output's values, one row per image (C order). */
    double[][] forward(INDArray input) {
        this.input.set(input);
        for (Node n : order) n.forward();
        double[][] rows = new double[output.dims.n][output.dims.perImage()];
        for (int i = 0, k = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) rows[i][j] = output.y[k++];
        }
        return rows;
    }

    /**
     * Backward pass of the last {@link #forward} from dL/d(output) ({@code dy}, one row per image), into the network's
     * gradient array; returns it as DL4J's {@code backpropGradient} would (for the updater).
     */
    Gradient backward(double[][] dy) {
        for (Node n : order) n.gradientReady = false;
        float[] d = output.gradientBuffer();
        for (int i = 0, k = 0; i < dy.length; i++) {
            for (double v : dy[i]) d[k++] = (float) v;
        }
        output.gradientReady = true;
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            if (n.gradientReady) n.backward();
        }
        return gradient;
    }

    /** [n, c, h, w]. */
    record Dims(int n, int c, int h, int w) {
        int length() {
            return n * c * h * w;
        }

        int plane() {
            return h * w;
        }

        int perImage() {
            return c * h * w;
        }
    }

    /** A vertex: its output y (C order, {@link #dims}) and the gradient of the loss with respect to it. */
    private abstract static class Node {
        final String name;
        final Node[] in;
        Dims dims;
        float[] y = new float[0];
        private float[] dy = new float[0];
        boolean gradientReady;

        Node(String name, Node[] in) {
            this.name = name;
            this.in = in;
        }

        abstract void forward();

        /** Adds dL/d(input) onto each input's gradient ({@link #gradientFor}). */
        abstract void backward();

        /** y sized for {@code d} (kept when the size is unchanged). */
        void output(Dims d) {
            dims = d;
            if (y.length != d.length()) y = new float[d.length()];
        }

        float[] gradientBuffer() {
            if (dy.length != dims.length()) dy = new float[dims.length()];
            return dy;
        }

        float[] gradient() {
            return dy;
        }

        /** This node's gradient for a reader to add onto: zeroed on the first contribution of a backward pass. */
        float[] gradientFor() {
            float[] g = gradientBuffer();
            if (!gradientReady) {
                Arrays.fill(g, 0f);
                gradientReady = true;
            }
            return g;
        }

        /**
         * Whether a reader's contribution must be added onto this node's gradient (another reader's is there) rather than
         * written over it; the reader then writes or adds into {@link #gradientBuffer} — one pass, no zeroing.
         */
        boolean contribute() {
            boolean add = gradientReady;
            gradientReady = true;
            return add;
        }
    }

    private static final class Input extends Node {
        Input(String name) {
            super(name, new Node[0]);
        }

        void set(INDArray x) {
            if (x.rank() != 4) throw new IllegalArgumentException("network input: expected [N, C, H, W], got " + Arrays.toString(x.shape()));
            output(new Dims((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3)));
            NdArrays.floats(x, y);
        }

        @Override
        void forward() {}

        @Override
        void backward() {}
    }

    private static final class Convolution extends Node {
        private final ConvolutionLayer conf;
        private final INDArray weights, bias, weightGradient, biasGradient;
        private final boolean inputGradientNeeded;
        private INDArray columns, product, weights2d;
        private int[] topLeft;

        Convolution(String name, Node[] in, ConvolutionLayer conf, Layer layer, boolean inputGradientNeeded) {
            super(name, in);
            this.conf = conf;
            this.weights = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            this.bias = conf.hasBias() ? layer.getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
            Map<String, INDArray> g = gradientViews(layer);
            this.weightGradient = g.get(ConvolutionParamInitializer.WEIGHT_KEY);
            this.biasGradient = conf.hasBias() ? g.get(ConvolutionParamInitializer.BIAS_KEY) : null;
            this.inputGradientNeeded = inputGradientNeeded;
        }

        @Override
        void forward() {
            Dims x = in[0].dims;
            int[] k = conf.getKernelSize(), s = conf.getStride(), inSize = {x.h(), x.w()};
            int outH, outW;
            if (conf.getConvolutionMode() == ConvolutionMode.Same) {
                outH = (x.h() + s[0] - 1) / s[0];
                outW = (x.w() + s[1] - 1) / s[1];
                topLeft = ConvolutionUtils.getSameModeTopLeftPadding(new int[] {outH, outW}, inSize, k, s, new int[] {1, 1});
            } else {
                int[] p = conf.getPadding();
                outH = (x.h() + 2 * p[0] - k[0]) / s[0] + 1;
                outW = (x.w() + 2 * p[1] - k[1]) / s[1] + 1;
                topLeft = p;
            }
            int outC = (int) weights.size(0), pixels = outH * outW, np = x.n() * pixels;
            columns = scratch(columns, new long[] {x.c(), k[0], k[1], x.n(), outH, outW});
            product = scratch(product, new long[] {outC, np});
            Im2col.fill(in[0].y, x.n(), x.c(), x.h(), x.w(), k[0], k[1], s[0], s[1], topLeft[0], topLeft[1], columns);
            // W as [oC, K], copied once per step: the backward pass's dL/dx uses the same values (the update comes after it).
            weights2d = weights.dup('c').reshape('c', weights.size(0), weights.length() / weights.size(0));
            Nd4j.gemm(weights2d, columns.reshape('c', columns.length() / np, np), product, false, false, 1.0, 0.0);
            output(new Dims(x.n(), outC, outH, outW));
            // product [oC, N·P] → y [N, oC, P], plus the bias.
            java.nio.FloatBuffer p = product.data().asNioFloat();
            float[] b = bias == null ? null : NdArrays.floats(bias);
            for (int c = 0; c < outC; c++) {
                for (int img = 0; img < x.n(); img++) {
                    int to = (img * outC + c) * pixels;
                    p.get((c * x.n() + img) * pixels, y, to, pixels);
                    if (b != null) for (int i = to; i < to + pixels; i++) y[i] += b[c];
                }
            }
        }

        @Override
        void backward() {
            Dims x = in[0].dims;
            int outC = dims.c(), pixels = dims.plane(), np = dims.n() * pixels;
            float[] d = gradient();
            java.nio.FloatBuffer p = product.data().asNioFloat();
            float[] db = new float[outC];
            for (int c = 0; c < outC; c++) {
                double sum = 0;
                for (int img = 0; img < dims.n(); img++) {
                    int from = (img * outC + c) * pixels;
                    p.put((c * dims.n() + img) * pixels, d, from, pixels);
                    for (int i = from; i < from + pixels; i++) sum += d[i];
                }
                db[c] = (float) sum;
            }
            if (biasGradient != null) biasGradient.assign(Nd4j.create(db, biasGradient.shape(), 'c'));
            int k = (int) (columns.length() / np);
            INDArray gradW2d = Shape.newShapeNoCopy(weightGradient, new long[] {outC, k}, false);
            if (gradW2d == null) throw new IllegalStateException(name + ": the weight gradient view is not contiguous");
            INDArray cols2d = columns.reshape('c', k, np);
            Nd4j.gemm(product, cols2d, gradW2d, false, true, 1.0, 0.0);
            if (!inputGradientNeeded) return;
            Nd4j.gemm(weights2d, product, cols2d, true, false, 1.0, 0.0);
            int[] s = conf.getStride();
            Im2col.addAdjoint(columns, x.h(), x.w(), s[0], s[1], topLeft[0], topLeft[1], in[0].gradientFor());
        }
    }

    private static final class BatchNorm extends Node {
        private final BatchNormalization conf;
        private final INDArray gamma, beta, runningMean, runningLog10Std, gammaGradient, betaGradient, meanGradient, log10StdGradient;
        private BatchNormTraining.Stats stats; // of the last forward pass's input (its values: the input node's output)

        BatchNorm(String name, Node[] in, BatchNormalization conf, Layer layer) {
            super(name, in);
            this.conf = conf;
            gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA);
            beta = layer.getParam(BatchNormalizationParamInitializer.BETA);
            runningMean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            runningLog10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            Map<String, INDArray> g = gradientViews(layer);
            gammaGradient = g.get(BatchNormalizationParamInitializer.GAMMA);
            betaGradient = g.get(BatchNormalizationParamInitializer.BETA);
            meanGradient = g.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            log10StdGradient = g.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        }

        @Override
        void forward() {
            Dims d = in[0].dims;
            output(d);
            stats = new BatchNormTraining.Stats(in[0].y, new long[] {d.n(), d.c(), d.h(), d.w()}, conf.getEps());
            stats.normalise(NdArrays.floats(gamma), NdArrays.floats(beta), y);
        }

        @Override
        void backward() {
            int channels = dims.c();
            float[] dGamma = new float[channels], dBeta = new float[channels];
            boolean add = in[0].contribute();
            stats.backward(NdArrays.floats(gamma), gradient(), in[0].gradientBuffer(), add, dGamma, dBeta);
            gammaGradient.assign(Nd4j.create(dGamma, gammaGradient.shape(), 'c'));
            betaGradient.assign(Nd4j.create(dBeta, betaGradient.shape(), 'c'));
            // The running statistics' "gradients" (see the class comment), in DL4J's order of float operations' results.
            float[] globalMean = NdArrays.floats(runningMean), log10Std = NdArrays.floats(runningLog10Std);
            float[] dMean = new float[channels], dLog10Std = new float[channels];
            double decay = conf.getDecay();
            for (int c = 0; c < channels; c++) {
                dMean[c] = (float) ((1 - decay) * (globalMean[c] - (float) stats.mean[c]));
                double s = Math.pow(10, log10Std[c]), var = s * s, next = var * decay + (float) stats.variance[c] * (1 - decay);
                dLog10Std[c] = (float) (Math.log(var / next) / (2 * Math.log(10)));
            }
            meanGradient.assign(Nd4j.create(dMean, meanGradient.shape(), 'c'));
            log10StdGradient.assign(Nd4j.create(dLog10Std, log10StdGradient.shape(), 'c'));
        }
    }

    private static final class Relu extends Node {
        Relu(String name, Node[] in) {
            super(name, in);
        }

        @Override
        void forward() {
            output(in[0].dims);
            float[] x = in[0].y;
            for (int i = 0; i < y.length; i++) y[i] = Math.max(x[i], 0f);
        }

        @Override
        void backward() {
            float[] d = gradient();
            boolean add = in[0].contribute();
            float[] dx = in[0].gradientBuffer();
            if (add) {
                for (int i = 0; i < d.length; i++) dx[i] += y[i] > 0 ? d[i] : 0f;
            } else {
                for (int i = 0; i < d.length; i++) dx[i] = y[i] > 0 ? d[i] : 0f;
            }
        }
    }

    private static final class Add extends Node {
        Add(String name, Node[] in) {
            super(name, in);
        }

        @Override
        void forward() {
            if (!in[0].dims.equals(in[1].dims)) throw new IllegalStateException(name + ": adding " + in[0].dims + " and " + in[1].dims);
            output(in[0].dims);
            float[] a = in[0].y, b = in[1].y;
            for (int i = 0; i < y.length; i++) y[i] = a[i] + b[i];
        }

        @Override
        void backward() {
            float[] d = gradient();
            for (Node input : in) {
                boolean add = input.contribute();
                float[] dx = input.gradientBuffer();
                if (add) {
                    for (int i = 0; i < d.length; i++) dx[i] += d[i];
                } else {
                    System.arraycopy(d, 0, dx, 0, d.length);
                }
            }
        }
    }

    /** Nearest-neighbour upsampling by integer factors (each pixel repeated sH × sW times). */
    private static final class Upsample extends Node {
        private final int sH, sW;

        Upsample(String name, Node[] in, int[] size) {
            super(name, in);
            this.sH = size[0];
            this.sW = size.length > 1 ? size[1] : size[0];
        }

        @Override
        void forward() {
            Dims x = in[0].dims;
            output(new Dims(x.n(), x.c(), x.h() * sH, x.w() * sW));
            float[] src = in[0].y;
            for (int plane = 0; plane < x.n() * x.c(); plane++) {
                for (int oy = 0; oy < dims.h(); oy++) {
                    int from = (plane * x.h() + oy / sH) * x.w(), to = (plane * dims.h() + oy) * dims.w();
                    for (int ox = 0; ox < dims.w(); ox++) y[to + ox] = src[from + ox / sW];
                }
            }
        }

        @Override
        void backward() {
            Dims x = in[0].dims;
            float[] d = gradient(), dx = in[0].gradientFor();
            for (int plane = 0; plane < x.n() * x.c(); plane++) {
                for (int oy = 0; oy < dims.h(); oy++) {
                    int to = (plane * x.h() + oy / sH) * x.w(), from = (plane * dims.h() + oy) * dims.w();
                    for (int ox = 0; ox < dims.w(); ox++) dx[to + ox / sW] += d[from + ox];
                }
            }
        }
    }

    /** {@code a} if it has {@code shape}, else a new uninitialised C-order float array, outside any workspace (kept). */
    private static INDArray scratch(INDArray a, long[] shape) {
        if (a != null && Arrays.equals(a.shape(), shape)) return a;
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }
    }
}
