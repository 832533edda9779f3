package org.crossview.loss;

import org.crossview.image.Image;

/**
 * An image similarity's value and its gradient with respect to every pixel of the moving (rendered)
 * image, ready to be passed (negated and scaled, for a loss 1 − value) to {@code Renderer.poseGradient}.
 */
public record Similarity(double value, Image gradient) {}
