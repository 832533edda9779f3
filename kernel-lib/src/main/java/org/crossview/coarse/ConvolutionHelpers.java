package org.crossview.coarse;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs a network's convolution layers through libnd4j's fused {@code conv2d}/{@code conv2d_bp} ops instead of
 * DL4J's built-in path (an im2col into a permuted buffer, then a GEMM, redone in the backward pass), which
 * dominates a small network's step on a CPU: about 3× less time in the forward pass. DL4J routes a layer through
 * those ops when it holds a "helper"; 1.0.0-M2.1 leaves helpers off by default and only enables them with a
 * oneDNN build, so this sets the helper on each layer ({@link ConvolutionBackward} by default, which also replaces
 * most of {@code conv2d_bp}). Same parameters, same function: outputs and gradients agree with the built-in path to
 * float rounding. Helpers are runtime state: not saved with the network.
 */
public final class ConvolutionHelpers {
    private static final Field HELPER = helperField();

    private ConvolutionHelpers() {}

    /** Whether this DL4J version lets us set the helper (otherwise {@link #install} changes nothing). */
    public static boolean available() {
        return HELPER != null;
    }

    /**
     * Sets (on = true) or clears the fused-op helper of every convolution layer of {@code net}, with the backward pass
     * by forward kernels ({@link ConvolutionBackward}); returns how many layers.
     */
    public static int install(ComputationGraph net, boolean on) {
        return install(net, on, on);
    }

    /**
     * As {@link #install(ComputationGraph, boolean)}; {@code adjointBackward} picks {@link ConvolutionBackward} for the
     * backward pass (else libnd4j's {@code conv2d_bp}). Ignored when {@code fused} is false.
     */
    public static int install(ComputationGraph net, boolean fused, boolean adjointBackward) {
        if (HELPER == null) return 0;
        DataType type = net.getConfiguration().getDataType();
        int n = 0;
        for (Layer l : net.getLayers()) {
            if (!(l instanceof ConvolutionLayer)) continue;
            try {
                HELPER.set(l, !fused ? null
                        : adjointBackward ? new ConvolutionBackward(type, !readsNetworkInput(net, l), isLinear(l)) : new MKLDNNConvHelper(type));
                n++;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("convolution helper: cannot set it on layer " + l.getConfig().getLayerName(), e);
            }
        }
        return n;
    }

    private static boolean readsNetworkInput(ComputationGraph net, Layer l) {
        return net.getConfiguration().getVertexInputs().get(l.getConfig().getLayerName()).stream()
                .anyMatch(net.getConfiguration().getNetworkInputs()::contains);
    }

    private static boolean isLinear(Layer l) {
        return ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.getConfig()).getActivationFn() instanceof ActivationIdentity;
    }

    private static Field helperField() {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
