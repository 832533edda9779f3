package org.crossview.plot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/**
 * Orthogonal slices and maximum-intensity projections of a {@link Volume}, sampled in LPS millimetres on square
 * pixels, so that anisotropic voxels and any direction matrix (NIfTI files often flip axes) come out the same
 * way: the radiological display convention.
 * <ul>
 * <li>axial (plane of constant S, seen from the feet): image right = patient left (+L), image down = posterior (+P);
 * <li>coronal (constant P, seen from the front): image right = patient left, image up = superior (+S);
 * <li>sagittal (constant L, seen from the patient's left): image right = posterior, image up = superior.
 * </ul>
 * A {@link Slice} maps LPS points to its pixels, to draw landmarks on it.
 */
public final class Slices {
    private Slices() {}

    /** The three orthogonal planes; {@code normalAxis} is the LPS axis the plane is constant along. */
    public enum Plane {
        AXIAL(2, 0, 1, false), CORONAL(1, 0, 2, true), SAGITTAL(0, 1, 2, true);

        final int normalAxis, uAxis, vAxis;
        final boolean vUpwards; // image rows run against the LPS axis (superior at the top)

        Plane(int normalAxis, int uAxis, int vAxis, boolean vUpwards) {
            this.normalAxis = normalAxis;
            this.uAxis = uAxis;
            this.vAxis = vAxis;
            this.vUpwards = vUpwards;
        }

        /** The LPS axis (0 = L, 1 = P, 2 = S) the plane is constant along. */
        public int normalAxis() {
            return normalAxis;
        }
    }

    /**
     * A sampled plane: pixel (u, v) has its centre at LPS {@code corner + u·pixelMm·ê_u ± v·pixelMm·ê_v}
     * (minus along S for coronal and sagittal slices, whose rows go downwards), at {@code positionMm} along the
     * plane's normal axis.
     */
    public record Slice(Image image, Plane plane, double positionMm, double[] cornerLps, double pixelMm) {
        /** (u, v, signed distance from the plane in mm) of an LPS point. */
        public double[] pixelOf(double[] lps) {
            double u = (lps[plane.uAxis] - cornerLps[plane.uAxis]) / pixelMm;
            double dv = (lps[plane.vAxis] - cornerLps[plane.vAxis]) / pixelMm;
            return new double[] {u, plane.vUpwards ? -dv : dv, lps[plane.normalAxis] - positionMm};
        }

        /** The LPS point at the centre of pixel (u, v). */
        public double[] lpsOf(double u, double v) {
            double[] p = new double[3];
            p[plane.normalAxis] = positionMm;
            p[plane.uAxis] = cornerLps[plane.uAxis] + u * pixelMm;
            p[plane.vAxis] = cornerLps[plane.vAxis] + (plane.vUpwards ? -v : v) * pixelMm;
            return p;
        }

        /**
         * The named LPS points lying within {@code maxDistanceMm} of the plane, as pixels (u, v), for
         * {@link Pictures#withPoints}; pass {@link Double#POSITIVE_INFINITY} to project every point onto the plane.
         */
        public Map<String, double[]> pixelsNear(Map<String, double[]> pointsLps, double maxDistanceMm) {
            Map<String, double[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : pointsLps.entrySet()) {
                double[] p = pixelOf(e.getValue());
                if (Math.abs(p[2]) <= maxDistanceMm) out.put(e.getKey(), new double[] {p[0], p[1]});
            }
            return out;
        }
    }

