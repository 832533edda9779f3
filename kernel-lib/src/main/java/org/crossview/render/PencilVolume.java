package org.crossview.render;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.crossview.volume.Volume;

/**
 * Joseph's voxels: the 16-bit codes ({@link VoxelFormat#U16}, {@link Fixed16}) of the padded volume ({@link PaddedVolume}'s
 * index coordinates and zeros), stored once per plane axis a with a as the fast axis ("pencils" along a). A ray whose
 * samples step from plane to plane along a then reads its 4 voxels per sample from 4 pencils, each forwards or backwards
 * through memory, which the hardware prefetcher streams in. In 8³ bricks ({@link BrickedVolume}) nearly every sample
 * entered a new cache line, and waiting for it was about half of the loop's time: head CT at 128², one thread, 9.9 → 7.6 ns
 * per sample; the codes, positions and sums are unchanged, so the images are the same numbers.
 *
 * <p>Layout along axis a: stride 1 along a, then the other two axes in the order x, y, z ({@link #stride}); the copy along
 * x is the plain padded order x + S_x·(y + S_y·z), made at construction; the copies along y and z are made from it on
 * their first use (a C-arm's views need one or two of them: 2 bytes per voxel each).
 */
final class PencilVolume {
    private final int[] size; // padded size per axis
    private final int[][] strides = new int[3][];
    private final AtomicReferenceArray<char[]> byAxis = new AtomicReferenceArray<>(3);
    private final AtomicReferenceArray<int[]> pairsByAxis = new AtomicReferenceArray<>(3);
    private final double scale; // μ per code unit
    private final int positionBits; // FixedQ fraction bits of the sample positions
    private final float positionUnit; // 2^-positionBits, a position code's step in voxels

    /** Needs μ ≥ 0 (an IllegalArgumentException naming mu, before the copy). */
    PencilVolume(Volume mu) {
        int pad = PaddedVolume.PAD;
        size = new int[] {mu.nx() + 2 * pad, mu.ny() + 2 * pad, mu.nz() + 2 * pad};
        long total = (long) size[0] * size[1] * size[2];
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("mu: volume too large for the Java renderer (" + mu + ")");
        for (int a = 0; a < 3; a++) {
            int p = a == 0 ? 1 : 0, q = a == 2 ? 1 : 2; // the other two axes, p < q
            strides[a] = new int[3];
            strides[a][a] = 1;
            strides[a][p] = size[a];
            strides[a][q] = size[a] * size[p];
        }
        float[] src = mu.data();
        float max = 0, min = 0;
        for (float x : src) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        if (min < 0) {
            throw new IllegalArgumentException("mu: 16-bit voxels (the joseph projector's) need μ ≥ 0, this volume has μ = " + min
                    + "; use the trilinear projector (float voxels)");
        }
        scale = Fixed16.scale(max);
        positionBits = FixedQ.bits(Math.max(size[0], Math.max(size[1], size[2])));
        positionUnit = (float) (1 / FixedQ.scale(positionBits));
        char[] alongX = new char[(int) total];
        int nx = mu.nx(), ny = mu.ny();
        for (int k = 0; k < mu.nz(); k++) {
            for (int j = 0; j < ny; j++) {
                int from = nx * (j + ny * k), to = pad + size[0] * ((j + pad) + size[1] * (k + pad));
                for (int i = 0; i < nx; i++) alongX[to + i] = Fixed16.encode(src[from + i], scale);
            }
        }
        byAxis.set(0, alongX);
    }

    /** Fraction bits of Joseph's sample positions on this grid ({@link FixedQ#bits}). */
    int positionBits() { return positionBits; }

    /** 2^−{@link #positionBits}: the voxels per position code (exact in a float). */
    float positionUnit() { return positionUnit; }

    /** μ per code unit ({@link Fixed16#scale}). */
    double scale() { return scale; }

    /** The padded size along {@code axis}. */
    int size(int axis) { return size[axis]; }

    /** The index step of one voxel along {@code axis} in the copy along {@code planeAxis}. */
    int stride(int planeAxis, int axis) { return strides[planeAxis][axis]; }

    /** The copy whose fast axis is {@code axis} (made on first use; safe from any thread). */
    char[] codes(int axis) {
        char[] c = byAxis.get(axis);
        return c != null ? c : copyAlong(axis);
    }

    private synchronized char[] copyAlong(int axis) {
        char[] done = byAxis.get(axis);
        if (done != null) return done;
        char[] src = byAxis.get(0), dst = new char[src.length];
        int[] s = strides[axis];
        for (int z = 0; z < size[2]; z++) {
            for (int y = 0; y < size[1]; y++) {
                int from = size[0] * (y + size[1] * z), to = y * s[1] + z * s[2];
                for (int x = 0; x < size[0]; x++) dst[to + x * s[0]] = src[from + x];
            }
        }
        byAxis.set(axis, dst);
        return dst;
    }

    /**
     * The voxel pairs along {@code axis} for {@link JosephPackets}: at each index i of the copy along {@code axis}, the
     * code at i in the low 16 bits and the code at i + s_b in the high ones (s_b = {@link #stride}(axis, b), b the first
     * in-plane axis, 0 beyond the end), so that one 32-bit gather fetches both voxels a sample interpolates along b.
     * Made on first use (4 bytes per voxel; safe from any thread).
     */
    int[] pairs(int axis) {
        int[] p = pairsByAxis.get(axis);
        return p != null ? p : pairsAlong(axis);
    }

    private synchronized int[] pairsAlong(int axis) {
        int[] done = pairsByAxis.get(axis);
        if (done != null) return done;
        // Straight from the copy along x, so that the codes along y or z need not be kept as well.
        char[] src = byAxis.get(0);
        int[] dst = new int[src.length], s = strides[axis];
        int sb = s[axis == 0 ? 1 : 0];
        for (int z = 0; z < size[2]; z++) {
            for (int y = 0; y < size[1]; y++) {
                int from = size[0] * (y + size[1] * z), to = y * s[1] + z * s[2];
                for (int x = 0; x < size[0]; x++) {
                    int t = to + x * s[0], code = src[from + x];
                    dst[t] |= code;
                    if (t >= sb) dst[t - sb] |= code << 16;
                }
            }
        }
        pairsByAxis.set(axis, dst);
        return dst;
    }

    /** The code of padded voxel (x, y, z) in the copy along {@code axis} (for tests). */
    char code(int axis, int x, int y, int z) {
        int[] s = strides[axis];
        return codes(axis)[x * s[0] + y * s[1] + z * s[2]];
    }
}
