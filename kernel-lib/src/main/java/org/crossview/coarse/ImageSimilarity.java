package org.crossview.coarse;

import org.crossview.image.Image;

/**
 * An image dissimilarity to minimise (e.g. 1 − NCC) between a fixed image and a rendered one, with its
 * gradient with respect to every rendered pixel, so it chains into the renderer's pose gradient.
 */
public interface ImageSimilarity {

    /** Fills {@code dLossdMoving} (one value per pixel, overwritten) and returns the loss. */
    double lossAndGradient(Image fixed, Image moving, float[] dLossdMoving);

    String name();
}
