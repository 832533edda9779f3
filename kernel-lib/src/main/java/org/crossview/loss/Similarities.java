package org.crossview.loss;

import java.util.List;
import java.util.stream.IntStream;
import org.crossview.image.Image;

/** The similarities the method uses, by name, and batched evaluation over the views of a case. */
public final class Similarities {
    private Similarities() {}

    /** Global NCC. */
    public static ImageSimilarity ncc() {
        return new GlobalNcc();
    }

    /** DiffPose's mNCC: 0.5·global + 0.5·patch 13. */
    public static ImageSimilarity mncc() {
        return MultiscaleNcc.diffPose();
    }

    /** xvr's gradient NCC: patch 11 on Sobel gradients after a Gaussian blur of σ = 1 pixel. */
    public static ImageSimilarity gradientNcc() {
        return new GradientNcc(11, 1.0);
    }

    /** 0.5·mNCC + 0.5·gradient NCC (DESIGN.md §6). */
    public static ImageSimilarity mnccAndGradient() {
        return new MultiscaleNcc(List.of(mncc(), gradientNcc()), new double[] {0.5, 0.5});
    }

    /**
     * A similarity by name: {@code ncc}, {@code mncc}, {@code gncc}, {@code mncc+gncc}, or {@code patchN}
     * (patch NCC of size N).
     */
    public static ImageSimilarity byName(String name) {
        return switch (name) {
            case "ncc" -> ncc();
            case "mncc" -> mncc();
            case "gncc" -> gradientNcc();
            case "mncc+gncc" -> mnccAndGradient();
            default -> {
                if (name.startsWith("patch")) {
                    try {
                        yield new PatchNcc(Integer.parseInt(name.substring(5)));
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw new IllegalArgumentException("similarity: unknown '" + name + "' (ncc, mncc, gncc, mncc+gncc, patchN)");
            }
        };
    }

    /**
     * Evaluates one similarity on each view (in parallel): fixed[i] against moving[i] with masks[i]
     * ({@code masks} or its entries may be null).
     */
    public static Similarity[] evaluateAll(ImageSimilarity similarity, Image[] fixed, Image[] moving, Image[] masks) {
        if (fixed.length != moving.length || (masks != null && masks.length != fixed.length)) {
            throw new IllegalArgumentException("evaluateAll: " + fixed.length + " fixed, " + moving.length + " moving and "
                    + (masks == null ? "no" : masks.length) + " masks");
        }
        Similarity[] out = new Similarity[fixed.length];
        IntStream.range(0, fixed.length).parallel()
                .forEach(i -> out[i] = similarity.evaluate(fixed[i], moving[i], masks == null ? null : masks[i]));
        return out;
    }
}
