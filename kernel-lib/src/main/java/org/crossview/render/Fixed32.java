package org.crossview.render;

/**
 * 32.32 fixed-point coordinates for the Java loops' sample positions: q = code·2⁻³², so a ray's samples are
 * q_j = q_0 + j·Δq in exact integer arithmetic (the only rounding is of q_0 and Δq, < 2⁻³² voxel each: ~1e-7 voxel
 * after a thousand samples, where float positions were off by up to ~1e-5). The loops take the cell as {@code (int) (q >> 32)}
 * and the fraction as {@code ((int) q >>> 8) · 2⁻²⁴} (its top 24 bits, exact in a float): no float → int conversion,
 * whose Java semantics (NaN, saturation) cost a check per axis and sample. Coordinates must lie in [0, 2³¹).
 */
final class Fixed32 {
    private Fixed32() {}

    /** The code of coordinate {@code q}, truncated to a multiple of 2⁻³² (a plain cast: this runs six times per ray). */
    static long of(double q) {
        return (long) (q * 0x1p32);
    }

    /** The coordinate of a code (for tests and reports; the loops inline the cell and fraction). */
    static double value(long code) {
        return code * 0x1p-32;
    }
}
