package org.crossview.refine;

import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * Masks out the pixels whose rays cross a place where the CT was cut through tissue (a face of the
 * volume's box with tissue on it: the neck under a head CT, the thighs and the spine of a pelvis CT).
 * Along such rays the X-ray sees anatomy the CT lacks, so a DRR cannot match them at any pose; left in,
 * the sharp cut edge pulls the pose towards wherever it best imitates the missing tissue.
 *
 * <p>The cut surfaces are a volume that is 1 in the outer {@code thicknessVoxels} layers of each face
 * where the attenuation is tissue (above {@code tissueMuPerMm}) and 0 elsewhere; its DRR at the current
 * pose is positive exactly on the rays that cross them. Uses the images' geometry and the CT only.
 */
public final class TruncationMask implements MultiViewRefiner.MaskProvider {
    private final Renderer cutRenderer;

    /** @param cutRenderer a renderer bound to a {@link #cutSurfaces} volume */
    public TruncationMask(Renderer cutRenderer) {
        this.cutRenderer = cutRenderer;
    }

    /**
     * The mask for an attenuation volume, or {@code null} when the CT was cut nowhere through tissue
     * (nothing to mask). Tissue: μ above a quarter of water's (~0.005 /mm, i.e. above about −750 HU).
     */
    public static TruncationMask forVolume(Volume mu, java.util.function.Function<Volume, Renderer> rendererFactory) {
        Volume cut = cutSurfaces(mu, 0.005, 2);
        for (float x : cut.data()) {
            if (x != 0) return new TruncationMask(rendererFactory.apply(cut));
        }
        return null;
    }

    /** The cut-surface volume of an attenuation volume (μ per mm): tissue voxels in the outer layers of the box. */
    public static Volume cutSurfaces(Volume mu, double tissueMuPerMm, int thicknessVoxels) {
        int nx = mu.nx(), ny = mu.ny(), nz = mu.nz();
        float[] in = mu.data(), out = new float[in.length];
        int t = Math.max(1, thicknessVoxels);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    boolean shell = i < t || j < t || k < t || i >= nx - t || j >= ny - t || k >= nz - t;
                    int n = mu.index(i, j, k);
                    if (shell && in[n] > tissueMuPerMm) out[n] = 1f;
                }
            }
        }
        return mu.withData(out);
    }

    @Override
    public Image mask(CaseView levelView, Rigid volFromCam) {
        Image cut = cutRenderer.render(levelView.camera(), volFromCam);
        float[] c = cut.data(), m = new float[c.length];
        for (int p = 0; p < c.length; p++) m[p] = c[p] > 1e-6f ? 0f : 1f;
        return new Image(cut.cols(), cut.rows(), m);
    }
}
