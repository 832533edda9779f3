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
 * <p>The voxels are floats ({@link #data}) or, in {@link VoxelFormat#U16}, 16-bit codes ({@link #codes}) with
 * μ = code·{@link #scale} ({@link Fixed16}): half the bytes, so half the cache lines per brick.
 */
public final class BrickedVolume {
    public static final int BRICK = 8;
    private static final int SHIFT = 3;

    private final VoxelFormat format;
    private final float[] data; // F32, else null
    private final char[] codes; // U16, else null
    private final double scale; // μ per unit of what the arrays hold (1 for floats)
    private final int[] offX, offY, offZ; // indexed by padded coordinate, length = padded size
    private final long[] pairsX, pairsY, pairsZ; // off[c] | off[c + 1] << 32, c < padded size − 1
    private final int[][] descending = new int[3][]; // off reversed: descending[a][k] = off_a[size − 1 − k]

    /** Float voxels. */
    public BrickedVolume(Volume mu) {
        this(mu, VoxelFormat.F32);
    }

    /** Voxels in {@code format}; U16 needs μ ≥ 0 (else an IllegalArgumentException naming mu, before the copy). */
    public BrickedVolume(Volume mu, VoxelFormat format) {
        if (format == null) throw new IllegalArgumentException("format: null");
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
        int[][] off = {offX, offY, offZ};
        for (int a = 0; a < 3; a++) {
            descending[a] = new int[off[a].length];
            for (int k = 0; k < off[a].length; k++) descending[a][k] = off[a][off[a].length - 1 - k];
        }
        float[] src = mu.data();
        float max = 0, min = 0;
        for (float x : src) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        if (format == VoxelFormat.U16 && min < 0) {
            throw new IllegalArgumentException("mu: 16-bit voxels (the joseph projector's) need μ ≥ 0, this volume has μ = " + min
                    + "; use the trilinear projector (float voxels)");
        }
        this.format = format;
        boolean f32 = this.format == VoxelFormat.F32;
        data = f32 ? new float[(int) total] : null;
        codes = f32 ? null : new char[(int) total];
        scale = f32 ? 1.0 : Fixed16.scale(max);
        int nx = mu.nx(), ny = mu.ny();
        for (int k = 0; k < mu.nz(); k++) {
            for (int j = 0; j < ny; j++) {
                int from = nx * (j + ny * k);
                int base = offY[j + pad] + offZ[k + pad];
                for (int i = 0; i < nx; i++) {
                    float x = src[from + i];
                    // Subnormal μ (< 1.2e-38 /mm) is physically 0 and makes float arithmetic ~100× slower.
                    if (f32) data[base + offX[i + pad]] = Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
                    else codes[base + offX[i + pad]] = Fixed16.encode(x, scale);
                }
            }
        }
    }

    private static long[] pairs(int[] off) {
        long[] p = new long[off.length - 1];
        for (int c = 0; c < p.length; c++) p[c] = (off[c] & 0xFFFFFFFFL) | (long) off[c + 1] << 32;
        return p;
    }

    public VoxelFormat format() { return format; }
    /** Float voxels (F32 only). */
    public float[] data() {
        if (data == null) throw new IllegalStateException("voxels are stored as 16-bit codes");
        return data;
    }
    /** 16-bit codes (U16 only): μ = code·scale. */
    public char[] codes() {
        if (codes == null) throw new IllegalStateException("voxels are stored as floats");
        return codes;
    }
    /** μ per unit of the stored values: {@link Fixed16#scale} for U16, 1 for F32. */
    public double scale() { return scale; }
    /** Offset contributions by padded x, y, z coordinate: voxel (x, y, z) is data[offX[x] + offY[y] + offZ[z]]. */
    public int[] offX() { return offX; }
    public int[] offY() { return offY; }
    public int[] offZ() { return offZ; }
    /** offX[c] in the low and offX[c + 1] in the high 32 bits of pairsX[c], for c below the padded size − 1. */
    public long[] pairsX() { return pairsX; }
    public long[] pairsY() { return pairsY; }
    public long[] pairsZ() { return pairsZ; }

    /**
     * The offsets along {@code axis} (0..2) in descending order of the coordinate, [k] = off[size − 1 − k]: a loop whose
     * coordinate steps down reads them at an index that steps up, which the JIT can check once per loop, not per read.
     */
    int[] descendingOffsets(int axis) { return descending[axis]; }
}
