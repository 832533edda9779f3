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
 * Sums are in double, so results agree with the built-in path to float rounding.
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
        Stats s = new Stats(x, eps);
        float[] g = NdArrays.floats(gamma), b = NdArrays.floats(beta), y = new float[s.values.length];
        for (int c = 0; c < s.channels; c++) {
            double scale = g[c] / s.std[c], shift = b[c] - s.mean[c] * scale;
            for (int img = 0; img < s.images; img++) {
                int base = (img * s.channels + c) * s.pixels;
                for (int p = base; p < base + s.pixels; p++) y[p] = (float) (s.values[p] * scale + shift);
            }
        }
        meanCache = Nd4j.create(toFloats(s.mean), new long[] {s.channels}, DataType.FLOAT);
        varCache = Nd4j.create(toFloats(s.variance), new long[] {s.channels}, DataType.FLOAT);
        return Nd4j.create(y, x.shape(), 'c');
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
            INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!handled(input, format) || gamma == null || !handled(epsilon, format)) return null;
        Stats s = new Stats(input, eps);
        float[] g = NdArrays.floats(gamma), e = NdArrays.floats(epsilon), dx = new float[e.length];
        float[] dGamma = new float[s.channels], dBeta = new float[s.channels];
        double m = (double) s.images * s.pixels;
        for (int c = 0; c < s.channels; c++) {
            double sumE = 0, sumEXhat = 0;
            for (int img = 0; img < s.images; img++) {
                int base = (img * s.channels + c) * s.pixels;
                for (int p = base; p < base + s.pixels; p++) {
                    double xHat = (s.values[p] - s.mean[c]) / s.std[c];
                    sumE += e[p];
                    sumEXhat += e[p] * xHat;
                }
            }
            dBeta[c] = (float) sumE;
            dGamma[c] = (float) sumEXhat;
            double k = g[c] / s.std[c], meanE = sumE / m, meanEXhat = sumEXhat / m;
            for (int img = 0; img < s.images; img++) {
                int base = (img * s.channels + c) * s.pixels;
                for (int p = base; p < base + s.pixels; p++) {
                    double xHat = (s.values[p] - s.mean[c]) / s.std[c];
                    dx[p] = (float) (k * (e[p] - meanE - xHat * meanEXhat));
                }
            }
        }
        dGammaView.assign(Nd4j.create(dGamma, dGammaView.shape(), 'c'));
        dBetaView.assign(Nd4j.create(dBeta, dBetaView.shape(), 'c'));
        Gradient grad = new DefaultGradient();
        grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(grad, Nd4j.create(dx, input.shape(), 'c'));
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    /** An NCHW batch's values in C order and its per-channel mean, biased variance and √(σ² + ε). */
    private static final class Stats {
        final float[] values;
        final int images, channels, pixels;
        final double[] mean, variance, std;

        Stats(INDArray x, double eps) {
            values = NdArrays.floats(x);
            images = (int) x.size(0);
            channels = (int) x.size(1);
            pixels = (int) (x.size(2) * x.size(3));
            mean = new double[channels];
            variance = new double[channels];
            std = new double[channels];
            double m = (double) images * pixels;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int img = 0; img < images; img++) {
                    int base = (img * channels + c) * pixels;
                    for (int p = base; p < base + pixels; p++) sum += values[p];
                }
                mean[c] = sum / m;
                double sq = 0;
                for (int img = 0; img < images; img++) {
                    int base = (img * channels + c) * pixels;
                    for (int p = base; p < base + pixels; p++) {
                        double d = values[p] - mean[c];
                        sq += d * d;
                    }
                }
                variance[c] = sq / m;
                std[c] = Math.sqrt(variance[c] + eps);
            }
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
