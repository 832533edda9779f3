package org.crossview.coarse.physics;

import java.util.random.RandomGenerator;

/**
 * Quantum noise: detected counts are Poisson distributed about the expected count. Exact sampling
 * (inversion by sequential search) below {@link #EXACT_BELOW}, where the distribution is skewed and
 * discrete (dark regions behind bone and metal); the normal approximation N(λ, λ) above, rounded to whole
 * counts and kept ≥ 0, where it is accurate to well under a percent in mean and variance.
 */
public final class PhotonNoise {
    /** Means below this are sampled exactly. */
    public static final double EXACT_BELOW = 64;

    private PhotonNoise() {}

    /** One Poisson(λ) draw, λ ≥ 0. */
    public static double sample(double lambda, RandomGenerator rng) {
        if (!(lambda > 0)) return 0;
        if (lambda >= EXACT_BELOW) return Math.max(0, Math.rint(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        double p = Math.exp(-lambda), cdf = p, u = rng.nextDouble();
        int k = 0;
        while (u > cdf && k < 1000) {
            k++;
            p *= lambda / k;
            cdf += p;
        }
        return k;
    }

    /** In place: each expected count replaced by a Poisson draw. */
    public static void apply(float[] expectedCounts, RandomGenerator rng) {
        for (int i = 0; i < expectedCounts.length; i++) expectedCounts[i] = (float) sample(expectedCounts[i], rng);
    }
}
