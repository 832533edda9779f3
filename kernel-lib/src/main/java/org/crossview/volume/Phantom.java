package org.crossview.volume;

import java.util.Map;

/**
 * A CT with its segmentation and landmarks on one grid (LPS mm): {@code hu} in Hounsfield units,
 * {@code labels} with DeepFluoro's label numbers (0 = background), {@code landmarksLps} by DeepFluoro's
 * names (e.g. "FH-l"), in a fixed order.
 */
public record Phantom(Volume hu, Volume labels, Map<String, double[]> landmarksLps) {
    public static final int LEFT_HEMIPELVIS = 1;
    public static final int RIGHT_HEMIPELVIS = 2;
    public static final int VERTEBRAE = 3;
    public static final int UPPER_SACRUM = 4;
    public static final int LEFT_FEMUR = 5;
    public static final int RIGHT_FEMUR = 6;
    public static final int LOWER_SACRUM = 7;

    /** Label number → DeepFluoro's {@code labels-def} name for it: hyphenated, as the real file's {@code left-hemipelvis} (DESIGN.md §8). */
    public static final Map<Integer, String> LABEL_NAMES = Map.of(
            LEFT_HEMIPELVIS, "left-hemipelvis", RIGHT_HEMIPELVIS, "right-hemipelvis", VERTEBRAE, "vertebrae",
            UPPER_SACRUM, "upper-sacrum", LEFT_FEMUR, "left-femur", RIGHT_FEMUR, "right-femur", LOWER_SACRUM, "lower-sacrum");

    public Phantom {
        Labels.requireSameGrid(hu, labels);
        landmarksLps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(landmarksLps));
    }

    /** Linear attenuation (per mm) of the CT with μ_water = 0.02 /mm and no bone boost. */
    public Volume mu() {
        return Attenuation.fromHu(hu);
    }
}
