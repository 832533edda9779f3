package org.crossview.coarse;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.XrayView;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.SiddonRenderer;
import org.crossview.volume.Volume;

/**
 * X-rays made with physics the training stream does not contain, for testing transfer (issue 12 item 5):
 * <ul>
 * <li>a polychromatic 40–100 keV spectrum and an energy-integrating detector, with μ split into water and
 *     cortical-bone parts with their own (NIST) energy dependence: beam hardening, so −log(I/I0) is not linear
 *     in the line integral and bone's contrast relative to soft tissue differs from the CT's;</li>
 * <li>exact line integrals by Siddon's algorithm (not the trilinear ray marcher), 2×2 rays per pixel;</li>
 * <li>image-intensifier vignetting 1 − 0.25·(r/r_max)⁴ rather than cos^k, and a smooth scatter dome
 *     (a fraction of the mean primary times a wide Gaussian in r) rather than blurred primary;</li>
 * <li>Poisson noise (commons-math), then a binomial [1 2 1]/4 detector PSF;</li>
 * <li>views stored upside down when asked (the C-arm turned 180° about its axis, flagged rot-180-for-up).</li>
 * </ul>
 */
final class ForeignXraySimulator implements AutoCloseable {
    /** Energies (keV), spectrum weights (a filtered ~100 kVp tungsten spectrum, coarse), and NIST μ (per mm) of water and cortical bone (1.92 g/cm³). */
    private static final double[] KEV = {40, 50, 60, 80, 100};
    private static final double[] WEIGHT = {0.12, 0.28, 0.30, 0.21, 0.09};
    private static final double[] MU_WATER = {0.02683, 0.02269, 0.02059, 0.01837, 0.01707};
    private static final double[] MU_CORTICAL = {0.1278, 0.0814, 0.0604, 0.0428, 0.0356};
    /** μ the CT's values refer to: water at about 60 keV (the project's 0.02/mm), cortical bone at the same energy. */
    private static final double REF_WATER = 0.02, REF_CORTICAL = 0.02 * MU_CORTICAL[2] / MU_WATER[2];

    private final SiddonRenderer water;
    private final SiddonRenderer bone;
    private final double photons;
    private final double scatterFraction;

    /**
     * @param mu the CT's μ (per mm at the reference energy)
     * @param photons expected photons per pixel in air at the centre
     */
    ForeignXraySimulator(Volume mu, double photons, double scatterFraction) {
        float[] m = mu.data();
        float[] w = new float[m.length], b = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            // Water-equivalent density up to water; the excess as a fraction of "cortical bone replacing water".
            w[i] = (float) (Math.min(m[i], REF_WATER) / REF_WATER);
            b[i] = (float) (Math.max(0, m[i] - REF_WATER) / (REF_CORTICAL - REF_WATER));
        }
        this.water = new SiddonRenderer(mu.withData(w));
        this.bone = new SiddonRenderer(mu.withData(b));
        this.photons = photons;
        this.scatterFraction = scatterFraction;
    }

    /** The raw X-ray of an upright pose; stored turned (pose·Rz(π), flagged) when {@code upsideDown}. */
    XrayView simulate(String name, Camera camera, Rigid uprightVolFromCam, boolean upsideDown, long seed) {
        Rigid stored = upsideDown ? uprightVolFromCam.compose(DeepFluoroGeometry.rot180AboutCamZ()) : uprightVolFromCam;
        int s = 2, cols = camera.cols(), rows = camera.rows();
        Camera fine = camera.resized(cols * s, rows * s);
        float[] lw = water.render(fine, new Rigid[] {stored})[0].data();
        float[] lb = bone.render(fine, new Rigid[] {stored})[0].data();
        double norm = 0;
        for (int e = 0; e < KEV.length; e++) norm += WEIGHT[e] * KEV[e];
        double[] primary = new double[cols * rows];
        for (int v = 0; v < rows * s; v++) {
            for (int u = 0; u < cols * s; u++) {
                int i = v * cols * s + u;
                double signal = 0;
                for (int e = 0; e < KEV.length; e++) signal += WEIGHT[e] * KEV[e] * Math.exp(-lw[i] * MU_WATER[e] - lb[i] * (MU_CORTICAL[e] - MU_WATER[e]));
                primary[(v / s) * cols + u / s] += signal / norm / (s * s);
            }
        }
        double cu = (cols - 1) / 2.0, cv = (rows - 1) / 2.0, rMax = Math.hypot(cu, cv), mean = 0;
        for (double p : primary) mean += p / primary.length;
        Well19937c rng = new Well19937c(seed);
        float[] counts = new float[cols * rows];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double r = Math.hypot(u - cu, v - cv) / rMax;
                double vignette = 1 - 0.25 * Math.pow(r, 4);
                double scatter = scatterFraction * mean * Math.exp(-0.5 * r * r / 0.36);
                double expected = photons * (vignette * primary[v * cols + u] + scatter);
                counts[v * cols + u] = (float) new PoissonDistribution(rng, expected, 1e-12, 10_000_000).sample();
            }
        }
        return new XrayView(name, new Image(cols, rows, binomialPsf(counts, cols, rows)), camera, stored, null, upsideDown);
    }

    private static float[] binomialPsf(float[] x, int cols, int rows) {
        float[] h = new float[x.length], out = new float[x.length];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                int l = Math.max(u - 1, 0), r = Math.min(u + 1, cols - 1);
                h[v * cols + u] = 0.25f * x[v * cols + l] + 0.5f * x[v * cols + u] + 0.25f * x[v * cols + r];
            }
        }
        for (int v = 0; v < rows; v++) {
            int t = Math.max(v - 1, 0), b = Math.min(v + 1, rows - 1);
            for (int u = 0; u < cols; u++) out[v * cols + u] = 0.25f * h[t * cols + u] + 0.5f * h[v * cols + u] + 0.25f * h[b * cols + u];
        }
        return out;
    }

    @Override
    public void close() {
        water.close();
        bone.close();
    }
}
