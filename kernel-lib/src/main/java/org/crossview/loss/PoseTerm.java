package org.crossview.loss;

/**
 * A pose loss's value and its gradient with respect to ξ = (ω, v), the right perturbation of the
 * predicted pose: d/dξ loss(T̂·exp(ξ^), T) at ξ = 0 (rotation part first).
 */
public record PoseTerm(double value, double[] gradient) {}
