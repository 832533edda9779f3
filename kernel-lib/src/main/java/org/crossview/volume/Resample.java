package org.crossview.volume;

import java.util.stream.IntStream;

/** Resampling a volume onto a new grid that covers the same box. */
public final class Resample {
    /** How values between voxel centres are found. */
    public enum Interpolation {
        /** Trilinear (intensities). */
        LINEAR,
        /** Nearest voxel (labels). */
        NEAREST
    }

    private Resample() {}

    /**
     * Resamples to {@code newSpacingMm} over the same box (the box spans half a voxel beyond the first and
     * last voxel centres on each axis): new size = max(1, round(n·s/s')), with the new voxel centres placed
     * symmetrically inside the old box. Points beyond the outermost old centres take the edge value.
     * Trilinear interpolation does not low-pass filter; for large integer reductions prefer
     * {@link #downsample(Volume, int)}.
     */
    public static Volume toSpacing(Volume v, double[] newSpacingMm, Interpolation interpolation) {
        if (newSpacingMm == null || newSpacingMm.length != 3) throw new IllegalArgumentException("newSpacingMm: expected 3 values");
        for (double s : newSpacingMm) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("newSpacingMm: must be positive and finite, got " + s);
        }
        double[] sp = v.spacingMm();
        int[] n = {v.nx(), v.ny(), v.nz()};
        int[] m = new int[3];
        double[] firstIndex = new double[3]; // continuous old index of new voxel 0
        double[] step = new double[3]; // old-index step per new voxel
        for (int a = 0; a < 3; a++) {
            double extent = n[a] * sp[a];
            m[a] = (int) Math.max(1, Math.round(extent / newSpacingMm[a]));
            step[a] = newSpacingMm[a] / sp[a];
            // Centre the new grid in the old box: the old box is [−0.5, n − 0.5] in old index units.
            firstIndex[a] = (n[a] - 1) / 2.0 - (m[a] - 1) / 2.0 * step[a];
        }
        double[] newOrigin = v.indexToLps(firstIndex[0], firstIndex[1], firstIndex[2]);
        float[] src = v.data();
        float[] dst = new float[m[0] * m[1] * m[2]];
        int nx = n[0], ny = n[1], nz = n[2];
        IntStream.range(0, m[2]).parallel().forEach(k -> {
            double z = clamp(firstIndex[2] + k * step[2], nz);
            for (int j = 0; j < m[1]; j++) {
                double y = clamp(firstIndex[1] + j * step[1], ny);
                int base = m[0] * (j + m[1] * k);
                for (int i = 0; i < m[0]; i++) {
                    double x = clamp(firstIndex[0] + i * step[0], nx);
                    dst[base + i] = interpolation == Interpolation.NEAREST ? nearest(src, nx, ny, x, y, z) : trilinear(src, nx, ny, nz, x, y, z);
                }
            }
        });
        return new Volume(m[0], m[1], m[2], newSpacingMm, newOrigin, v.direction(), dst);
    }

    /** Isotropic convenience for {@link #toSpacing(Volume, double[], Interpolation)}. */
    public static Volume toSpacing(Volume v, double newSpacingMm, Interpolation interpolation) {
        return toSpacing(v, new double[] {newSpacingMm, newSpacingMm, newSpacingMm}, interpolation);
    }

    /**
     * Integer-factor block averaging: each output voxel is the mean of a factor³ block; a partial block at the
     * far end of an axis is dropped. The output voxel centre is the block's centre, so positions are kept.
     */
    public static Volume downsample(Volume v, int factor) {
        if (factor < 1) throw new IllegalArgumentException("factor: must be ≥ 1, got " + factor);
        if (factor == 1) return v.withData(v.data().clone());
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        int mx = nx / factor, my = ny / factor, mz = nz / factor;
        if (mx == 0 || my == 0 || mz == 0) {
            throw new IllegalArgumentException("factor: " + factor + " is larger than the volume " + nx + "x" + ny + "x" + nz);
        }
        double[] sp = v.spacingMm();
        double[] newSpacing = {sp[0] * factor, sp[1] * factor, sp[2] * factor};
        double c = (factor - 1) / 2.0;
        double[] newOrigin = v.indexToLps(c, c, c);
        float[] src = v.data();
        float[] dst = new float[mx * my * mz];
        double norm = 1.0 / ((double) factor * factor * factor);
        IntStream.range(0, mz).parallel().forEach(k -> {
            for (int j = 0; j < my; j++) {
                for (int i = 0; i < mx; i++) {
                    double s = 0;
                    for (int dk = 0; dk < factor; dk++) {
                        for (int dj = 0; dj < factor; dj++) {
                            int row = nx * (j * factor + dj + ny * (k * factor + dk)) + i * factor;
                            for (int di = 0; di < factor; di++) s += src[row + di];
                        }
                    }
                    dst[i + mx * (j + my * k)] = (float) (s * norm);
                }
            }
        });
        return new Volume(mx, my, mz, newSpacing, newOrigin, v.direction(), dst);
    }

    /** Trilinear value at a continuous index (already clamped to [0, n−1]). */
    static float trilinear(float[] d, int nx, int ny, int nz, double x, double y, double z) {
        int i0 = Math.min((int) x, nx - 1), j0 = Math.min((int) y, ny - 1), k0 = Math.min((int) z, nz - 1);
        int i1 = Math.min(i0 + 1, nx - 1), j1 = Math.min(j0 + 1, ny - 1), k1 = Math.min(k0 + 1, nz - 1);
        double fx = x - i0, fy = y - j0, fz = z - k0;
        int p00 = nx * (j0 + ny * k0), p10 = nx * (j1 + ny * k0), p01 = nx * (j0 + ny * k1), p11 = nx * (j1 + ny * k1);
        double c00 = d[p00 + i0] + fx * (d[p00 + i1] - d[p00 + i0]);
        double c10 = d[p10 + i0] + fx * (d[p10 + i1] - d[p10 + i0]);
        double c01 = d[p01 + i0] + fx * (d[p01 + i1] - d[p01 + i0]);
        double c11 = d[p11 + i0] + fx * (d[p11 + i1] - d[p11 + i0]);
        double c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
        return (float) (c0 + fz * (c1 - c0));
    }

    private static float nearest(float[] d, int nx, int ny, double x, double y, double z) {
        return d[(int) Math.round(x) + nx * ((int) Math.round(y) + ny * (int) Math.round(z))];
    }

    private static double clamp(double x, int n) {
        return x < 0 ? 0 : Math.min(x, n - 1);
    }
}
