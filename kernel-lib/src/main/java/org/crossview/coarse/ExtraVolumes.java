package org.crossview.coarse;

import org.crossview.coarse.physics.SoftTissueExtension;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Volume;

/**
 * The volumes rendered beside μ for the nuisances that need them (line integrals are linear in μ, so each is
 * rendered once per view and added with a random weight): the bone excess ({@link SyntheticData#boneExcess})
 * and the soft tissue continued beyond each cut face ({@link SoftTissueExtension}). Any may be null.
 */
public final class ExtraVolumes implements AutoCloseable {
    /** How far the body is continued beyond each cut face (covers the detector's field at the isocentre and the pose spread). */
    public static final double TISSUE_LENGTH_MM = 300;
    /** The extension's grid (it is smooth along the extrusion). */
    public static final double TISSUE_GRID_MM = 4;
    /** Soft tissue's μ cap: +100 HU (muscle ≈ +50, fat ≈ −100). */
    public static final double TISSUE_CAP_PER_MM = Attenuation.MU_WATER_PER_MM * 1.1;

    private final Renderer bone;
    private final Renderer tissueLow;
    private final Renderer tissueHigh;

    public ExtraVolumes(Renderer bone, Renderer tissueLow, Renderer tissueHigh) {
        this.bone = bone;
        this.tissueLow = tissueLow;
        this.tissueHigh = tissueHigh;
    }

    public static ExtraVolumes none() {
        return new ExtraVolumes(null, null, null);
    }

    /** The renderers {@code dr} needs for the CT {@code mu} (none for a volume that is empty: no bone, air at a cut face). */
    public static ExtraVolumes open(DomainRandomisation dr, Volume mu, String backend, RenderSettings rs) {
        Renderer b = dr.needsBoneImage() ? rendererOrNull(backend, SyntheticData.boneExcess(mu, CtSource.boneThresholdMu()), rs) : null;
        Renderer lo = null, hi = null;
        if (dr.needsTissueImages()) {
            lo = rendererOrNull(backend, SoftTissueExtension.of(mu, SoftTissueExtension.Side.LOW, TISSUE_LENGTH_MM, TISSUE_GRID_MM, TISSUE_CAP_PER_MM), rs);
            hi = rendererOrNull(backend, SoftTissueExtension.of(mu, SoftTissueExtension.Side.HIGH, TISSUE_LENGTH_MM, TISSUE_GRID_MM, TISSUE_CAP_PER_MM), rs);
        }
        return new ExtraVolumes(b, lo, hi);
    }

    private static Renderer rendererOrNull(String backend, Volume v, RenderSettings rs) {
        for (float x : v.data()) if (x != 0) return Renderers.create(backend, v, rs);
        return null;
    }

    /** Line-integral images of one view (null where the volume is absent). */
    public record View(float[] bone, float[] tissueLow, float[] tissueHigh) {
        public static final View NONE = new View(null, null, null);
    }

    /** Every pose's images, one batched call per volume. */
    public View[] render(Camera camera, Rigid[] poses) {
        return render(camera, poses, null, null, null);
    }

    /**
     * Every pose's images, one batched call per volume, each volume only for the poses its mask marks (a null mask: all;
     * a null image where it is not rendered): a case whose weight for a volume is 0 does not need its image.
     */
    public View[] render(Camera camera, Rigid[] poses, boolean[] boneMask, boolean[] lowMask, boolean[] highMask) {
        float[][] b = renderSome(bone, camera, poses, boneMask);
        float[][] lo = renderSome(tissueLow, camera, poses, lowMask);
        float[][] hi = renderSome(tissueHigh, camera, poses, highMask);
        View[] out = new View[poses.length];
        for (int i = 0; i < poses.length; i++) out[i] = new View(b[i], lo[i], hi[i]);
        return out;
    }

    private static float[][] renderSome(Renderer r, Camera camera, Rigid[] poses, boolean[] mask) {
        float[][] out = new float[poses.length][];
        if (r == null) return out;
        int[] which = java.util.stream.IntStream.range(0, poses.length).filter(i -> mask == null || mask[i]).toArray();
        if (which.length == 0) return out;
        Image[] images = r.render(camera, java.util.Arrays.stream(which).mapToObj(i -> poses[i]).toArray(Rigid[]::new));
        for (int k = 0; k < which.length; k++) out[which[k]] = images[k].data();
        return out;
    }

    /** The same volumes through wrapped renderers (e.g. profiled); closing either closes the originals. */
    public ExtraVolumes map(java.util.function.UnaryOperator<Renderer> wrap) {
        return new ExtraVolumes(bone == null ? null : wrap.apply(bone), tissueLow == null ? null : wrap.apply(tissueLow),
                tissueHigh == null ? null : wrap.apply(tissueHigh));
    }

    public boolean hasBone() {
        return bone != null;
    }

    @Override
    public void close() {
        if (bone != null) bone.close();
        if (tissueLow != null) tissueLow.close();
        if (tissueHigh != null) tissueHigh.close();
    }
}
