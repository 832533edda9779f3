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
 * <p>For each axis of the box, the tissue in the outer layers of its two faces is its own 0/1 volume; at the current pose, the DRR of an axis's volume is positive exactly on the rays
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
     * Tissue: μ above a quarter of water's (~0.005 /mm, i.e. above about −750 HU). The face volumes are
     * built on a grid of ~4 mm blocks (one block thick), so they cost little memory or time even for a
     * full-resolution CT; the mask only needs to know which rays come near a cut.
     */
    public static TruncationMask forVolume(Volume mu, Function<Volume, Renderer> rendererFactory) {
        double[] s = mu.spacingMm();
        int block = Math.max(1, (int) Math.round(4.0 / Math.min(s[0], Math.min(s[1], s[2]))));
        Renderer[] r = new Renderer[3];
        boolean any = false;
        for (int axis = 0; axis < 3; axis++) {
            Volume cut = cutFaces(mu, axis, 0.005, block);
            if (cut != null) {
                r[axis] = rendererFactory.apply(cut);
                any = true;
            }
        }
        return any ? new TruncationMask(r, mu.direction()) : null;
    }

    /**
     * The tissue (μ above {@code tissueMuPerMm}) in the outer layers of the two faces normal to index axis
     * {@code axis}, on a grid of {@code block}³ voxel blocks (a block is 1 when any of its voxels in those
     * layers is tissue; the layers are one block thick); null if none.
     */
    public static Volume cutFaces(Volume mu, int axis, double tissueMuPerMm, int block) {
        int[] n = {mu.nx(), mu.ny(), mu.nz()};
        int b = Math.max(1, block);
        int[] m = {(n[0] + b - 1) / b, (n[1] + b - 1) / b, (n[2] + b - 1) / b};
        float[] in = mu.data(), out = new float[m[0] * m[1] * m[2]];
        boolean any = false;
        int last = m[axis] - 1;
        for (int k = 0; k < n[2]; k++) {
            for (int j = 0; j < n[1]; j++) {
                for (int i = 0; i < n[0]; i++) {
                    int c = (axis == 0 ? i : axis == 1 ? j : k) / b;
                    if (c != 0 && c != last) continue;
                    if (in[mu.index(i, j, k)] > tissueMuPerMm) {
                        out[i / b + m[0] * (j / b + m[1] * (k / b))] = 1f;
                        any = true;
                    }
                }
            }
        }
        if (!any) return null;
        double[] s = mu.spacingMm();
        // Block centres: the centre of voxels b·i … b·i + b − 1 is at index b·i + (b − 1)/2.
        double[] origin = mu.indexToLps((b - 1) / 2.0, (b - 1) / 2.0, (b - 1) / 2.0);
        return new Volume(m[0], m[1], m[2], new double[] {s[0] * b, s[1] * b, s[2] * b}, origin, mu.direction(), out);
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
