package org.crossview.refine;

/**
 * Adam (Kingma &amp; Ba) on a 6-vector tangent step ξ = (ω, v) with one rate for the rotation part and
 * one for the translation part. Hand-written because it is six numbers on a Lie group: the step is
 * applied as a right perturbation by the caller, which no tensor library's updater does.
 */
final class PoseAdam {
    private static final double EPSILON = 1e-12;
    private final double beta1;
    private final double beta2;
    private final double[] m = new double[6];
    private final double[] v = new double[6];
    private int t;
    private double rotationRate;
    private double translationRate;

    PoseAdam(double rotationRate, double translationRate, double beta1, double beta2) {
        this.rotationRate = rotationRate;
        this.translationRate = translationRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** The descent step for gradient g (∂loss/∂ξ); the caller applies pose·exp(step). */
    double[] step(double[] g) {
        t++;
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        double[] s = new double[6];
        for (int i = 0; i < 6; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double rate = i < 3 ? rotationRate : translationRate;
            s[i] = -rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
        return s;
    }

    void scaleRates(double factor) {
        rotationRate *= factor;
        translationRate *= factor;
    }

    double rotationRate() { return rotationRate; }
    double translationRate() { return translationRate; }
}
