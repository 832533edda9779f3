package org.crossview.render;

import org.crossview.volume.Volume;

/**
 * The padded attenuation volume of {@link PaddedVolume} (same padded index coordinates, same zeros) stored
 * in bricks of {@link #BRICK}³ voxels, for the Java renderer. A ray that is not along the fast axis touches a
 * new cache line nearly every sample in the plain layout; in bricks the 8 voxels of consecutive samples
 * share lines, which is worth ~1.3× when neighbouring rays are more than a voxel apart.
 *
 * <p>Public for the benchmark's bare gather loop, which must read the same layout.
 *
 * <p>The offset of voxel (x, y, z) is {@code offX[x] + offY[y] + offZ[z]}: separable look-up tables, so
 * the 8 corners of a cell cost no multiplications; the loops read them in pairs ({@link #pairsX}: both corners of a cell
 * edge in one long, one table read and one index check instead of two).
 *
 * <p>Float voxels, the trilinear projector's ({@link VoxelFormat#F32}); Joseph's 16-bit ones are in {@link PencilVolume}.
 */
public final class BrickedVolume {
    public static final int BRICK = 8;
    private static final int SHIFT = 3;

    private final float[] data;
    private final int[] offX, offY, offZ; // indexed by padded coordinate, length = padded size
    private final long[] pairsX, pairsY, pairsZ; // off[c] | off[c + 1] << 32, c < padded size − 1

    public BrickedVolume(Volume mu) {
        int pad = PaddedVolume.PAD;
        int sx = mu.nx() + 2 * pad, sy = mu.ny() + 2 * pad, sz = mu.nz() + 2 * pad;
        int bx = (sx + BRICK - 1) / BRICK, by = (sy + BRICK - 1) / BRICK, bz = (sz + BRICK - 1) / BRICK;
        long total = (long) bx * by * bz * BRICK * BRICK * BRICK;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("mu: volume too large for the Java renderer (" + mu + ")");
        int b3 = BRICK * BRICK * BRICK;
        offX = new int[sx];
        offY = new int[sy];
        offZ = new int[sz];
        for (int c = 0; c < sx; c++) offX[c] = (c >> SHIFT) * b3 + (c & (BRICK - 1));
        for (int c = 0; c < sy; c++) offY[c] = (c >> SHIFT) * b3 * bx + ((c & (BRICK - 1)) << SHIFT);
        for (int c = 0; c < sz; c++) offZ[c] = (c >> SHIFT) * b3 * bx * by + ((c & (BRICK - 1)) << (2 * SHIFT));
        pairsX = pairs(offX);
        pairsY = pairs(offY);
        pairsZ = pairs(offZ);
        data = new float[(int) total];
        float[] src = mu.data();
        int nx = mu.nx(), ny = mu.ny();
        for (int k = 0; k < mu.nz(); k++) {
            for (int j = 0; j < ny; j++) {
                int from = nx * (j + ny * k);
                int base = offY[j + pad] + offZ[k + pad];
                for (int i = 0; i < nx; i++) {
                    float x = src[from + i];
                    // Subnormal μ (< 1.2e-38 /mm) is physically 0 and makes float arithmetic ~100× slower.
                    data[base + offX[i + pad]] = Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
                }
            }
        }
    }

    private static long[] pairs(int[] off) {
        long[] p = new long[off.length - 1];
        for (int c = 0; c < p.length; c++) p[c] = (off[c] & 0xFFFFFFFFL) | (long) off[c + 1] << 32;
        return p;
    }

    public float[] data() { return data; }
    /** Offset contributions by padded x, y, z coordinate: voxel (x, y, z) is data[offX[x] + offY[y] + offZ[z]]. */
    public int[] offX() { return offX; }
    public int[] offY() { return offY; }
    public int[] offZ() { return offZ; }
    /** offX[c] in the low and offX[c + 1] in the high 32 bits of pairsX[c], for c below the padded size − 1. */
    public long[] pairsX() { return pairsX; }
    public long[] pairsY() { return pairsY; }
    public long[] pairsZ() { return pairsZ; }
}
