package org.crossview.volume;

import java.util.Arrays;

/**
 * A 3D scalar volume in the LPS frame (DESIGN.md §2): voxel (i, j, k) = (column, row, slice) has its
 * centre at {@code origin + direction · diag(spacing) · (i, j, k)} mm. Values are stored with i fastest:
 * {@code data[i + nx*(j + ny*k)]}, which is DeepFluoro's (slices, rows, columns) row-major order.
 * What the values mean (HU, attenuation per mm, labels) is the holder's business; see {@link Attenuation}.
 */
public final class Volume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] spacingMm;
    private final double[] originMm;
    private final double[] direction; // row-major 3x3; column c is the LPS direction of index axis c
    private final float[] data;

    public Volume(int nx, int ny, int nz, double[] spacingMm, double[] originMm, double[] direction, float[] data) {
        if (nx <= 0 || ny <= 0 || nz <= 0) throw new IllegalArgumentException("volume: size must be positive, got " + nx + "x" + ny + "x" + nz);
        if ((long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException("volume: " + nx + "x" + ny + "x" + nz + " needs " + (long) nx * ny * nz + " values, got " + data.length);
        }
        if (spacingMm.length != 3 || originMm.length != 3 || direction.length != 9) {
            throw new IllegalArgumentException("volume: spacing and origin need 3 values and direction 9");
        }
        for (int a = 0; a < 3; a++) {
            if (!(spacingMm[a] > 0) || !Double.isFinite(spacingMm[a])) {
                throw new IllegalArgumentException("spacing: must be positive and finite, got " + Arrays.toString(spacingMm));
            }
            if (!Double.isFinite(originMm[a])) throw new IllegalArgumentException("origin: must be finite, got " + Arrays.toString(originMm));
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.spacingMm = spacingMm.clone();
        this.originMm = originMm.clone();
        this.direction = direction.clone();
        this.data = data;
    }

    /** Identity direction (axes along L, P, S). */
    public Volume(int nx, int ny, int nz, double[] spacingMm, double[] originMm, float[] data) {
        this(nx, ny, nz, spacingMm, originMm, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, data);
    }

    public int nx() { return nx; }
    public int ny() { return ny; }
    public int nz() { return nz; }
    public double[] spacingMm() { return spacingMm.clone(); }
    public double[] originMm() { return originMm.clone(); }
    public double[] direction() { return direction.clone(); }
    public float[] data() { return data; }

    public float get(int i, int j, int k) {
        return data[i + nx * (j + ny * k)];
    }

    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** A volume with the same grid and other values. */
    public Volume withData(float[] newData) {
        return new Volume(nx, ny, nz, spacingMm, originMm, direction, newData);
    }

    /** LPS position (mm) of continuous voxel index (i, j, k). */
    public double[] indexToLps(double i, double j, double k) {
        double a = i * spacingMm[0], b = j * spacingMm[1], c = k * spacingMm[2];
        return new double[] {
            originMm[0] + direction[0] * a + direction[1] * b + direction[2] * c,
            originMm[1] + direction[3] * a + direction[4] * b + direction[5] * c,
            originMm[2] + direction[6] * a + direction[7] * b + direction[8] * c};
    }

    /** Row-major 3x4 affine mapping LPS mm to continuous voxel index (the inverse of {@link #indexToLps}). */
    public double[] lpsToIndexAffine() {
        // A = D·diag(s); A⁻¹ = diag(1/s)·D⁻¹, with D⁻¹ computed generally (direction may be non-orthogonal in NIfTI).
        double[] d = direction;
        double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) + d[2] * (d[3] * d[7] - d[4] * d[6]);
        if (Math.abs(det) < 1e-12) throw new IllegalArgumentException("direction: singular matrix");
        double[] inv = {
            (d[4] * d[8] - d[5] * d[7]) / det, -(d[1] * d[8] - d[2] * d[7]) / det, (d[1] * d[5] - d[2] * d[4]) / det,
            -(d[3] * d[8] - d[5] * d[6]) / det, (d[0] * d[8] - d[2] * d[6]) / det, -(d[0] * d[5] - d[2] * d[3]) / det,
            (d[3] * d[7] - d[4] * d[6]) / det, -(d[0] * d[7] - d[1] * d[6]) / det, (d[0] * d[4] - d[1] * d[3]) / det};
        double[] out = new double[12];
        for (int r = 0; r < 3; r++) {
            double t = 0;
            for (int c = 0; c < 3; c++) {
                out[r * 4 + c] = inv[r * 3 + c] / spacingMm[r];
                t -= out[r * 4 + c] * originMm[c];
            }
            out[r * 4 + 3] = t;
        }
        return out;
    }

    /** Continuous voxel index of an LPS point. */
    public double[] lpsToIndex(double... lps) {
        double[] a = lpsToIndexAffine();
        return new double[] {
            a[0] * lps[0] + a[1] * lps[1] + a[2] * lps[2] + a[3],
            a[4] * lps[0] + a[5] * lps[1] + a[6] * lps[2] + a[7],
            a[8] * lps[0] + a[9] * lps[1] + a[10] * lps[2] + a[11]};
    }

    /** LPS centre of the volume's box. */
    public double[] centreLps() {
        return indexToLps((nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0);
    }

    /** Throws naming {@code what} if any voxel is NaN or infinite, or if every voxel is zero. */
    public Volume requireFiniteAndNonEmpty(String what) {
        boolean any = false;
        for (int n = 0; n < data.length; n++) {
            float x = data[n];
            if (!Float.isFinite(x)) {
                int i = n % nx, j = (n / nx) % ny, k = n / (nx * ny);
                throw new IllegalArgumentException(what + ": non-finite voxel value " + x + " at (i,j,k)=(" + i + "," + j + "," + k + ")");
            }
            any |= x != 0;
        }
        if (!any) throw new IllegalArgumentException(what + ": volume is empty (every voxel is 0)");
        return this;
    }

    @Override
    public String toString() {
        return String.format("Volume[%dx%dx%d, spacing %s mm, origin %s]", nx, ny, nz, Arrays.toString(spacingMm), Arrays.toString(originMm));
    }
}
