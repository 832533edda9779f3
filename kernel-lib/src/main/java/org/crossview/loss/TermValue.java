package org.crossview.loss;

/**
 * A loss term over the views of a case: its value and, per view v, the gradient with respect to the right
 * perturbation ξ_v of that view's predicted pose, {@code gradient[v]} (six numbers, rotation first).
 */
public record TermValue(double value, double[][] gradient) {

    static TermValue zero(int views) {
        return new TermValue(0, new double[views][6]);
    }
}
