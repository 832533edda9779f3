package org.crossview.render;

/**
 * The 16-bit voxel code of {@link VoxelFormat#U16}: μ ≈ code·scale with code ∈ [0, 65535] (an unsigned Java char) and
 * scale = max μ / 65535 per volume, code = round(μ/scale). The round trip error is at most scale/2; μ = 0 (and
 * subnormal μ, physically 0) encodes to 0 exactly. Interpolation is linear, so the loops interpolate the codes and
 * multiply the ray's sums by scale once.
 */
public final class Fixed16 {
    public static final int MAX_CODE = 0xFFFF;

    private Fixed16() {}

    /** μ per code unit for a volume whose largest voxel is {@code maxMu} (≥ 0, finite); 0 for an all-zero volume. */
    public static double scale(double maxMu) {
        if (!(maxMu >= 0) || Double.isInfinite(maxMu)) throw new IllegalArgumentException("maxMu: must be finite and ≥ 0, got " + maxMu);
        return maxMu / MAX_CODE;
    }

    /** The code of μ (0 ≤ μ ≤ 65535·scale); negative or NaN μ cannot be stored and is rejected. */
    public static char encode(float mu, double scale) {
        if (!(mu >= 0)) throw new IllegalArgumentException("mu: 16-bit voxels need μ ≥ 0, got " + mu);
        if (mu < Float.MIN_NORMAL || scale == 0) return 0; // physically 0 (the float layouts flush subnormals too)
        long code = Math.round(mu / scale);
        if (code > MAX_CODE) {
            // Only rounding of scale itself may push max μ a hair past the top code; anything more is a caller's error.
            if (mu > (MAX_CODE + 0.5) * scale) throw new IllegalArgumentException("mu: " + mu + " exceeds the volume's maximum " + MAX_CODE * scale);
            code = MAX_CODE;
        }
        return (char) code;
    }

    public static double decode(char code, double scale) {
        return code * scale;
    }
}
