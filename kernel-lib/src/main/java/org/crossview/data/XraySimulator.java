package org.crossview.data;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.GaussianBlur;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Raw detector images as DeepFluoro stores them (bone dark, not log): I = I0·exp(−DRR), averaged over
 * supersampled rays, blurred by the detector, with Poisson photon noise. Registration then faces more than
 * its own DRRs.
 *
 * <p>Units: {@code i0} is the mean photon count per {@code referencePixelMm}² of detector in air (DeepFluoro's
 * 0.194 mm pixel); a pixel of a binned camera collects (pixel area / reference area) times as many photons,
 * so its noise is smaller, while its stored value stays in photons per reference pixel — the same scale at
 * every binning.
 *
 * @see #simulate(Camera, Rigid, long)
 */
public final class XraySimulator {
    /**
     * @param i0               photons per reference pixel in air (1e4 in head_sample.h5)
     * @param referencePixelMm the pixel size {@code i0} refers to (0.194 mm)
     * @param blurSigmaMm      Gaussian detector blur (σ on the detector, mm), applied before the noise
     * @param supersample      s×s rays per pixel (1 = one ray through the pixel centre)
     * @param noise            Poisson noise on or off
     */
    public record Settings(double i0, double referencePixelMm, double blurSigmaMm, int supersample, boolean noise) {
        public Settings {
            if (!(i0 > 0) || !Double.isFinite(i0)) throw new IllegalArgumentException("i0: must be positive, got " + i0);
            if (!(referencePixelMm > 0)) throw new IllegalArgumentException("referencePixelMm: must be positive, got " + referencePixelMm);
            if (!(blurSigmaMm >= 0)) throw new IllegalArgumentException("blurSigmaMm: must be ≥ 0, got " + blurSigmaMm);
            if (supersample < 1 || supersample > 8) throw new IllegalArgumentException("supersample: must be 1..8, got " + supersample);
        }

        /** head_sample.h5's parameters: I0 = 1e4 per 0.194 mm pixel, 0.5 mm blur, 2×2 rays per pixel, noise. */
        public static Settings defaults() {
            return new Settings(1e4, 0.194, 0.5, 2, true);
        }

        public Settings withNoise(boolean on) { return new Settings(i0, referencePixelMm, blurSigmaMm, supersample, on); }
        public Settings withBlur(double sigmaMm) { return new Settings(i0, referencePixelMm, sigmaMm, supersample, noise); }
        public Settings withSupersample(int s) { return new Settings(i0, referencePixelMm, blurSigmaMm, s, noise); }
        public Settings withI0(double value) { return new Settings(value, referencePixelMm, blurSigmaMm, supersample, noise); }
    }

    private final Renderer muRenderer;
    private final Settings settings;

    /** @param muRenderer a renderer bound to the attenuation volume (μ per mm) */
    public XraySimulator(Renderer muRenderer, Settings settings) {
        this.muRenderer = muRenderer;
        this.settings = settings;
    }

    public Settings settings() { return settings; }

    /** The camera whose s×s binning is {@code camera}: same detector, s times finer pixels. */
    static Camera supersampled(Camera camera, int s) {
        if (s == 1) return camera;
        return new Camera(camera.cols() * s, camera.rows() * s, camera.fx() * s, camera.fy() * s,
                camera.cx() * s + (s - 1) / 2.0, camera.cy() * s + (s - 1) / 2.0, camera.sourceToDetectorMm());
    }

    /** A raw image of the volume seen by {@code camera} at {@code volFromCam}; the noise is drawn from {@code seed}. */
    public Image simulate(Camera camera, Rigid volFromCam, long seed) {
        int s = settings.supersample();
        Camera fine = supersampled(camera, s);
        Image drr = muRenderer.render(fine, volFromCam);
        float[] d = drr.data();
        float[] intensity = new float[d.length];
        for (int i = 0; i < d.length; i++) intensity[i] = (float) (settings.i0() * Math.exp(-d[i]));
        Image fineImage = new Image(fine.cols(), fine.rows(), intensity);
        double sigmaPx = settings.blurSigmaMm() / fine.pixelColSpacingMm();
        if (sigmaPx > 0.05) fineImage = GaussianBlur.of(fineImage, sigmaPx);
        Image pixel = s == 1 ? fineImage : binMean(fineImage, s);
        if (settings.noise()) addPoissonNoise(pixel, camera.pixelColSpacingMm() * camera.pixelRowSpacingMm() / (settings.referencePixelMm() * settings.referencePixelMm()), seed);
        return pixel;
    }

    /**
     * The X-ray as registration uses it: −log(I/I₀) of {@link #simulate} with the known I₀ (bone bright, a line
     * integral plus blur and noise).
     */
    public Image simulateLog(Camera camera, Rigid volFromCam, long seed) {
        Image raw = simulate(camera, volFromCam, seed);
        float[] d = raw.data();
        float[] out = new float[d.length];
        double floor = settings.i0() * 1e-6; // a pixel that caught no photon stays finite
        for (int i = 0; i < d.length; i++) out[i] = (float) -Math.log(Math.max(d[i], floor) / settings.i0());
        return new Image(raw.cols(), raw.rows(), out);
    }

    /** The noise-free expectation (useful to check the noise): same as {@link #simulate} with noise off. */
    public Image expected(Camera camera, Rigid volFromCam) {
        return new XraySimulator(muRenderer, settings.withNoise(false)).simulate(camera, volFromCam, 0);
    }

    /** Above this mean the Poisson law is drawn from its normal limit (relative skew 1/√λ ≤ 3 %). */
    static final double NORMAL_LIMIT_MEAN = 1000;

    /**
     * Replaces each value I (photons per reference pixel) by Poisson(I·a)/a, a = pixel area in reference pixels.
     * Means up to {@link #NORMAL_LIMIT_MEAN} are sampled exactly by commons-math; its sampler costs O(λ) per draw
     * (a log-factorial sum), so larger means (binned pixels collect ~10⁵–10⁷ photons) use round(λ + √λ·z).
     */
    static void addPoissonNoise(Image im, double areaRatio, long seed) {
        RandomGenerator rng = new Well19937c(seed);
        float[] d = im.data();
        for (int i = 0; i < d.length; i++) {
            double lambda = d[i] * areaRatio;
            double counts;
            if (lambda <= 0) counts = 0;
            else if (lambda > NORMAL_LIMIT_MEAN) counts = Math.max(0, Math.rint(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
            else counts = new PoissonDistribution(rng, lambda, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
            d[i] = (float) (counts / areaRatio);
        }
    }

    /** Mean of s×s blocks. */
    static Image binMean(Image in, int s) {
        int cols = in.cols() / s, rows = in.rows() / s;
        float[] out = new float[cols * rows];
        float[] d = in.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) sum += d[(r * s + y) * in.cols() + c * s + x];
                out[r * cols + c] = (float) (sum / (s * s));
            }
        }
        return new Image(cols, rows, out);
    }

}
