package org.crossview.refine;

import java.util.function.Function;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * Restricts the similarity to the image of the target bone (DESIGN.md §6, optional masks): the pixels
 * whose rays cross at least {@code minPathMm} of the bone at the current pose estimate, dilated by
 * {@code marginPx} pixels so the bone's edges (where the pose information is) stay inside while the
 * estimate is still off. Built from the CT alone (a bone threshold or the CT's segmentation).
 */
public final class BoneMask implements MultiViewRefiner.MaskProvider {
    private final Renderer boneRenderer;
    private final double minPathMm;
    private final int marginPx;

    /** @param boneRenderer renders the path length (mm) through the bone: a renderer bound to a 0/1 bone volume */
    public BoneMask(Renderer boneRenderer, double minPathMm, int marginPx) {
        if (!(minPathMm >= 0) || marginPx < 0) throw new IllegalArgumentException("bone mask: minPathMm and marginPx must be ≥ 0");
        this.boneRenderer = boneRenderer;
        this.minPathMm = minPathMm;
        this.marginPx = marginPx;
    }

    /** The bone of an attenuation volume: 1 where μ exceeds {@code boneMuPerMm}, else 0. */
    public static Volume boneIndicator(Volume mu, double boneMuPerMm) {
        float[] in = mu.data(), out = new float[in.length];
        for (int i = 0; i < in.length; i++) out[i] = in[i] > boneMuPerMm ? 1f : 0f;
        return mu.withData(out);
    }

    /** A mask from an attenuation volume's bone (μ above {@code boneMuPerMm}), 2 mm of bone, 3 pixels of margin. */
    public static BoneMask forVolume(Volume mu, double boneMuPerMm, Function<Volume, Renderer> rendererFactory) {
        return new BoneMask(rendererFactory.apply(boneIndicator(mu, boneMuPerMm)), 2, 3);
    }

    @Override
    public Image mask(CaseView levelView, Rigid volFromCam) {
        Image path = boneRenderer.render(levelView.camera(), volFromCam);
        int cols = path.cols(), rows = path.rows();
        float[] p = path.data(), m = new float[p.length];
        // Dilation by a square of side 2·margin+1: separable max filters (rows, then columns).
        float[] tmp = new float[p.length];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                float any = 0;
                for (int d = Math.max(0, u - marginPx); d <= Math.min(cols - 1, u + marginPx) && any == 0; d++) {
                    if (p[v * cols + d] > 0 && p[v * cols + d] >= minPathMm) any = 1;
                }
                tmp[v * cols + u] = any;
            }
        }
        boolean empty = true;
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                float any = 0;
                for (int d = Math.max(0, v - marginPx); d <= Math.min(rows - 1, v + marginPx) && any == 0; d++) any = tmp[d * cols + u];
                m[v * cols + u] = any;
                empty &= any == 0;
            }
        }
        if (empty) {
            throw new IllegalStateException("view " + levelView.name() + ": the bone is not in the image at the current pose (empty bone mask)");
        }
        return new Image(cols, rows, m);
    }
}
