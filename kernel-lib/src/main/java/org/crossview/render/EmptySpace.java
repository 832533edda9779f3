package org.crossview.render;

import org.crossview.volume.Volume;

/**
 * Where an attenuation volume is empty, for skipping samples that are exactly 0 (air in a CT is μ = 0 after
 * {@link org.crossview.volume.Attenuation}): an occupancy flag per brick of {@link #CELL}³ voxel cells of the padded
 * grid ({@link PaddedVolume}'s coordinates; independent of the storage bricks), and the tight box around the non-zero voxels.
 *
 * <p>With C = {@link #CELL}, a sample whose cell (the floor of its position) lies in brick b reads voxels [Cb, Cb + C]
 * per axis. The flag of brick b is set when any voxel in [Cb − 1, Cb + C + 1] is non-zero: one voxel of margin on each side, so
 * that a sample assigned to an empty brick by the double-precision traversal but evaluated a float rounding
 * away from it still reads only zeros. Skipped samples therefore contribute exactly 0 to the value and to
 * the pose gradient (whose terms are differences of the same 8 voxels).
 *
 * <p>Public for the OpenCL back end, which uploads the same flags.
 */
public final class EmptySpace {
    /**
     * Edge of the skipping bricks, in voxels: smaller bricks follow the anatomy more closely, larger ones cost fewer
     * traversal steps. The system property {@value #CELL_PROPERTY} overrides it (for experiments).
     */
    public static final String CELL_PROPERTY = "crossview.render.skipCell";
    public static final int CELL = Integer.getInteger(CELL_PROPERTY, 8);
    private static final int B = CELL;

    private final int bricksX, bricksY, bricksZ;
    private final byte[] occupied; // 1 where the brick may hold a non-zero sample; index bx + bricksX·(by + bricksY·bz)
    private final byte[][] pairs = new byte[3][]; // per axis: see pairs(int)
    private final double[] boxLo = new double[3], boxHi = new double[3];
    private final long occupiedCount;
    private final boolean empty;

    public EmptySpace(Volume mu) {
        int pad = PaddedVolume.PAD;
        int nx = mu.nx(), ny = mu.ny(), nz = mu.nz();
        bricksX = (nx + 2 * pad + B - 1) / B;
        bricksY = (ny + 2 * pad + B - 1) / B;
        bricksZ = (nz + 2 * pad + B - 1) / B;
        occupied = new byte[bricksX * bricksY * bricksZ];
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {-1, -1, -1};
        float[] d = mu.data();
        for (int k = 0; k < nz; k++) {
            int zLo = lowBrick(k + pad), zHi = highBrick(k + pad, bricksZ);
            for (int j = 0; j < ny; j++) {
                int yLo = lowBrick(j + pad), yHi = highBrick(j + pad, bricksY);
                int row = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    // Same test as the layouts' flush of subnormals: what they store as 0 is empty here.
                    if (!(Math.abs(d[row + i]) >= Float.MIN_NORMAL)) continue;
                    lo[0] = Math.min(lo[0], i);
                    hi[0] = Math.max(hi[0], i);
                    lo[1] = Math.min(lo[1], j);
                    hi[1] = Math.max(hi[1], j);
                    lo[2] = Math.min(lo[2], k);
                    hi[2] = Math.max(hi[2], k);
                    int xLo = lowBrick(i + pad), xHi = highBrick(i + pad, bricksX);
                    for (int bz = zLo; bz <= zHi; bz++) {
                        for (int by = yLo; by <= yHi; by++) {
                            for (int bx = xLo; bx <= xHi; bx++) occupied[bx + bricksX * (by + bricksY * bz)] = 1;
                        }
                    }
                }
            }
        }
        empty = hi[0] < 0;
        for (int a = 0; a < 3; a++) {
            // Trilinear μ is non-zero only strictly within one voxel of the non-zero voxels.
            boxLo[a] = empty ? 0 : lo[a] + pad - 1;
            boxHi[a] = empty ? 0 : hi[a] + pad + 1;
        }
        long n = 0;
        for (byte b : occupied) n += b;
        occupiedCount = n;
        for (int axis = 0; axis < 3; axis++) pairs[axis] = pairs(axis);
    }

    /**
     * The flags OR-ed over the brick and its next neighbour in each of the two axes other than {@code axis}: [b] = any of
     * b, b + e_u, b + e_v, b + e_u + e_v (u, v ≠ axis, within the grid). A walk along the axis reads one flag per layer
     * for a ray whose layer of samples falls in at most 2×2 bricks ({@link BrickWalk#walkPlanes}).
     */
    private byte[] pairs(int axis) {
        int[] n = {bricksX, bricksY, bricksZ}, stride = {1, bricksX, bricksX * bricksY};
        int u = axis == 0 ? 1 : 0, v = axis == 2 ? 1 : 2;
        byte[] out = new byte[occupied.length];
        for (int bz = 0; bz < bricksZ; bz++) {
            for (int by = 0; by < bricksY; by++) {
                for (int bx = 0; bx < bricksX; bx++) {
                    int cell = bx + bricksX * (by + bricksY * bz);
                    int cu = u == 0 ? bx : by, cv = v == 1 ? by : bz;
                    boolean nextU = cu + 1 < n[u], nextV = cv + 1 < n[v];
                    byte any = occupied[cell];
                    if (nextU) any |= occupied[cell + stride[u]];
                    if (nextV) any |= occupied[cell + stride[v]];
                    if (nextU && nextV) any |= occupied[cell + stride[u] + stride[v]];
                    out[cell] = any;
                }
            }
        }
        return out;
    }

    /** Lowest brick b with Cb − 1 ≤ c ≤ Cb + C + 1, i.e. b ≥ (c − C − 1)/C. */
    private static int lowBrick(int c) {
        return Math.max(0, Math.floorDiv(c - (B + 1) + B - 1, B));
    }

    /** Highest such brick: b ≤ (c + 1)/C. */
    private static int highBrick(int c, int bricks) {
        return Math.min(bricks - 1, Math.floorDiv(c + 1, B));
    }

    public int bricksX() { return bricksX; }
    public int bricksY() { return bricksY; }
    public int bricksZ() { return bricksZ; }
    /** 1 where brick (bx, by, bz) may hold a non-zero sample, at bx + bricksX·(by + bricksY·bz). */
    public byte[] occupied() { return occupied; }

    /** {@link #occupied()} OR-ed over 2×2 bricks across {@code axis} (see {@link #pairs(int)}), same indexing. */
    byte[] occupiedPairs(int axis) { return pairs[axis]; }

    public boolean occupied(int bx, int by, int bz) {
        return occupied[bx + bricksX * (by + bricksY * bz)] != 0;
    }

    /** Whether every voxel is 0 (no sample is non-zero). */
    public boolean isEmpty() { return empty; }

    /** Whether every brick may hold a non-zero sample (a CT whose air is noise): then skipping has nothing to leave out. */
    public boolean allOccupied() { return occupiedCount == occupied.length; }

    /** Fraction of the bricks that may hold non-zero samples, for reports. */
    public double occupiedFraction() {
        return (double) occupiedCount / occupied.length;
    }

    /** Lower corner of the open box (padded index coordinates) outside which μ is exactly 0: tighter than {@link PaddedVolume#supportLo}. */
    public double boxLo(int axis) { return boxLo[axis]; }
    public double boxHi(int axis) { return boxHi[axis]; }
}
