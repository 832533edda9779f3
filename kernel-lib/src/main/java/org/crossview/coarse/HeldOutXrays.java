package org.crossview.coarse;

import org.crossview.image.GaussianBlur;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Simulated X-rays the network never saw: poses drawn from a stream disjoint from every training
 * batch (training uses steps ≥ 0; case c here uses "step" −1−c of a salted seed), rendered at the
 * (usually finer) test camera, then made into detector images — intensity I0·exp(−DRR), a Gaussian
 * detector blur, Poisson quantum noise (normal approximation) — and taken back to the log domain,
 * −log(I/I0), as real images are.
 */
public final class HeldOutXrays {
    private static final long SALT = 0x7E57_CA5E_5EED_0001L;

    private HeldOutXrays() {}

    public static List<ObservedCase> simulate(Renderer renderer, Camera camera, PoseParameterisation param, PoseSampling sampling,
            ViewLayout layout, int cases, long seed, double photonsPerPixel, double blurPx) {
        if (cases < 1) throw new IllegalArgumentException("--eval-cases: must be ≥ 1, got " + cases);
        List<ObservedCase> out = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            SplittableRandom rng = SyntheticData.caseRandom(seed ^ SALT, -1L - c, 0);
            Rigid caseOffset = sampling.sample(rng);
            Rigid[] offsets = layout.sampleOffsets(rng);
            Rigid[] poses = new Rigid[offsets.length];
            for (int v = 0; v < offsets.length; v++) poses[v] = param.volFromCamOfRelative(caseOffset.compose(offsets[v]));
            Image[] drr = renderer.render(camera, poses);
            Image[] log = new Image[drr.length];
            for (int v = 0; v < drr.length; v++) log[v] = detector(drr[v], photonsPerPixel, blurPx, rng);
            out.add(new ObservedCase("heldout-" + c, camera, log, poses));
        }
        return out;
    }

    /** DRR → blurred, noisy intensity → log domain. */
    static Image detector(Image drr, double photons, double blurPx, SplittableRandom rng) {
        float[] d = drr.data();
        float[] intensity = new float[d.length];
        for (int i = 0; i < d.length; i++) intensity[i] = (float) (photons * Math.exp(-d[i]));
        GaussianBlur.inPlace(intensity, drr.cols(), drr.rows(), blurPx);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            double counts = intensity[i] + Math.sqrt(intensity[i]) * rng.nextGaussian();
            out[i] = (float) -Math.log(Math.max(counts, 1.0) / photons);
        }
        return new Image(drr.cols(), drr.rows(), out);
    }
}
