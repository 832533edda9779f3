package org.crossview.refine;

import org.crossview.geometry.Camera;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;

/** Coarse-to-fine levels: b×b block averages of an image, matching {@link Camera#binned(int)}. */
public final class Pyramid {
    private Pyramid() {}

    /** The binning factor of level {@code level} (0 = coarsest) out of {@code levels}. */
    public static int factor(int level, int levels) {
        return 1 << (levels - 1 - level);
    }

    /** Averages b×b blocks; a remainder of rows/columns is dropped, as in {@link Camera#binned(int)}. */
    public static Image bin(Image image, int factor) {
        if (factor < 1) throw new IllegalArgumentException("binning factor: must be ≥ 1, got " + factor);
        if (factor == 1) return image;
        int cols = image.cols() / factor, rows = image.rows() / factor;
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("binning " + image.cols() + "x" + image.rows() + " by " + factor + " leaves no pixels");
        }
        float[] in = image.data(), out = new float[cols * rows];
        int n = image.cols();
        float scale = 1f / (factor * factor);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double s = 0;
                for (int dv = 0; dv < factor; dv++) {
                    int row = (v * factor + dv) * n + u * factor;
                    for (int du = 0; du < factor; du++) s += in[row + du];
                }
                out[v * cols + u] = (float) (s * scale);
            }
        }
        return new Image(cols, rows, out);
    }

    /** The view at level {@code level}: binned camera, image and mask, same relative transform. */
    public static CaseView level(CaseView view, int level, int levels) {
        int b = factor(level, levels);
        if (b == 1) return view;
        Image image = bin(view.image(), b); // first: its error names the binning, the camera's only a size of 0
        return new CaseView(view.name(), view.camera().binned(b), image, view.mask() == null ? null : bin(view.mask(), b), view.camRefFromCam());
    }
}
