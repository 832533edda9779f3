package org.crossview.loss;

import org.crossview.image.Image;

/** Argument checks shared by the similarities (clear errors instead of silent NaN). */
final class ImageChecks {
    private ImageChecks() {}

    /** Checks sizes, finiteness and mask weights; returns the mask's weights or null (all ones). */
    static float[] check(String who, Image fixed, Image moving, Image mask, float[] gradient) {
        if (fixed == null || moving == null) throw new IllegalArgumentException(who + ": fixed and moving images are required");
        moving.requireSize(who + ": moving image", fixed.cols(), fixed.rows());
        fixed.requireFinite(who + ": fixed image");
        moving.requireFinite(who + ": moving image");
        if (gradient != null && gradient.length != moving.data().length) {
            throw new IllegalArgumentException(who + ": gradient array has " + gradient.length + " values for " + moving.data().length + " pixels");
        }
        if (mask == null) return null;
        mask.requireSize(who + ": mask", fixed.cols(), fixed.rows());
        float[] w = mask.data();
        boolean any = false;
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || !Float.isFinite(w[i])) {
                throw new IllegalArgumentException(who + ": mask weight at pixel (" + (i % mask.cols()) + "," + (i / mask.cols())
                        + ") is " + w[i] + "; weights must be finite and ≥ 0");
            }
            any |= w[i] > 0;
        }
        if (!any) throw new IllegalArgumentException(who + ": mask has no pixel with positive weight");
        return w;
    }
}
