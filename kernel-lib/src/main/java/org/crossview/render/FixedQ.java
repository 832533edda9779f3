package org.crossview.render;

/**
 * Joseph's sample positions as 32-bit fixed point, q = code·2⁻ᴮ with B fraction bits chosen per volume: as many as the
 * padded grid leaves (the integer part needs log2 of its largest size, one bit the sign), at most 24 so that a fraction
 * converts to float exactly. A 258-voxel axis gets B = 22, a 40-voxel one 24. Samples then step by an int add per axis
 * (q_j = q_0 + j·Δq, exact in integer arithmetic; q_0 and Δq are rounded to the nearest code, so a ray drifts by at most
 * j·2⁻⁽ᴮ⁺¹⁾ voxel: 6e-5 voxel after 512 planes at B = 22), the cell is {@code q >> B} and the fraction
 * {@code (q & (2ᴮ − 1))·2⁻ᴮ}, with no float → int conversion (whose Java semantics cost a check per axis and sample).
 * 32 bits rather than {@link Fixed32}'s 64: eight rays' positions fill one 256-bit vector in {@link JosephPackets}.
 */
final class FixedQ {
    private FixedQ() {}

    /** Fraction bits for a padded grid whose largest size is {@code largestSize} (≥ 1): the int must hold 0 .. largestSize. */
    static int bits(int largestSize) {
        int integerBits = 32 - Integer.numberOfLeadingZeros(largestSize); // largestSize < 2^integerBits
        return Math.min(24, 31 - integerBits);
    }

    /** The code of coordinate {@code q} (in [0, 2^(31−bits))), rounded to the nearest multiple of 2⁻ᴮ. */
    static int of(double q, double scale) {
        return (int) Math.rint(q * scale);
    }

    /** 2ᴮ, the codes per voxel. */
    static double scale(int bits) {
        return Math.scalb(1.0, bits);
    }
}
