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
 * batched call per batch, augmented ({@link Augmentation}) and preprocessed ({@link NetworkInput}).
 *
 * <p>Batch {@code step} is a pure function of (seed, step): each case draws from its own
 * {@link SplittableRandom} seeded by a hash of (seed, step, case), so a resumed run sees exactly the
 * batches an uninterrupted one would.
 */
public final class SyntheticData {
    private final Renderer renderer;
    private final Renderer boneRenderer;
    private final Camera camera;
    private final PoseParameterisation parameterisation;
    private final PoseSampling sampling;
    private final ViewLayout layout;
    private final Augmentation augmentation;

    /**
     * @param renderer renders the attenuation volume μ
     * @param boneRenderer renders the bone excess of μ (see {@link #boneExcess}); null disables the bone multiplier
     * @param camera the network's camera (input size × input size)
     */
    public SyntheticData(Renderer renderer, Renderer boneRenderer, Camera camera, PoseParameterisation parameterisation,
            PoseSampling sampling, ViewLayout layout, Augmentation augmentation) {
        if (camera.cols() != camera.rows()) throw new IllegalArgumentException("camera: network input must be square, got " + camera.cols() + "x" + camera.rows());
        this.renderer = renderer;
        this.boneRenderer = augmentation.needsBoneImage() ? boneRenderer : null;
        this.camera = camera;
        this.parameterisation = parameterisation;
        this.sampling = sampling;
        this.layout = layout;
        this.augmentation = augmentation;
    }

    public Camera camera() { return camera; }
    public PoseParameterisation parameterisation() { return parameterisation; }
    public PoseSampling sampling() { return sampling; }
    public ViewLayout layout() { return layout; }
    public Augmentation augmentation() { return augmentation; }

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
        Image[] drr = renderer.render(camera, poses);
        Image[] bone = boneRenderer == null ? null : boneRenderer.render(camera, poses);
        float[][] inputs = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] x = drr[i].data().clone();
            augmentation.apply(x, bone == null ? null : bone[i].data(), camera.cols(), camera.rows(), augRng[i / views]);
            NetworkInput.standardise(x);
            inputs[i] = x;
        }
        return new SyntheticBatch(camera, cases, views, poses, drr, inputs);
    }
}
