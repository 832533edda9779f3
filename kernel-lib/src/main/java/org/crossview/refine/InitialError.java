package org.crossview.refine;

import java.util.Random;
import org.crossview.geometry.Rigid;

/**
 * Sampled initial pose errors of fixed size: a rotation of exactly {@code rotationDeg} about a uniformly
 * random axis through the pivot, then a translation of exactly {@code translationMm} in a uniformly random
 * direction of the reference camera frame. Reproducible from the caller's {@link Random}.
 */
public record InitialError(double rotationDeg, double translationMm) {
    public InitialError {
        if (!(rotationDeg >= 0) || !(translationMm >= 0)) {
            throw new IllegalArgumentException("initial error: magnitudes must be ≥ 0, got " + rotationDeg + "°, " + translationMm + " mm");
        }
    }

    /** volFromCam · Q·exp(θ a)·Q⁻¹ · Trans(d b) with Q the translation to the pivot in the camera frame, a and b random unit vectors. */
    public Rigid apply(Rigid volFromCam, double[] pivotVol, Random random) {
        double[] a = unitVector(random), b = unitVector(random);
        double th = Math.toRadians(rotationDeg);
        double[] pivotCam = volFromCam.inverse().apply(pivotVol);
        Rigid q = Rigid.translation(pivotCam[0], pivotCam[1], pivotCam[2]);
        return volFromCam.compose(q).compose(Rigid.exp(th * a[0], th * a[1], th * a[2], 0, 0, 0)).compose(q.inverse())
                .compose(Rigid.translation(translationMm * b[0], translationMm * b[1], translationMm * b[2]));
    }

    /**
     * The random numbers of one case of a run: from the run's seed and the case's key alone, so that a case's start
     * does not depend on which cases ran before it (a resumed run matches an uninterrupted one).
     */
    public static Random randomFor(long seed, String caseKey) {
        return new Random(new java.util.SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * caseKey.hashCode())).nextLong());
    }

    static double[] unitVector(Random random) {
        while (true) {
            double x = random.nextGaussian(), y = random.nextGaussian(), z = random.nextGaussian();
            double n = Math.sqrt(x * x + y * y + z * z);
            if (n > 1e-9) return new double[] {x / n, y / n, z / n};
        }
    }

    @Override
    public String toString() {
        return rotationDeg + "°/" + translationMm + " mm";
    }
}
