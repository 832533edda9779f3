package org.crossview.volume;

import java.util.Arrays;

/** Cropping a volume to a box of voxels, keeping every voxel's LPS position. */
public final class Crop {
    private Crop() {}

    /** Voxels [lo, hi) on each axis: {@code box} = (i0, j0, k0, i1, j1, k1), exclusive upper ends. */
    public static Volume toBox(Volume v, int[] box) {
        if (box == null || box.length != 6) throw new IllegalArgumentException("box: expected (i0, j0, k0, i1, j1, k1)");
        int[] n = {v.nx(), v.ny(), v.nz()};
        for (int a = 0; a < 3; a++) {
            if (box[a] < 0 || box[a + 3] > n[a] || box[a] >= box[a + 3]) {
                throw new IllegalArgumentException("box: " + Arrays.toString(box) + " is empty or outside the volume " + n[0] + "x" + n[1] + "x" + n[2]);
            }
        }
        int mx = box[3] - box[0], my = box[4] - box[1], mz = box[5] - box[2];
        float[] src = v.data();
        float[] dst = new float[mx * my * mz];
        for (int k = 0; k < mz; k++) {
            for (int j = 0; j < my; j++) {
                System.arraycopy(src, v.index(box[0], box[1] + j, box[2] + k), dst, mx * (j + my * k), mx);
            }
        }
        return new Volume(mx, my, mz, v.spacingMm(), v.indexToLps(box[0], box[1], box[2]), v.direction(), dst);
    }

    /**
     * The smallest box holding every voxel with value &gt; {@code threshold}, grown by {@code marginVoxels} and
     * clipped to the volume; as (i0, j0, k0, i1, j1, k1) with exclusive upper ends. Throws if no voxel exceeds it.
     */
    public static int[] boundingBox(Volume v, double threshold, int marginVoxels) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        float[] d = v.data();
        int nx = v.nx(), ny = v.ny();
        for (int n = 0; n < d.length; n++) {
            if (d[n] > threshold) {
                int i = n % nx, j = (n / nx) % ny, k = n / (nx * ny);
                lo[0] = Math.min(lo[0], i); lo[1] = Math.min(lo[1], j); lo[2] = Math.min(lo[2], k);
                hi[0] = Math.max(hi[0], i); hi[1] = Math.max(hi[1], j); hi[2] = Math.max(hi[2], k);
            }
        }
        if (hi[0] < 0) throw new IllegalArgumentException("boundingBox: no voxel above " + threshold);
        int[] n = {v.nx(), v.ny(), v.nz()};
        int[] box = new int[6];
        for (int a = 0; a < 3; a++) {
            box[a] = Math.max(0, lo[a] - marginVoxels);
            box[a + 3] = Math.min(n[a], hi[a] + 1 + marginVoxels);
        }
        return box;
    }
}