    /** [min, max] of the volume's voxel centres along an LPS axis (0 = L, 1 = P, 2 = S). */
    public static double[] extentMm(Volume v, int lpsAxis) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 8; c++) {
            double[] p = v.indexToLps((c & 1) == 0 ? 0 : v.nx() - 1, (c & 2) == 0 ? 0 : v.ny() - 1, (c & 4) == 0 ? 0 : v.nz() - 1);
            lo = Math.min(lo, p[lpsAxis]);
            hi = Math.max(hi, p[lpsAxis]);
        }
        return new double[] {lo, hi};
    }

    /** The slice through the volume's centre, pixels as large as the smallest voxel side, trilinear. */
    public static Slice centre(Volume v, Plane plane) {
        return at(v, plane, v.centreLps()[plane.normalAxis], smallestSpacing(v), false);
    }

    /** The slice through an LPS point (e.g. a landmark), pixels as large as the smallest voxel side, trilinear. */
    public static Slice through(Volume v, Plane plane, double[] lps) {
        return at(v, plane, lps[plane.normalAxis], smallestSpacing(v), false);
    }

    /** The slice through an LPS point with pixels of {@code pixelMm} (trilinear). */
    public static Slice through(Volume v, Plane plane, double[] lps, double pixelMm) {
        return at(v, plane, lps[plane.normalAxis], pixelMm, false);
    }

    /**
     * The slice at {@code positionMm} along the plane's normal, sampled every {@code pixelMm} over the volume's
     * extent; {@code nearest} for label volumes (no blending of label numbers), trilinear otherwise. Outside the
     * volume the value is the volume's minimum (air for a CT, background for labels).
     */
    public static Slice at(Volume v, Plane plane, double positionMm, double pixelMm, boolean nearest) {
        if (!(pixelMm > 0) || !Double.isFinite(pixelMm)) throw new IllegalArgumentException("pixelMm: must be positive, got " + pixelMm);
        if (!Double.isFinite(positionMm)) throw new IllegalArgumentException("positionMm: must be finite, got " + positionMm);
        double[] ue = extentMm(v, plane.uAxis), ve = extentMm(v, plane.vAxis);
        int cols = (int) Math.floor((ue[1] - ue[0]) / pixelMm + 1e-9) + 1;
        int rows = (int) Math.floor((ve[1] - ve[0]) / pixelMm + 1e-9) + 1;
        double[] corner = new double[3];
        corner[plane.normalAxis] = positionMm;
        corner[plane.uAxis] = ue[0];
        corner[plane.vAxis] = plane.vUpwards ? ve[1] : ve[0];
        Slice empty = new Slice(new Image(cols, rows), plane, positionMm, corner, pixelMm);
        double[] a = v.lpsToIndexAffine();
        float outside = min(v);
        float[] out = empty.image().data();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double[] p = empty.lpsOf(col, row);
                out[row * cols + col] = sample(v, a, p, nearest, outside);
            }
        }
        return empty;
    }

    /**
     * The maximum-intensity projection along the plane's normal (every {@code pixelMm} through the whole volume).
     * The returned slice's position is the volume's centre along the normal.
     */
    public static Slice mip(Volume v, Plane plane, double pixelMm) {
        return project(v, plane, pixelMm, true);
    }

    /**
     * The mean along the plane's normal (every {@code pixelMm} through the whole volume): for a CT, a picture
     * like a parallel-beam radiograph, with bone from every depth at once, so that all landmarks can be shown on
     * one picture. The returned slice's position is the volume's centre along the normal.
     */
    public static Slice mean(Volume v, Plane plane, double pixelMm) {
        return project(v, plane, pixelMm, false);
    }

    private static Slice project(Volume v, Plane plane, double pixelMm, boolean max) {
        double[] ne = extentMm(v, plane.normalAxis);
        Slice first = at(v, plane, ne[0], pixelMm, false);
        float[] acc = first.image().data().clone();
        int n = (int) Math.floor((ne[1] - ne[0]) / pixelMm + 1e-9);
        for (int s = 1; s <= n; s++) {
            float[] d = at(v, plane, ne[0] + s * pixelMm, pixelMm, false).image().data();
            for (int i = 0; i < acc.length; i++) acc[i] = max ? Math.max(acc[i], d[i]) : acc[i] + d[i];
        }
        if (!max) for (int i = 0; i < acc.length; i++) acc[i] /= n + 1;
        double centre = v.centreLps()[plane.normalAxis];
        double[] corner = first.cornerLps().clone();
        corner[plane.normalAxis] = centre;
        return new Slice(new Image(first.image().cols(), first.image().rows(), acc), plane, centre, corner, pixelMm);
    }

    private static double smallestSpacing(Volume v) {
        double[] s = v.spacingMm();
        return Math.min(s[0], Math.min(s[1], s[2]));
    }

    private static float min(Volume v) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : v.data()) m = Math.min(m, x);
        return m;
    }

    /** Trilinear (or nearest) value at an LPS point; {@code outside} beyond the voxel centres' box. */
    private static float sample(Volume v, double[] a, double[] p, boolean nearest, float outside) {
        double i = a[0] * p[0] + a[1] * p[1] + a[2] * p[2] + a[3];
        double j = a[4] * p[0] + a[5] * p[1] + a[6] * p[2] + a[7];
        double k = a[8] * p[0] + a[9] * p[1] + a[10] * p[2] + a[11];
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        double tol = 1e-6;
        if (i < -tol || j < -tol || k < -tol || i > nx - 1 + tol || j > ny - 1 + tol || k > nz - 1 + tol) return outside;
        if (nearest) {
            return v.get(clamp((int) Math.round(i), nx), clamp((int) Math.round(j), ny), clamp((int) Math.round(k), nz));
        }
        // lower corner in [0, n−2] so that the upper one exists (a single-voxel axis uses voxel 0 twice)
        int i0 = clamp((int) Math.floor(i), Math.max(1, nx - 1)), j0 = clamp((int) Math.floor(j), Math.max(1, ny - 1));
        int k0 = clamp((int) Math.floor(k), Math.max(1, nz - 1));
        int i1 = Math.min(i0 + 1, nx - 1), j1 = Math.min(j0 + 1, ny - 1), k1 = Math.min(k0 + 1, nz - 1);
        double fi = Math.max(0, Math.min(1, i - i0)), fj = Math.max(0, Math.min(1, j - j0)), fk = Math.max(0, Math.min(1, k - k0));
        double c00 = v.get(i0, j0, k0) * (1 - fi) + v.get(i1, j0, k0) * fi;
        double c10 = v.get(i0, j1, k0) * (1 - fi) + v.get(i1, j1, k0) * fi;
        double c01 = v.get(i0, j0, k1) * (1 - fi) + v.get(i1, j0, k1) * fi;
        double c11 = v.get(i0, j1, k1) * (1 - fi) + v.get(i1, j1, k1) * fi;
        double c0 = c00 * (1 - fj) + c10 * fj, c1 = c01 * (1 - fj) + c11 * fj;
        return (float) (c0 * (1 - fk) + c1 * fk);
    }

    private static int clamp(int x, int n) {
        return Math.max(0, Math.min(n - 1, x));
    }
}
