package org.crossview.render;

import org.crossview.image.Image;

/**
 * DRRs at some poses together with their pose Jacobians, from {@link Renderer#linearise}: the images now, and later the
 * vector–Jacobian product of any d(loss)/d(image) (a loss usually needs the images first to say what it wants). A back
 * end that computes the Jacobian in the same walk as the images ({@link CpuRenderer}) makes each VJP a sum over the
 * stored per-pixel rows, not a second walk of every ray.
 */
public interface Linearisation {

    /** The DRRs, one per pose, in the order of the poses. */
    Image[] images();

    /**
     * For each pose p, Σ_u dLossdImage[p](u) · ∂I_p(u)/∂ξ, a 6-vector (ω then v), as {@link Renderer#poseGradient} at the
     * same poses returns it. May be called any number of times.
     */
    double[][] vjp(Image[] dLossdImage);
}
