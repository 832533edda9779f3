package org.crossview.volume;

/**
 * Brings a volume with any direction matrix into the identity-direction LPS frame the DeepFluoro layout stores
 * (DESIGN.md §2: +i = L, +j = P, +k = S), once, at the border. A direction that only permutes and flips axes
 * (every DICOM axial, sagittal or coronal series, flipped or not) is rearranged voxel by voxel: values are
 * unchanged. An oblique direction is resampled (trilinear) onto the axis-aligned box that holds the volume,
 * each LPS axis taking the spacing of the index axis closest to it; points outside the source get {@code fill}.
 */
public final class Reorient {
    private Reorient() {}

    /** How far from 0/±1 a direction entry may be and still count as an axis permutation. */
    static final double PERMUTATION_TOLERANCE = 1e-4;

    public static boolean isIdentity(double[] direction) {
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) if (Math.abs(direction[3 * r + c] - (r == c ? 1 : 0)) > PERMUTATION_TOLERANCE) return false;
        return true;
    }

    /** For each LPS axis r, the index axis c with direction[r][c] = ±1 (sign in {@code sign}), or null when oblique. */
    static int[] permutation(double[] d, int[] sign) {
        int[] axisOf = {-1, -1, -1};
        boolean[] used = new boolean[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double x = d[3 * r + c];
                if (Math.abs(Math.abs(x) - 1) <= PERMUTATION_TOLERANCE) {
                    if (axisOf[r] >= 0 || used[c]) return null;
                    axisOf[r] = c;
                    used[c] = true;
                    sign[r] = x > 0 ? 1 : -1;
                } else if (Math.abs(x) > PERMUTATION_TOLERANCE) {
                    return null;
                }
            }
            if (axisOf[r] < 0) return null;
        }
        return axisOf;
    }

    /** True when the direction only permutes and flips axes (no resampling needed). */
    public static boolean isAxisAligned(double[] direction) {
        return permutation(direction, new int[3]) != null;
    }

    /** The same volume in the identity-direction frame: exact for axis permutations, trilinear otherwise. */
    public static Volume toIdentityDirection(Volume v, float fill) {
        double[] d = v.direction();
        if (isIdentity(d)) return v;
        int[] sign = new int[3];
        int[] axisOf = permutation(d, sign);
        return axisOf != null ? permute(v, axisOf, sign) : resample(v, fill);
    }

    private static Volume permute(Volume v, int[] axisOf, int[] sign) {
        int[] n = {v.nx(), v.ny(), v.nz()};
        double[] sp = v.spacingMm();
        int[] m = {n[axisOf[0]], n[axisOf[1]], n[axisOf[2]]};
        double[] spacing = {sp[axisOf[0]], sp[axisOf[1]], sp[axisOf[2]]};
        // the new origin is the source voxel with the smallest L, P and S: index n−1 along flipped axes
        int[] corner = new int[3];
        for (int r = 0; r < 3; r++) corner[axisOf[r]] = sign[r] > 0 ? 0 : n[axisOf[r]] - 1;
        double[] origin = v.indexToLps(corner[0], corner[1], corner[2]);
        float[] src = v.data(), out = new float[src.length];
        int[] idx = new int[3];
        for (int k = 0; k < m[2]; k++) {
            for (int j = 0; j < m[1]; j++) {
                for (int i = 0; i < m[0]; i++) {
                    int[] ijk = {i, j, k};
                    for (int r = 0; r < 3; r++) idx[axisOf[r]] = sign[r] > 0 ? ijk[r] : n[axisOf[r]] - 1 - ijk[r];
                    out[i + m[0] * (j + m[1] * k)] = src[idx[0] + n[0] * (idx[1] + n[1] * idx[2])];
                }
            }
        }
        return new Volume(m[0], m[1], m[2], spacing, origin, out);
    }

    private static Volume resample(Volume v, float fill) {
        double[] d = v.direction(), sp = v.spacingMm();
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] p = v.indexToLps((c & 1) * (v.nx() - 1), ((c >> 1) & 1) * (v.ny() - 1), ((c >> 2) & 1) * (v.nz() - 1));
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        double[] spacing = new double[3];
        int[] m = new int[3];
        for (int r = 0; r < 3; r++) {
            int best = 0;
            for (int c = 1; c < 3; c++) if (Math.abs(d[3 * r + c]) > Math.abs(d[3 * r + best])) best = c;
            spacing[r] = sp[best];
            m[r] = (int) Math.floor((hi[r] - lo[r]) / spacing[r] + 1e-6) + 1;
        }
        double[] a = v.lpsToIndexAffine();
        float[] out = new float[m[0] * m[1] * m[2]];
        for (int k = 0; k < m[2]; k++) {
            double z = lo[2] + k * spacing[2];
            for (int j = 0; j < m[1]; j++) {
                double y = lo[1] + j * spacing[1];
                for (int i = 0; i < m[0]; i++) {
                    double x = lo[0] + i * spacing[0];
                    out[i + m[0] * (j + m[1] * k)] = trilinear(v, a[0] * x + a[1] * y + a[2] * z + a[3], a[4] * x + a[5] * y + a[6] * z + a[7],
                            a[8] * x + a[9] * y + a[10] * z + a[11], fill);
                }
            }
        }
        return new Volume(m[0], m[1], m[2], spacing, lo, out);
    }

    /** Trilinear value at a continuous index; {@code fill} outside the voxel centres' box (a half-voxel tolerance at the faces). */
    static float trilinear(Volume v, double fi, double fj, double fk, float fill) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        double e = 1e-6;
        if (fi < -e || fj < -e || fk < -e || fi > nx - 1 + e || fj > ny - 1 + e || fk > nz - 1 + e) return fill;
        fi = Math.min(Math.max(fi, 0), nx - 1);
        fj = Math.min(Math.max(fj, 0), ny - 1);
        fk = Math.min(Math.max(fk, 0), nz - 1);
        int i0 = Math.min((int) fi, Math.max(nx - 2, 0)), j0 = Math.min((int) fj, Math.max(ny - 2, 0)), k0 = Math.min((int) fk, Math.max(nz - 2, 0));
        int i1 = Math.min(i0 + 1, nx - 1), j1 = Math.min(j0 + 1, ny - 1), k1 = Math.min(k0 + 1, nz - 1);
        double u = fi - i0, w = fj - j0, t = fk - k0;
        double c00 = v.get(i0, j0, k0) * (1 - u) + v.get(i1, j0, k0) * u;
        double c10 = v.get(i0, j1, k0) * (1 - u) + v.get(i1, j1, k0) * u;
        double c01 = v.get(i0, j0, k1) * (1 - u) + v.get(i1, j0, k1) * u;
        double c11 = v.get(i0, j1, k1) * (1 - u) + v.get(i1, j1, k1) * u;
        return (float) ((c00 * (1 - w) + c10 * w) * (1 - t) + (c01 * (1 - w) + c11 * w) * t);
    }
}
