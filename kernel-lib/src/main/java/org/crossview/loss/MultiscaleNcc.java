package org.crossview.loss;

import java.util.ArrayList;
import java.util.List;
import org.crossview.image.Image;

/**
 * A weighted sum of similarities, S = Σ w_i S_i (DESIGN.md §4: DiffPose's mNCC is 0.5·global + 0.5·patch-13).
 * With weights summing to 1 the value stays in [−1, 1].
 */
public final class MultiscaleNcc implements ImageSimilarity {
    private final List<ImageSimilarity> parts;
    private final double[] weights;
    private final String name;

    public MultiscaleNcc(List<ImageSimilarity> parts, double[] weights) {
        if (parts == null || weights == null || parts.isEmpty() || parts.size() != weights.length) {
            throw new IllegalArgumentException("multiscale NCC: need as many weights as similarities (got "
                    + (parts == null ? 0 : parts.size()) + " and " + (weights == null ? 0 : weights.length) + ")");
        }
        for (double w : weights) if (!Double.isFinite(w)) throw new IllegalArgumentException("multiscale NCC: weights must be finite");
        this.parts = List.copyOf(parts);
        this.weights = weights.clone();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) names.add(weights[i] + "*" + parts.get(i).name());
        this.name = String.join("+", names);
    }

    /** DiffPose's mNCC: 0.5·global NCC + 0.5·patch NCC (13×13). */
    public static MultiscaleNcc diffPose() {
        return new MultiscaleNcc(List.of(new GlobalNcc(), new PatchNcc(13)), new double[] {0.5, 0.5});
    }

    public List<ImageSimilarity> parts() {
        return parts;
    }

    public double[] weights() {
        return weights.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double evaluate(Image fixed, Image moving, Image mask, float[] grad) {
        float[] part = grad == null ? null : new float[grad.length];
        if (grad != null) java.util.Arrays.fill(grad, 0f);
        double s = 0;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] == 0) continue;
            s += weights[k] * parts.get(k).evaluate(fixed, moving, mask, part);
            if (grad != null) for (int i = 0; i < grad.length; i++) grad[i] += (float) (weights[k] * part[i]);
        }
        return s;
    }
}
