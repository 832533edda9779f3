package org.crossview.coarse;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs a network's convolution and batch-normalisation layers through faster code than DL4J's built-in path, which
 * dominates a small network's step on a CPU. DL4J routes a layer through other code when it holds a "helper";
 * 1.0.0-M2.1 leaves helpers off by default and only enables them with a oneDNN build, so this sets them by reflection:
 * convolutions by default through {@link Im2colConvolution} (im2col in Java and one GEMM per image in both passes), else
 * through libnd4j's fused {@code conv2d}/{@code conv2d_bp} ops, either instead of DL4J's im2col into a permuted buffer and a
 * GEMM redone in the backward pass; batch normalisation's training pass in Java
 * ({@link BatchNormTraining}). Same parameters, same function: outputs and gradients agree with the built-in path to
 * float rounding. Helpers are runtime state: not saved with the network. The trainer's steps bypass the layers altogether
 * ({@link DirectTrainingPass}) where the network is one that pass handles; the helpers serve the rest.
 */
public final class LayerHelpers {
    private static final Field CONVOLUTION = helperField(ConvolutionLayer.class);
    private static final Field BATCH_NORM = helperField(BatchNormalization.class);

    private LayerHelpers() {}

    /** Whether this DL4J version lets us set the helpers (otherwise {@link #install} changes nothing). */
    public static boolean available() {
        return CONVOLUTION != null && BATCH_NORM != null;
    }

    /**
     * Sets (on = true) or clears the helper of every convolution layer of {@code net}, {@link Im2colConvolution}; returns how
     * many layers.
     */
    public static int install(ComputationGraph net, boolean on) {
        return install(net, on, on);
    }

    /**
     * As {@link #install(ComputationGraph, boolean)}; {@code adjointBackward} picks {@link Im2colConvolution} (else
     * libnd4j's fused {@code conv2d}/{@code conv2d_bp} ops, {@link MKLDNNConvHelper}). Ignored when {@code fused} is false.
     */
    public static int install(ComputationGraph net, boolean fused, boolean adjointBackward) {
        DataType type = net.getConfiguration().getDataType();
        int n = 0;
        for (Layer l : net.getLayers()) {
            if (!(l instanceof ConvolutionLayer) || CONVOLUTION == null) continue;
            set(CONVOLUTION, l, !fused ? null
                    : adjointBackward ? new Im2colConvolution(type, !readsNetworkInput(net, l), isLinear(l)) : new MKLDNNConvHelper(type));
            n++;
        }
        return n;
    }

    /** Sets (on) or clears {@link BatchNormTraining} on every batch-normalisation layer of {@code net}; returns how many layers. */
    public static int installBatchNorm(ComputationGraph net, boolean on) {
        int n = 0;
        for (Layer l : net.getLayers()) {
            if (!(l instanceof BatchNormalization) || BATCH_NORM == null) continue;
            set(BATCH_NORM, l, on ? new BatchNormTraining() : null);
            n++;
        }
        return n;
    }

    private static void set(Field helper, Layer l, Object value) {
        try {
            helper.set(l, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("layer helper: cannot set it on layer " + l.getConfig().getLayerName(), e);
        }
    }

    private static boolean readsNetworkInput(ComputationGraph net, Layer l) {
        return net.getConfiguration().getVertexInputs().get(l.getConfig().getLayerName()).stream()
                .anyMatch(net.getConfiguration().getNetworkInputs()::contains);
    }

    private static boolean isLinear(Layer l) {
        return ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.getConfig()).getActivationFn() instanceof ActivationIdentity;
    }

    private static Field helperField(Class<?> layerClass) {
        try {
            Field f = layerClass.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
