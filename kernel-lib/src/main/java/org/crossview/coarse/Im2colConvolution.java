package org.crossview.coarse;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution layer's forward and backward pass as im2col ({@link Im2col}, in Java) and GEMMs, for the coarse network's
 * small NCHW float layers: libnd4j's (CPU, no oneDNN) {@code conv2d} permutes the columns and the product around the same
 * GEMM, and its {@code conv2d_bp} (DL4J's built-in path alike) scatters the input gradient back with {@code col2im} over
 * permuted buffers, ~4× a whole forward pass on a small network. Here, with the columns X = im2col(x) of the whole batch as
 * one [K, N·P] matrix (K = inC·kH·kW, P = outH·outW) and δ the output's gradient as [oC, N·P], one GEMM each:
 * <ul>
 * <li>z = W·X + b, its [oC, N, P] blocks then moved into NCHW;</li>
 * <li>dL/dW = δ·Xᵀ (into the layer's gradient view);</li>
 * <li>dL/dx = col2im(Wᵀ·δ), the adjoint of im2col ({@link Im2col#adjoint});</li>
 * <li>dL/db = Σ δ over images and pixels.</li>
 * </ul>
 * One GEMM per layer and pass instead of one per image: on this network's layers (9 images of 4² to 32² pixels) a GEMM per
 * image ran at 4–80 GFLOP/s, the batch's at 50–200 (a throwaway microbenchmark, one JVM); the whole step's gain, with the
 * block moves, is what {@code crossview bench train} measures.
 * The backward pass takes the forward pass's columns for dL/dW when it reads the same input. Anything this does not handle (NHWC,
 * dilation, non-float) goes to {@link MKLDNNConvHelper}, i.e. libnd4j's fused ops. {@code delta} arrives with the
 * activation's derivative already applied by the layer.
 */
final class Im2colConvolution implements ConvolutionHelper {
    private final MKLDNNConvHelper fused;
    private final boolean inputGradientNeeded;
    private final boolean linear;
    // The last pre-activation output and what it was computed from (linear layers only; see preOutput).
    private INDArray lastInput, lastWeights, lastOutput;
    private float[] lastWeightValues;
    // Per-layer scratch kept between steps (same shapes every step): a fresh native buffer of a few MB per layer and step
    // cost about as much as the im2col that fills it (page faults), ~6 % of a training step (JFR profile of bench train).
    private INDArray columns;
    private INDArray product; // [oC, N·P]: the forward GEMM's result, then the backward pass's δ in that order
    private INDArray columnsOf; // the input whose im2col columns holds (set by the forward pass, used once by the backward)

    /**
     * {@code inputGradientNeeded} false (the layer reads the network's input): dL/dx is not computed, and null is returned
     * for it. {@code linear}: the layer's activation is the identity.
     */
    Im2colConvolution(DataType dataType, boolean inputGradientNeeded, boolean linear) {
        this.fused = new MKLDNNConvHelper(dataType);
        this.inputGradientNeeded = inputGradientNeeded;
        this.linear = linear;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad, AlgoMode mode,
            FwdAlgo fwdAlgo, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        // DL4J's backward pass recomputes the forward convolution only to apply the activation's derivative at it; the
        // identity's derivative ignores it, so a linear layer answers the same input and weights with the same array
        // (same objects, weights unchanged since). The values are compared in Java: libnd4j's neq(…).any() took
        // milliseconds on a 64×64×3×3 kernel (~100× the copy and compare), once per linear layer per step.
        if (linear && input == lastInput && weights == lastWeights && Arrays.equals(NdArrays.floats(weights), lastWeightValues)) {
            INDArray out = lastOutput;
            lastInput = lastWeights = lastOutput = null;
            lastWeightValues = null;
            return out;
        }
        INDArray out;
        if (handled(cm, format, dilation, input, weights)) {
            int[] outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, cm, dilation, format);
            int[] topLeft = cm == ConvolutionMode.Same ? ConvolutionUtils.getSameModeTopLeftPadding(outSize,
                    new int[] {(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation) : pad;
            columns = reuse(columns, new long[] {input.size(1), kernel[0], kernel[1], input.size(0), outSize[0], outSize[1]});
            out = correlate(input, weights, bias, kernel, strides, topLeft, mgr);
            columnsOf = input;
        } else {
            out = fused.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, cm, dilation, format, mgr);
        }
        if (linear && out != null) {
            lastInput = input;
            lastWeights = weights;
            lastWeightValues = NdArrays.floats(weights);
            lastOutput = out;
        }
        return out;
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return fused.activate(z, afn, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
            int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn, AlgoMode mode, BwdFilterAlgo bwdFilterAlgo,
            BwdDataAlgo bwdDataAlgo, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        boolean same = cm == ConvolutionMode.Same;
        if (!handled(cm, format, dilation, input, weights)) {
            // DL4J hands a helper other than its own a dummy bias gradient for a bias-free layer: drop it. conv2d_bp wants
            // the bias gradient as a vector (a view: it is written in place).
            Pair<Gradient, INDArray> r = fused.backpropGradient(input, weights, bias, delta, kernel, strides, pad,
                    bias == null ? null : biasGradView.reshape(biasGradView.length()), weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo,
                    cm, dilation, format, mgr);
            if (r != null && bias != null) r.getFirst().gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
            return r;
        }
        long n = input.size(0), inC = input.size(1), inH = input.size(2), inW = input.size(3);
        long outC = delta.size(1), outH = delta.size(2), outW = delta.size(3);
        int kH = kernel[0], kW = kernel[1], sH = strides[0], sW = strides[1];
        int[] topLeft = same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) outH, (int) outW}, new int[] {(int) inH, (int) inW}, kernel, strides, dilation)
                : pad;
        long k = inC * kH * kW, p = outH * outW;
        // δ as [oC, N·P], the columns' order of pixels.
        product = reuse(product, new long[] {outC, n * p});
        NdArrays.swapBlocks(NdArrays.plain(delta).data().asNioFloat(), (int) n, (int) outC, (int) p, product.data().asNioFloat());

        // dL/dW = δ·Xᵀ with X the im2col of the input at the forward geometry (the forward pass's, when it read this input),
        // straight into the gradient's C-order [oC, K] view (no transposed output view for ND4J's GEMM to handle).
        long[] columnShape = {inC, kH, kW, n, outH, outW};
        if (columnsOf != input || columns == null || !Arrays.equals(columns.shape(), columnShape)) {
            columns = reuse(columns, columnShape);
            Im2col.fill(input, kH, kW, sH, sW, topLeft[0], topLeft[1], columns);
        }
        columnsOf = null;
        INDArray gradW2d = Shape.newShapeNoCopy(weightGradView, new long[] {outC, k}, false);
        if (gradW2d == null) throw new IllegalStateException("convolution backward: the weight gradient view is not contiguous");
        Nd4j.gemm(product, columns.reshape('c', k, n * p), gradW2d, false, true, 1.0, 0.0);

        INDArray epsilon = inputGradientNeeded ? inputGradient(product, weights, kernel, strides, topLeft, n, inH, inW) : null;

        Gradient g = new DefaultGradient();
        if (bias != null && biasGradView != null) {
            biasGradView.assign(delta.sum(0, 2, 3).reshape(biasGradView.shape()));
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, epsilon == null ? null : mgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilon));
    }

    /**
     * dL/dx = col2im(Wᵀ·δ): the columns' gradient [K, N·P] = W[oC, K]ᵀ·δ[oC, N·P] by one GEMM (into the columns buffer,
     * whose forward values dL/dW has used), then each entry added back onto the pixel it was read from ({@link Im2col#adjoint}).
     */
    private INDArray inputGradient(INDArray d, INDArray weights, int[] kernel, int[] strides, int[] topLeft, long n, long inH, long inW) {
        long outC = weights.size(0), inC = weights.size(1), k = inC * kernel[0] * kernel[1];
        INDArray w2d = weights.dup('c').reshape('c', outC, k);
        Nd4j.gemm(w2d, d, columns.reshape('c', k, d.size(1)), true, false, 1.0, 0.0);
        float[] dx = Im2col.adjoint(columns, (int) inH, (int) inW, strides[0], strides[1], topLeft[0], topLeft[1]);
        return NdArrays.array(dx, new long[] {n, inC, inH, inW});
    }

    /** Whether this class computes the layer itself (else libnd4j's fused ops do). */
    private static boolean handled(ConvolutionMode cm, CNN2DFormat format, int[] dilation, INDArray input, INDArray weights) {
        return (cm == ConvolutionMode.Same || cm == ConvolutionMode.Truncate || cm == ConvolutionMode.Strict) && format == CNN2DFormat.NCHW
                && dilation[0] == 1 && dilation[1] == 1 && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT;
    }

    /**
     * The layer's correlation z = W ⋆ x + b (NCHW, no dilation) as im2col ({@link Im2col}) into the columns (shape [inC,
     * kH, kW, n, outH, outW]), one GEMM [oC, K]·[K, N·P] and the product's [oC, N, P] blocks moved into z's [N, oC, P]:
     * libnd4j's conv2d permutes the columns and the product around a GEMM per image, ~1.2–1.6× the time on this network's layers.
     */
    private INDArray correlate(INDArray x, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] topLeft, LayerWorkspaceMgr mgr) {
        long n = x.size(0), outC = weights.size(0), outH = columns.size(4), outW = columns.size(5);
        long k = columns.size(0) * columns.size(1) * columns.size(2), p = outH * outW;
        Im2col.fill(x, kernel[0], kernel[1], strides[0], strides[1], topLeft[0], topLeft[1], columns);
        INDArray w2d = weights.dup('c').reshape('c', outC, k);
        product = reuse(product, new long[] {outC, n * p});
        Nd4j.gemm(w2d, columns.reshape('c', k, n * p), product, false, false, 1.0, 0.0);
        if (bias != null) product.addiColumnVector(bias.reshape(outC, 1));
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {n, outC, outH, outW}, 'c');
        NdArrays.swapBlocks(product.data().asNioFloat(), (int) outC, (int) n, (int) p, z.data().asNioFloat());
        return z;
    }

    /**
     * {@code scratch} if it has {@code shape}, else a new uninitialised C-order float array of that shape, made outside any
     * open workspace: it is kept from step to step.
     */
    private static INDArray reuse(INDArray scratch, long[] shape) {
        if (scratch != null && Arrays.equals(scratch.shape(), shape)) return scratch;
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        }
    }
}
