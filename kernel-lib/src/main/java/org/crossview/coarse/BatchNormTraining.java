package org.crossview.coarse;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch-normalisation layer's training pass (forward with the batch's statistics, and backward) in plain Java loops
 * over the activations, for the small NCHW float maps of the coarse network. DL4J 1.0.0-M2.1's own path runs it as a
 * dozen separate ND4J ops (reductions, four broadcasts forward, more backward), each with its own allocation and call
 * overhead: about a fifth of a training step of the default network (JFR profile of {@code bench train}), for arrays
 * of at most ~150,000 floats, which two passes in Java handle in well under a millisecond. libnd4j's fused
 * {@code batchnorm} ops (DL4J's MKLDNN helper) measured slower here.
 *
 * <p>Same function as the built-in layer: y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² the batch's per-channel mean and
 * biased variance over images and pixels; dL/dx = γ/√(σ² + ε)·(g − mean(g) − x̂·mean(g·x̂)) per channel, dL/dγ = Σ g·x̂,
 * dL/dβ = Σ g. The layer keeps updating its running statistics from {@link #getMeanCache}/{@link #getVarCache} (μ, σ²).
 * Inference (and anything but NCHW float activations) stays with DL4J's path: this returns null there. Installed by
 * {@link LayerHelpers#installBatchNorm}.
 * Sums are in double (four accumulators per loop), the element-wise maps in float about the channel mean, so results
 * agree with the built-in path to float rounding.
 */
final class BatchNormTraining implements BatchNormalizationHelper {
    private INDArray meanCache, varCache;

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    private static boolean handled(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
            double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!training || !handled(x, format) || gamma == null || beta == null) return null;
        Stats s = new Stats(NdArrays.floats(x, NdArrays.scratch(NdArrays.Slot.INPUT, (int) x.length())), x.shape(), eps);
        float[] y = NdArrays.scratch(NdArrays.Slot.OUTPUT, s.length());
        s.normalise(NdArrays.floats(gamma), NdArrays.floats(beta), y);
        meanCache = Nd4j.create(toFloats(s.mean), new long[] {s.channels}, DataType.FLOAT);
        varCache = Nd4j.create(toFloats(s.variance), new long[] {s.channels}, DataType.FLOAT);
        return NdArrays.array(y, x.shape());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
            INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!handled(input, format) || gamma == null || !handled(epsilon, format)) return null;
        Stats s = new Stats(NdArrays.floats(input, NdArrays.scratch(NdArrays.Slot.INPUT, (int) input.length())), input.shape(), eps);
        float[] e = NdArrays.floats(epsilon, NdArrays.scratch(NdArrays.Slot.GRADIENT, (int) epsilon.length()));
        float[] dx = NdArrays.scratch(NdArrays.Slot.OUTPUT, s.length()), dGamma = new float[s.channels], dBeta = new float[s.channels];
        s.backward(NdArrays.floats(gamma), e, dx, false, dGamma, dBeta);
        dGammaView.assign(Nd4j.create(dGamma, dGammaView.shape(), 'c'));
        dBetaView.assign(Nd4j.create(dBeta, dBetaView.shape(), 'c'));
        Gradient grad = new DefaultGradient();
        grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(grad, NdArrays.array(dx, input.shape()));
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    /**
     * An NCHW batch's values in C order (the first {@link #length} entries of {@code values}, kept by reference) and its
     * per-channel mean, biased variance and σ̃ = √(σ² + ε); the layer's passes over it ({@link DirectTrainingPass} uses them
     * too).
     */
    static final class Stats {
        final float[] values;
        final int images, channels, pixels;
        final double[] mean, variance, std;

        /** {@code shape}: [n, c, h, w]. */
        Stats(float[] values, long[] shape, double eps) {
            this.values = values;
            images = (int) shape[0];
            channels = (int) shape[1];
            pixels = (int) (shape[2] * shape[3]);
            mean = new double[channels];
            variance = new double[channels];
            std = new double[channels];
            double m = (double) images * pixels;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int img = 0; img < images; img++) sum += sum(values, base(img, c), pixels);
                mean[c] = sum / m;
                double sq = 0;
                for (int img = 0; img < images; img++) sq += squaredDeviations(values, base(img, c), pixels, mean[c]);
                variance[c] = sq / m;
                std[c] = Math.sqrt(variance[c] + eps);
            }
        }

        int length() {
            return images * channels * pixels;
        }

        private int base(int img, int c) {
            return (img * channels + c) * pixels;
        }

        /** y = γ·(x − μ)/σ̃ + β per channel (γ = g, β = b). */
        void normalise(float[] g, float[] b, float[] y) {
            for (int c = 0; c < channels; c++) {
                float mu = (float) mean[c], scale = (float) (g[c] / std[c]);
                for (int img = 0; img < images; img++) affine(values, mu, null, y, base(img, c), pixels, scale, 0f, b[c], false);
            }
        }

        /**
         * From e = dL/dy: dL/dγ and dL/dβ into dGamma and dBeta, dL/dx written into dx (or added onto it: {@code accumulate}).
         */
        void backward(float[] g, float[] e, float[] dx, boolean accumulate, float[] dGamma, float[] dBeta) {
            double m = (double) images * pixels;
            for (int c = 0; c < channels; c++) {
                // Σg and Σg·x̂ = (Σg·x − μ·Σg)/σ̃, each in double.
                double sumE = 0, sumEX = 0;
                for (int img = 0; img < images; img++) {
                    sumE += sum(e, base(img, c), pixels);
                    sumEX += dot(e, values, base(img, c), pixels);
                }
                double sumEXhat = (sumEX - mean[c] * sumE) / std[c];
                dBeta[c] = (float) sumE;
                dGamma[c] = (float) sumEXhat;
                // dx = k·(g − mean(g) − x̂·mean(g·x̂)) = −(k·mean(g·x̂)/σ̃)·(x − μ) + k·g − k·mean(g), per channel.
                double k = g[c] / std[c], meanE = sumE / m, meanEXhat = sumEXhat / m;
                float mu = (float) mean[c], onX = (float) (-k * meanEXhat / std[c]), onE = (float) k, shift = (float) (-k * meanE);
                for (int img = 0; img < images; img++) affine(values, mu, e, dx, base(img, c), pixels, onX, onE, shift, accumulate);
            }
        }
    }

    // The loops below run over one channel of one image (contiguous in NCHW). Four double accumulators: one would make each
    // add wait for the last (a dependency chain of 4 cycles per element); the affine map has no chain and vectorises.

    /** Σ a[base .. base + n). */
    private static double sum(float[] a, int base, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = base, end = base + n, end4 = base + (n & ~3);
        for (; i < end4; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) s0 += a[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a·b over [base, base + n). */
    private static double dot(float[] a, float[] b, int base, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = base, end = base + n, end4 = base + (n & ~3);
        for (; i < end4; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < end; i++) s0 += (double) a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a − mean)² over [base, base + n). */
    private static double squaredDeviations(float[] a, int base, int n, double mean) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = base, end = base + n, end4 = base + (n & ~3);
        for (; i < end4; i += 4) {
            double d0 = a[i] - mean, d1 = a[i + 1] - mean, d2 = a[i + 2] - mean, d3 = a[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = a[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * out = onX·(x − mu) + onE·e + shift over [base, base + n) (e null: without the e term), or added onto out
     * ({@code accumulate}). x − mu first: no cancellation.
     */
    private static void affine(float[] x, float mu, float[] e, float[] out, int base, int n, float onX, float onE, float shift, boolean accumulate) {
        int end = base + n;
        if (e == null) {
            for (int i = base; i < end; i++) out[i] = (x[i] - mu) * onX + shift;
        } else if (!accumulate) {
            for (int i = base; i < end; i++) out[i] = (x[i] - mu) * onX + e[i] * onE + shift;
        } else {
            for (int i = base; i < end; i++) out[i] += (x[i] - mu) * onX + e[i] * onE + shift;
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
