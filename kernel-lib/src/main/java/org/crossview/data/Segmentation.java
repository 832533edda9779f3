package org.crossview.data;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.crossview.volume.Volume;

/**
 * A label volume ({@code vol-seg/image}, values are label numbers) and its {@code labels-def} (number → name).
 * DeepFluoro: 1 left-hemipelvis, 2 right-hemipelvis, 3 vertebrae, 4 upper-sacrum, 5 left-femur, 6 right-femur,
 * 7 lower-sacrum; the 2D {@code gt-seg} holds 0–{@value #MAX_PROJECTED_LABEL} only (the lower sacrum is not drawn).
 */
public record Segmentation(Volume labels, SortedMap<Integer, String> names) {
    /** The largest label a projected 2D segmentation ({@code gt-seg}) holds in the DeepFluoro layout. */
    public static final int MAX_PROJECTED_LABEL = 6;

    public Segmentation {
        names = new TreeMap<>(names);
    }

    public static Segmentation of(Volume labels, Map<Integer, String> names) {
        return new Segmentation(labels, new TreeMap<>(names));
    }

    /** A 0/1 mask volume of the voxels whose label is one of {@code wanted}. */
    public Volume mask(int... wanted) {
        float[] src = labels.data();
        float[] out = new float[src.length];
        for (int n = 0; n < src.length; n++) {
            for (int w : wanted) {
                if (src[n] == w) {
                    out[n] = 1;
                    break;
                }
            }
        }
        return labels.withData(out);
    }
}
