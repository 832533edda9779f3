package org.crossview.volume;

/** Label volumes (integer values stored as floats, e.g. DeepFluoro's segmentation): masks and restrictions. */
public final class Labels {
    private Labels() {}

    /** 1 where the label is one of {@code keep}, else 0. */
    public static Volume mask(Volume labels, int... keep) {
        requireKeep(keep);
        float[] in = labels.data();
        float[] out = new float[in.length];
        for (int n = 0; n < in.length; n++) out[n] = contains(keep, in[n]) ? 1f : 0f;
        return labels.withData(out);
    }

    /** {@code values} where the label is one of {@code keep}, else 0 (e.g. μ of the pelvis only). */
    public static Volume restrict(Volume values, Volume labels, int... keep) {
        requireKeep(keep);
        requireSameGrid(values, labels);
        float[] v = values.data(), l = labels.data();
        float[] out = new float[v.length];
        for (int n = 0; n < v.length; n++) out[n] = contains(keep, l[n]) ? v[n] : 0f;
        return values.withData(out);
    }

    /** Number of voxels carrying {@code label}. */
    public static long count(Volume labels, int label) {
        long c = 0;
        for (float x : labels.data()) if (Math.round(x) == label) c++;
        return c;
    }

    /** Throws unless the two volumes share size, spacing, origin and direction. */
    public static void requireSameGrid(Volume a, Volume b) {
        boolean same = a.nx() == b.nx() && a.ny() == b.ny() && a.nz() == b.nz()
                && java.util.Arrays.equals(a.spacingMm(), b.spacingMm()) && java.util.Arrays.equals(a.originMm(), b.originMm())
                && java.util.Arrays.equals(a.direction(), b.direction());
        if (!same) throw new IllegalArgumentException("labels: grid " + b + " differs from the values' grid " + a);
    }

    private static boolean contains(int[] keep, float label) {
        int l = Math.round(label);
        if (l != label) return false;
        for (int k : keep) if (k == l) return true;
        return false;
    }

    private static void requireKeep(int[] keep) {
        if (keep == null || keep.length == 0) throw new IllegalArgumentException("labels to keep: none given");
    }
}
