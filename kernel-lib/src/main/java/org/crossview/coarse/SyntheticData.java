package org.crossview.coarse;

import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * Training batches made on the fly from one CT: poses sampled around the reference view
 * ({@link PoseSampling}), views laid out on the C-arm ({@link ViewLayout}), DRRs rendered in one
 * batched call per batch (with the extra volumes the nuisances need, {@link ExtraVolumes}), turned into
 * X-ray-like images and preprocessed as real X-rays are ({@link TrainingImages}, switched by
 * {@link DomainRandomisation}).
 *
 * <p>Batch {@code step} is a pure function of (seed, step): each case draws from its own
 * {@link SplittableRandom} seeded by a hash of (seed, step, case), so a resumed run sees exactly the
 * batches an uninterrupted one would.
 */
public final class SyntheticData {
    private final Renderer renderer;
    private final ExtraVolumes extras;
    private final Camera camera;
    private final PoseParameterisation parameterisation;
    private final PoseSampling sampling;
    private final ViewLayout layout;
    private final TrainingImages images;

    /**
     * @param renderer renders the attenuation volume μ
     * @param extras renders what the nuisances of {@code dr} need besides μ ({@link ExtraVolumes#open})
     * @param camera the network's camera (input size × input size)
     */
    public SyntheticData(Renderer renderer, ExtraVolumes extras, Camera camera, PoseParameterisation parameterisation,
            PoseSampling sampling, ViewLayout layout, DomainRandomisation dr) {
        if (camera.cols() != camera.rows()) throw new IllegalArgumentException("camera: network input must be square, got " + camera.cols() + "x" + camera.rows());
        this.renderer = renderer;
        this.extras = extras == null ? ExtraVolumes.none() : extras;
        this.camera = camera;
        this.parameterisation = parameterisation;
        this.sampling = sampling;
        this.layout = layout;
        this.images = new TrainingImages(dr, parameterisation.isocentreLps());
    }

    /**
     * The former log-domain augmentation ({@link DomainRandomisation#legacy}).
     *
     * @param boneRenderer renders the bone excess of μ (see {@link #boneExcess}); null disables the bone multiplier
     */
    public SyntheticData(Renderer renderer, Renderer boneRenderer, Camera camera, PoseParameterisation parameterisation,
            PoseSampling sampling, ViewLayout layout, Augmentation augmentation) {
        this(renderer, new ExtraVolumes(augmentation.needsBoneImage() ? boneRenderer : null, null, null), camera, parameterisation, sampling, layout,
                DomainRandomisation.legacy(augmentation));
    }

    public Camera camera() { return camera; }
    public PoseParameterisation parameterisation() { return parameterisation; }
    public PoseSampling sampling() { return sampling; }
    public ViewLayout layout() { return layout; }
    public DomainRandomisation domainRandomisation() { return images.domainRandomisation(); }
    public TrainingImages images() { return images; }

    /**
     * The part of μ above {@code boneThresholdPerMm}, max(0, μ − threshold): what a bone multiplier b scales
     * (μ_boosted = μ + (b − 1)·excess, continuous in HU like the volume package's bone boost).
     */
    public static Volume boneExcess(Volume mu, double boneThresholdPerMm) {
        float[] src = mu.data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) out[i] = (float) Math.max(0, src[i] - boneThresholdPerMm);
        return mu.withData(out);
    }

    /** The random stream of case {@code c} of batch {@code step}. */
    public static SplittableRandom caseRandom(long seed, long step, int c) {
        long h = mix(seed ^ mix(step * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        return new SplittableRandom(mix(h + c * 0xBF58476D1CE4E5B9L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Batch {@code step} of a run seeded by {@code seed}: {@code cases} cases of layout.views() views. */
    public SyntheticBatch batch(long seed, long step, int cases) {
        int views = layout.views();
        int n = cases * views;
        Rigid[] poses = new Rigid[n];
        SplittableRandom[] augRng = new SplittableRandom[cases];
        for (int c = 0; c < cases; c++) {
            SplittableRandom rng = caseRandom(seed, step, c);
            Rigid caseOffset = sampling.sample(rng);
            Rigid[] viewOffsets = layout.sampleOffsets(rng);
            for (int v = 0; v < views; v++) poses[c * views + v] = parameterisation.volFromCamOfRelative(caseOffset.compose(viewOffsets[v]));
            augRng[c] = rng.split();
        }
        // Each case's draw is the first use of its stream, as each view's nuisances follow it: drawn before rendering, it
        // says which extra images the case needs (none for a weight of 0).
        TrainingImages.CaseDraw[] draws = new TrainingImages.CaseDraw[cases];
        boolean legacy = images.domainRandomisation().isLegacy();
        boolean[] bone = new boolean[n], low = new boolean[n], high = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!legacy && i % views == 0) draws[i / views] = images.drawCase(augRng[i / views]);
            TrainingImages.CaseDraw d = draws[i / views];
            bone[i] = legacy || d.boneMultiplier() != 1;
            low[i] = !legacy && d.tissueLow() != 0;
            high[i] = !legacy && d.tissueHigh() != 0;
        }
        Image[] drr = renderer.render(camera, poses);
        ExtraVolumes.View[] extra = extras.render(camera, poses, bone, low, high);
        float[][] inputs = new float[n][];
        for (int i = 0; i < n; i++) {
            inputs[i] = images.networkInput(camera, poses[i], drr[i].data(), extra[i], draws[i / views], augRng[i / views]);
        }
        return new SyntheticBatch(camera, cases, views, poses, drr, inputs);
    }
}
