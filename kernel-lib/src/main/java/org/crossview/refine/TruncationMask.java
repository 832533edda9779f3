package org.crossview.refine;

import java.util.function.Function;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * Masks out the pixels whose rays cross a place where the CT was cut through tissue along the beam: a
 * face of the volume's box with tissue on it (the neck under a head CT, the thighs and the spine of a
 * pelvis CT) that the beam runs roughly parallel to. Beside such a face the X-ray sees anatomy the CT
 * lacks, so the DRR shows a sharp edge the image does not have; left in, that edge pulls the pose towards
 * wherever it best imitates the missing tissue. Faces the beam crosses head-on (the front and back of a
 * body cropped all round) only add a smooth offset along each ray and are kept.
 *
 * <p>For each axis of the box, the tissue in the outer {@code thicknessVoxels} layers of its two faces is
 * its own 0/1 volume; at the current pose, the DRR of an axis's volume is positive exactly on the rays
 * that cross those faces' tissue, and it is used when the central ray makes more than 45° with that
 * axis. A mask that would keep under 10 % of the image is not applied. Uses the CT alone.
 */
public final class TruncationMask implements MultiViewRefiner.MaskProvider {
    private static final double MIN_KEPT_FRACTION = 0.1;
    private final Renderer[] cutRenderers; // per volume axis (i, j, k); null where that axis's faces cut no tissue
    private final double[] axisDirections; // the volume's index axes in LPS, row-major columns of direction()

    private TruncationMask(Renderer[] cutRenderers, double[] direction) {
        this.cutRenderers = cutRenderers;
        this.axisDirections = direction;
    }

    /**
     * The mask for an attenuation volume, or {@code null} when the CT was cut nowhere through tissue.
     * Tissue: μ above a quarter of water's (~0.005 /mm, i.e. above about −750 HU); faces 2 voxels thick.
     */
    public static TruncationMask forVolume(Volume mu, Function<Volume, Renderer> rendererFactory) {
        Renderer[] r = new Renderer[3];
        boolean any = false;
        for (int axis = 0; axis < 3; axis++) {
            Volume cut = cutFaces(mu, axis, 0.005, 2);
            if (cut != null) {
                r[axis] = rendererFactory.apply(cut);
                any = true;
            }
        }
        return any ? new TruncationMask(r, mu.direction()) : null;
    }

    /** The tissue (μ above {@code tissueMuPerMm}) in the outer layers of the two faces normal to index axis {@code axis}; null if none. */
    public static Volume cutFaces(Volume mu, int axis, double tissueMuPerMm, int thicknessVoxels) {
        int[] n = {mu.nx(), mu.ny(), mu.nz()};
        int t = Math.max(1, thicknessVoxels);
        float[] in = mu.data(), out = new float[in.length];
        boolean any = false;
        for (int k = 0; k < n[2]; k++) {
            for (int j = 0; j < n[1]; j++) {
                for (int i = 0; i < n[0]; i++) {
                    int c = axis == 0 ? i : axis == 1 ? j : k;
                    if (c >= t && c < n[axis] - t) continue;
                    int idx = mu.index(i, j, k);
                    if (in[idx] > tissueMuPerMm) {
                        out[idx] = 1f;
                        any = true;
                    }
                }
            }
        }
        return any ? mu.withData(out) : null;
    }

    @Override
    public Image mask(CaseView levelView, Rigid volFromCam) {
        int cols = levelView.camera().cols(), rows = levelView.camera().rows();
        float[] m = new float[cols * rows];
        java.util.Arrays.fill(m, 1f);
        double[] d = volFromCam.applyToDirection(0, 0, 1); // the beam's axis (unit) in the volume
        for (int axis = 0; axis < 3; axis++) {
            if (cutRenderers[axis] == null) continue;
            double[] a = {axisDirections[axis], axisDirections[3 + axis], axisDirections[6 + axis]};
            double na = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
            double cos = Math.abs(d[0] * a[0] + d[1] * a[1] + d[2] * a[2]) / na;
            if (cos > Math.cos(Math.toRadians(45))) continue; // the beam crosses these faces head-on
            float[] c = cutRenderers[axis].render(levelView.camera(), volFromCam).data();
            for (int p = 0; p < m.length; p++) if (c[p] > 1e-6f) m[p] = 0f;
        }
        int kept = 0;
        for (float x : m) if (x > 0) kept++;
        if (kept < MIN_KEPT_FRACTION * m.length) java.util.Arrays.fill(m, 1f);
        return new Image(cols, rows, m);
    }
}
