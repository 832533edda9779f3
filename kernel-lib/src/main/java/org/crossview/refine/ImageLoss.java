package org.crossview.refine;

import org.crossview.image.Image;

/**
 * A loss to MINIMISE between an observed (fixed) image and a rendered (moving) one, with its gradient
 * with respect to every pixel of the moving image, so that it chains into the renderer's pose gradient.
 * Both images are in the log domain (line integrals) and of the same size.
 */
public interface ImageLoss {

    /**
     * @param fixed the observed image
     * @param moving the rendered image
     * @param mask per-pixel weights in [0, 1] (e.g. a bone mask), or {@code null} for all pixels
     * @param dLossdMoving filled with ∂loss/∂moving(u), one value per pixel (overwritten)
     * @return the loss value
     */
    double lossAndGradient(Image fixed, Image moving, Image mask, float[] dLossdMoving);

    /** Short name for traces and tables. */
    String name();
}
