package org.crossview.coarse;

import org.crossview.image.GaussianBlur;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.crossview.coarse.DomainRandomisation.Nuisance;
import org.crossview.coarse.physics.AttenuatingObjects;
import org.crossview.coarse.physics.Collimator;
import org.crossview.coarse.physics.ContrastCurve;
import org.crossview.coarse.physics.FallOff;
import org.crossview.coarse.physics.PhotonNoise;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * The training image of one view, made as an X-ray is made and then preprocessed exactly as a real X-ray is
 * ({@link FilePredictions#preprocessing(int)} then {@link NetworkInput#prepare}: log with the I0 estimated
 * from the brightest pixels, resampling, standardisation), so the network's training input cannot drift from
 * its test-time input. Each nuisance is switched by {@link DomainRandomisation}; ranges (network pixels):
 * <ol>
 * <li>line integral L = DRR + (b−1)·DRR(bone excess) [BONE: b ~ U[0.7, 1.8] per case]
 *     + w_lo·DRR(tissue below) + w_hi·DRR(tissue above) [TISSUE: each w ~ U[0, 1.2] with probability 0.75, else 0, per case]
 *     + Σ μ·chord of 0–4 objects [OBJECTS: per case, 3D, see {@link #drawObjects}];</li>
 * <li>primary P = I0·cos(θ)^k·exp(h·t)·aperture·exp(−L) [I0 ~ log-U[2e3, 1e6] photons per network pixel in air per view
 *     (a network pixel of 64² spans ~500 detector pixels: even low-dose fluoroscopy gives ≥ 1e4);
 *     FALLOFF: k ~ U[0, 4]; HEEL: h ~ U[−0.35, 0.35], direction ~ U[0, 2π) per case;
 *     COLLIMATOR: per case, blades inset U[0, 0.15] each with probability 0.5, circular field of radius
 *     U[0.85, 1.15] half-widths with probability 0.25, transmission U[0, 0.1], penumbra σ U[0.3, 1.5] px];</li>
 * <li>focal-spot blur of P [BLUR: σ ~ U[0, 1] px];</li>
 * <li>scatter S = f·G_σs ∗ P [SCATTER: f ~ U[0, 1], σs ~ U[0.08, 0.25]·width];</li>
 * <li>counts ~ Poisson(P + S) [NOISE] (off: the expectation);</li>
 * <li>detector blur [BLUR: σ ~ U[0, 0.7] px];</li>
 * <li>response curve [CONTRAST: glare U[0, 0.03], γ ~ log-U[1/1.5, 1.5], see {@link ContrastCurve}].</li>
 * </ol>
 * Every draw is taken whether its component is on or not, so switching one off leaves the others' draws alone.
 */
public final class TrainingImages {
    private final DomainRandomisation dr;
    private final double[] isocentreLps;

    /** @param isocentreLps where the objects are scattered about (the reference view's isocentre) */
    public TrainingImages(DomainRandomisation dr, double[] isocentreLps) {
        this.dr = dr;
        this.isocentreLps = isocentreLps.clone();
    }

    public DomainRandomisation domainRandomisation() {
        return dr;
    }

    /** What is shared by the views of one case: the patient's bone and extent, the objects, the beam geometry. */
    public record CaseDraw(double boneMultiplier, double tissueLow, double tissueHigh, List<AttenuatingObjects.Solid> objects,
            double falloffExponent, double heelDirectionRad, double heelStrength, Collimator collimator) {}

    public CaseDraw drawCase(RandomGenerator rng) {
        double b = uniform(rng, 0.7, 1.8);
        double pLo = rng.nextDouble(), wLo = uniform(rng, 0, 1.2), pHi = rng.nextDouble(), wHi = uniform(rng, 0, 1.2);
        double k = uniform(rng, 0, 4), heelDir = uniform(rng, 0, 2 * Math.PI), heel = uniform(rng, -0.35, 0.35);
        SplittableRandom objectRng = new SplittableRandom(rng.nextLong());
        double pRect = rng.nextDouble(), pCircle = rng.nextDouble();
        double[] insets = new double[4];
        for (int i = 0; i < 4; i++) insets[i] = uniform(rng, 0, 0.15);
        double radius = uniform(rng, 0.85, 1.15), transmission = uniform(rng, 0, 0.1), edge = uniform(rng, 0.3, 1.5);
        boolean collimate = dr.has(Nuisance.COLLIMATOR) && (pRect < 0.5 || pCircle < 0.25);
        Collimator c = collimate ? new Collimator(pRect < 0.5 ? insets : new double[4], pCircle < 0.25 ? radius : 0, transmission, edge) : Collimator.open();
        return new CaseDraw(dr.has(Nuisance.BONE) ? b : 1, dr.has(Nuisance.TISSUE) && pLo < 0.75 ? wLo : 0, dr.has(Nuisance.TISSUE) && pHi < 0.75 ? wHi : 0,
                dr.has(Nuisance.OBJECTS) ? drawObjects(objectRng, isocentreLps) : List.of(), dr.has(Nuisance.FALLOFF) ? k : 0, heelDir,
                dr.has(Nuisance.HEEL) ? heel : 0, c);
    }

    /**
     * 0–4 objects about the isocentre (LPS): wires (cylinders r 0.4–1 mm, 60–300 mm long), screws (r 1.5–3.5 mm,
     * 20–60 mm), plates/retractors (boxes 10–40 × 1.5–4 × 40–160 mm), μ log-U[0.1, 1.2]/mm (titanium to steel),
     * each centred within ±100 mm of the isocentre, randomly oriented; and with probability 0.3 a pair of table
     * rails (boxes 10–30 × 20–50 mm, 600 mm long along the slice axis, 100–180 mm posterior, 120–220 mm to each side,
     * μ log-U[0.05, 0.5]/mm).
     */
    static List<AttenuatingObjects.Solid> drawObjects(RandomGenerator rng, double[] iso) {
        List<AttenuatingObjects.Solid> out = new ArrayList<>();
        int n = rng.nextInt(5);
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(3);
            double[] c = {iso[0] + uniform(rng, -100, 100), iso[1] + uniform(rng, -100, 100), iso[2] + uniform(rng, -100, 100)};
            double mu = Math.exp(uniform(rng, Math.log(0.1), Math.log(1.2)));
            double[] frame = randomFrame(rng);
            double[] axis = {frame[0], frame[1], frame[2]};
            switch (kind) {
                case 0 -> out.add(new AttenuatingObjects.Cylinder(c, axis, uniform(rng, 30, 150), uniform(rng, 0.4, 1.0), mu));
                case 1 -> out.add(new AttenuatingObjects.Cylinder(c, axis, uniform(rng, 10, 30), uniform(rng, 1.5, 3.5), mu));
                default -> out.add(new AttenuatingObjects.Box(c, frame, new double[] {uniform(rng, 20, 80), uniform(rng, 5, 20), uniform(rng, 0.75, 2)}, mu));
            }
        }
        double pRails = rng.nextDouble(), back = uniform(rng, 100, 180), side = uniform(rng, 120, 220);
        double w = uniform(rng, 5, 15), h = uniform(rng, 10, 25), mu = Math.exp(uniform(rng, Math.log(0.05), Math.log(0.5)));
        if (pRails < 0.3) {
            double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            for (int s = -1; s <= 1; s += 2) {
                out.add(new AttenuatingObjects.Box(new double[] {iso[0] + s * side, iso[1] + back, iso[2]}, identity, new double[] {w, h, 300}, mu));
            }
        }
        return out;
    }

    /**
     * The network input of one view: {@code drr} and {@code extra} (its line-integral images), the case's draw,
     * and this view's random stream; {@code camera} is the network's camera (input size²).
     */
    public float[] networkInput(Camera camera, Rigid volFromCam, float[] drr, ExtraVolumes.View extra, CaseDraw cd, RandomGenerator rng) {
        if (dr.isLegacy()) {
            float[] x = drr.clone();
            dr.legacy().apply(x, extra.bone(), camera.cols(), camera.rows(), rng);
            NetworkInput.standardise(x);
            return x;
        }
        float[] raw = rawCounts(camera, volFromCam, drr, extra, cd, rng);
        return preprocessLikeRealXray(camera, raw);
    }

    /** The real-image path: {@link FilePredictions#preprocessing(int)} then {@link NetworkInput#prepare}. */
    public static float[] preprocessLikeRealXray(Camera camera, float[] raw) {
        XrayView view = new XrayView("training", new Image(camera.cols(), camera.rows(), raw), camera, null, java.util.Map.of(), false);
        XrayView pre = Preprocess.apply(view, FilePredictions.preprocessing(camera.cols()));
        return NetworkInput.prepare(pre.image(), camera.cols());
    }

    /** The raw detector image (counts, bone dark) before preprocessing. */
    public float[] rawCounts(Camera camera, Rigid volFromCam, float[] drr, ExtraVolumes.View extra, CaseDraw cd, RandomGenerator rng) {
        int cols = camera.cols(), rows = camera.rows(), n = cols * rows;
        double i0 = Math.exp(uniform(rng, Math.log(2e3), Math.log(1e6)));
        double focal = uniform(rng, 0, 1.0), detector = uniform(rng, 0, 0.7);
        double spr = uniform(rng, 0, 1.0), scatterSigma = uniform(rng, 0.08, 0.25) * cols;
        double glare = uniform(rng, 0, 0.03), gamma = Math.exp(uniform(rng, -Math.log(1.5), Math.log(1.5)));
        SplittableRandom noiseRng = new SplittableRandom(rng.nextLong());

        float[] line = drr.clone();
        addScaled(line, extra.bone(), cd.boneMultiplier() - 1);
        addScaled(line, extra.tissueLow(), cd.tissueLow());
        addScaled(line, extra.tissueHigh(), cd.tissueHigh());
        if (!cd.objects().isEmpty()) addScaled(line, AttenuatingObjects.lineIntegrals(cd.objects(), camera, volFromCam), 1);

        float[] beam = FallOff.cosPower(camera, cd.falloffExponent());
        if (cd.heelStrength() != 0) multiply(beam, FallOff.heel(cols, rows, cd.heelDirectionRad(), cd.heelStrength()));
        multiply(beam, cd.collimator().factors(cols, rows));
        float[] counts = new float[n];
        for (int i = 0; i < n; i++) counts[i] = (float) (i0 * beam[i] * Math.exp(-line[i]));

        if (dr.has(Nuisance.BLUR)) GaussianBlur.inPlace(counts, cols, rows, focal);
        if (dr.has(Nuisance.SCATTER) && spr > 0) {
            float[] scatter = counts.clone();
            GaussianBlur.inPlace(scatter, cols, rows, scatterSigma);
            for (int i = 0; i < n; i++) counts[i] += (float) (spr * scatter[i]);
        }
        if (dr.has(Nuisance.NOISE)) PhotonNoise.apply(counts, noiseRng);
        if (dr.has(Nuisance.BLUR)) GaussianBlur.inPlace(counts, cols, rows, detector);
        if (dr.has(Nuisance.CONTRAST)) new ContrastCurve(glare, gamma).apply(counts);
        return counts;
    }

    private static void addScaled(float[] acc, float[] x, double w) {
        if (x == null || w == 0) return;
        for (int i = 0; i < acc.length; i++) acc[i] += (float) (w * x[i]);
    }

    private static void multiply(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) acc[i] *= x[i];
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A uniformly random rotation's rows (row-major 3×3), from a normalised Gaussian quaternion. */
    private static double[] randomFrame(RandomGenerator rng) {
        double w = rng.nextGaussian(), x = rng.nextGaussian(), y = rng.nextGaussian(), z = rng.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[] {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 2 * (x * y + w * z), 1 - 2 * (x * x + z * z),
                2 * (y * z - w * x), 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }
}
