package org.crossview.loss;

import org.crossview.image.Image;

/**
 * A similarity between a fixed (observed) image and a moving (rendered) one; higher is more alike, 1 at
 * best (NCC family: 1 for images equal up to a positive affine intensity change, 0 for unrelated or
 * constant ones, −1 for inverted ones). Both images must have the same size; values must be finite.
 *
 * <p>The mask is a per-pixel weight in [0, 1] (e.g. a bone mask; {@code null} = every pixel weight 1):
 * all statistics are weighted means, so a binary mask restricts the similarity to its pixels.
 *
 * <p>Implementations are stateless and thread-safe. Bad input (size mismatch, NaN/∞, negative mask
 * weights, a mask with no positive weight) throws {@link IllegalArgumentException} naming the argument.
 */
public interface ImageSimilarity {

    /**
     * The similarity, and (when {@code dSimilaritydMoving} is not null) its gradient ∂S/∂moving(u),
     * one value per pixel, written into that array (overwritten, length cols·rows).
     */
    double evaluate(Image fixed, Image moving, Image mask, float[] dSimilaritydMoving);

    /** Short name for traces, tables and plots. */
    String name();

    /** Value and gradient as a {@link Similarity}. */
    default Similarity evaluate(Image fixed, Image moving, Image mask) {
        float[] g = new float[moving.data().length];
        double s = evaluate(fixed, moving, mask, g);
        return new Similarity(s, new Image(moving.cols(), moving.rows(), g));
    }

    /** The value only (no gradient work where the implementation can skip it). */
    default double value(Image fixed, Image moving, Image mask) {
        return evaluate(fixed, moving, mask, null);
    }

    /**
     * The loss 1 − S to minimise, with ∂(1 − S)/∂moving written into {@code dLossdMoving} (same shape as
     * the refiner's {@code ImageLoss.lossAndGradient}).
     */
    default double lossAndGradient(Image fixed, Image moving, Image mask, float[] dLossdMoving) {
        double s = evaluate(fixed, moving, mask, dLossdMoving);
        if (dLossdMoving != null) for (int i = 0; i < dLossdMoving.length; i++) dLossdMoving[i] = -dLossdMoving[i];
        return 1 - s;
    }
}
