package org.crossview.data;

import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Volume;

/**
 * {@code gt-seg} for simulated projections: the renderer run on 0/1 mask volumes (μ = 1 per mm) gives, per
 * pixel, the length of the ray inside each label; a pixel gets the label it crosses the most of, if that is at
 * least {@code minPathMm}, else 0. Only labels 1–{@link Segmentation#MAX_PROJECTED_LABEL} are drawn, as in the
 * DeepFluoro layout (its label 7, the lower sacrum, is in the CT labels only). One renderer (and one mask
 * volume) per label, made once and reused.
 */
public final class ProjectedSegmentation implements AutoCloseable {
    private final int[] labels;
    private final List<Renderer> renderers = new ArrayList<>();
    private final double minPathMm;

    public ProjectedSegmentation(Segmentation seg, String backend, RenderSettings settings, double minPathMm) {
        if (!(minPathMm > 0)) throw new IllegalArgumentException("minPathMm: must be positive, got " + minPathMm);
        this.minPathMm = minPathMm;
        boolean[] present = new boolean[256];
        for (float x : seg.labels().data()) {
            if (x > 0 && x <= Segmentation.MAX_PROJECTED_LABEL) present[(int) x] = true;
        }
        List<Integer> ls = new ArrayList<>();
        for (int l = 1; l <= Segmentation.MAX_PROJECTED_LABEL; l++) if (present[l]) ls.add(l);
        this.labels = ls.stream().mapToInt(Integer::intValue).toArray();
        for (int l : labels) {
            Volume mask = seg.mask(l);
            renderers.add(Renderers.create(backend, mask, settings));
        }
    }

    public Image render(Camera camera, Rigid volFromCam) {
        Image out = new Image(camera.cols(), camera.rows());
        float[] best = new float[out.data().length];
        for (int n = 0; n < labels.length; n++) {
            float[] path = renderers.get(n).render(camera, volFromCam).data();
            for (int i = 0; i < path.length; i++) {
                if (path[i] >= minPathMm && path[i] > best[i]) {
                    best[i] = path[i];
                    out.data()[i] = labels[n];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Renderer r : renderers) r.close();
    }
}
