package org.crossview.coarse;

import org.crossview.image.GaussianBlur;
import java.util.random.RandomGenerator;

/**
 * The former training augmentation, kept as {@code --domain-rand legacy} for ablations (the default is now the
 * raw-intensity chain of {@link TrainingImages}): random changes to a training DRR (log domain) so the network
 * does not learn the renderer's exact look (DiffPose/xvr practice, DESIGN.md §5). In order:
 * <ol>
 * <li>bone multiplier b ~ U[1, maxBoneMultiplier] with probability {@code boneProbability}: the DRR
 *     becomes DRR(μ) + (b − 1)·DRR(μ_excess), the line integral of μ with its excess over the bone
 *     threshold scaled by b (line integrals are linear in μ, so the second volume, μ_excess, is rendered
 *     once per view and added; see {@link SyntheticData#boneExcess});</li>
 * <li>contrast: the log image raised to a power γ ~ U[1/maxGamma, maxGamma] after mapping to [0, 1];</li>
 * <li>quantum noise with probability {@code noiseProbability}: counts = I0·exp(−DRR) with I0 log-uniform in
 *     [minPhotons, maxPhotons], Poisson-distributed (normal approximation, counts ≥ 1), back to −log(counts/I0);</li>
 * <li>detector blur: Gaussian with σ ~ U[0, maxBlurPx] pixels.</li>
 * </ol>
 */
public record Augmentation(double maxBoneMultiplier, double boneProbability, double maxGamma, double noiseProbability,
        double minPhotons, double maxPhotons, double maxBlurPx) {

    public Augmentation {
        if (!(maxBoneMultiplier >= 1)) throw new IllegalArgumentException("maxBoneMultiplier: must be ≥ 1, got " + maxBoneMultiplier);
        if (!(maxGamma >= 1)) throw new IllegalArgumentException("maxGamma: must be ≥ 1, got " + maxGamma);
        if (!(boneProbability >= 0 && boneProbability <= 1) || !(noiseProbability >= 0 && noiseProbability <= 1)) {
            throw new IllegalArgumentException("augmentation probabilities must lie in [0, 1]");
        }
        if (!(minPhotons > 0) || !(maxPhotons >= minPhotons)) throw new IllegalArgumentException("photons: need 0 < min ≤ max, got " + minPhotons + ".." + maxPhotons);
        if (!(maxBlurPx >= 0)) throw new IllegalArgumentException("maxBlurPx: must be ≥ 0, got " + maxBlurPx);
    }

    public static Augmentation defaults() {
        return new Augmentation(2.0, 0.5, 1.3, 0.8, 3e3, 1e5, 1.0);
    }

    public static Augmentation none() {
        return new Augmentation(1, 0, 1, 0, 1, 1, 0);
    }

    public boolean needsBoneImage() {
        return maxBoneMultiplier > 1 && boneProbability > 0;
    }

    /** Augments {@code drr} (log domain) in place; {@code boneDrr} may be null when not needed. */
    public void apply(float[] drr, float[] boneDrr, int cols, int rows, RandomGenerator rng) {
        // Every draw is taken whether used or not, so the stream does not depend on the outcomes.
        double pb = rng.nextDouble(), b = 1 + (maxBoneMultiplier - 1) * rng.nextDouble();
        double g = Math.exp(Math.log(maxGamma) * (2 * rng.nextDouble() - 1));
        double pn = rng.nextDouble(), i0 = Math.exp(Math.log(minPhotons) + (Math.log(maxPhotons) - Math.log(minPhotons)) * rng.nextDouble());
        double blur = maxBlurPx * rng.nextDouble();
        long noiseSeed = rng.nextLong();
        if (boneDrr != null && pb < boneProbability) {
            for (int i = 0; i < drr.length; i++) drr[i] += (float) ((b - 1) * boneDrr[i]);
        }
        if (g != 1) gamma(drr, g);
        if (pn < noiseProbability) poisson(drr, i0, new java.util.SplittableRandom(noiseSeed));
        GaussianBlur.inPlace(drr, cols, rows, blur);
    }

    private static void gamma(float[] x, double g) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) return;
        double range = hi - lo;
        for (int i = 0; i < x.length; i++) x[i] = (float) (lo + range * Math.pow((x[i] - lo) / range, g));
    }

    /** Quantum noise on I0·exp(−x), returned to the log domain. */
    static void poisson(float[] x, double i0, RandomGenerator rng) {
        for (int i = 0; i < x.length; i++) {
            double counts = i0 * Math.exp(-x[i]);
            double noisy = counts + Math.sqrt(counts) * rng.nextGaussian();
            x[i] = (float) -Math.log(Math.max(noisy, 1.0) / i0);
        }
    }
}
