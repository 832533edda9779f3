package org.crossview.loss;

import org.crossview.geometry.Rigid;

/**
 * A distance between two rigid poses, with its gradient with respect to the right perturbation ξ of the
 * first (predicted) one: ∂/∂ξ d(T̂·exp(ξ^), T) at ξ = 0 (DESIGN.md §2: right perturbations everywhere).
 *
 * <p>Poses are whatever transforms the caller compares; in CrossView they are {@code volFromCam}, the
 * transform the renderer takes, so that the same ξ chains the pose terms and the image terms. (A network
 * that outputs another parameterisation chains ξ to it: e.g. for T̂ = T_ref·exp(ξ_net), ∂/∂ξ_net =
 * J_r(ξ_net)ᵀ · ∂/∂ξ.) Every implementation is symmetric, d(A, B) = d(B, A), so the gradient with respect
 * to the second pose is {@code evaluate(B, A).gradient()}. Values and gradients are finite for every pair of
 * rigid poses (at a non-differentiable point such as d = 0 a zero subgradient is returned).
 */
public interface PoseDistance {

    PoseTerm evaluate(Rigid predicted, Rigid target);

    /** Short name with units, for tables and plots. */
    String name();
}
