package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;

/**
 * Analytic test objects (their line integrals in closed form) and the volumes that sample them, built
 * independently of the renderer: rays come from Camera.detectorPoint and the pose, not from renderer code.
 */
final class Scenes {
    private Scenes() {}

    /** A convex body: the parameter interval where the line p + t·d (d unit) lies inside, or null. */
    interface Convex {
        double[] interval(double[] p, double[] d);
    }

    static Convex sphere(double[] c, double r) {
        return ellipsoid(c, new double[] {r, r, r});
    }

    /** Axis-aligned ellipsoid with semi-axes a (mm). */
    static Convex ellipsoid(double[] c, double[] a) {
        return (p, d) -> {
            double qa = 0, qb = 0, qc = -1;
            for (int i = 0; i < 3; i++) {
                double e = (p[i] - c[i]) / a[i], f = d[i] / a[i];
                qa += f * f;
                qb += 2 * e * f;
                qc += e * e;
            }
            double disc = qb * qb - 4 * qa * qc;
            if (disc <= 0) return null;
            double s = Math.sqrt(disc);
            return new double[] {(-qb - s) / (2 * qa), (-qb + s) / (2 * qa)};
        };
    }

    /** Axis-aligned box [lo, hi] (mm). */
    static Convex box(double[] lo, double[] hi) {
        return (p, d) -> {
            double t0 = Double.NEGATIVE_INFINITY, t1 = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 3; i++) {
                if (d[i] == 0) {
                    if (p[i] < lo[i] || p[i] > hi[i]) return null;
                    continue;
                }
                double ta = (lo[i] - p[i]) / d[i], tb = (hi[i] - p[i]) / d[i];
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
            }
            return t0 < t1 ? new double[] {t0, t1} : null;
        };
    }

    /** Length (mm) of the ray from p along unit d (t ≥ 0) inside the body. */
    static double chord(Convex s, double[] p, double[] d) {
        double[] iv = s.interval(p, d);
        if (iv == null) return 0;
        return Math.max(0, iv[1] - Math.max(0, iv[0]));
    }

    /**
     * A cubic grid of n³ voxels of the given spacing centred on the LPS origin (identity direction) whose
     * values are mu × the fraction of each voxel inside the body. The fraction is integrated exactly along
     * x and by a sub×sub midpoint rule across y and z.
     */
    static Volume partialVolume(Convex s, double mu, int n, double spacing, int sub) {
        double origin = -(n - 1) / 2.0 * spacing;
        float[] data = new float[n * n * n];
        double[] dx = {1, 0, 0};
        double w = mu / (sub * sub * spacing);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int b = 0; b < sub; b++) {
                    for (int a = 0; a < sub; a++) {
                        double y = origin + (j - 0.5 + (a + 0.5) / sub) * spacing;
                        double z = origin + (k - 0.5 + (b + 0.5) / sub) * spacing;
                        double[] iv = s.interval(new double[] {0, y, z}, dx);
                        if (iv == null) continue;
                        for (int i = 0; i < n; i++) {
                            double x0 = origin + (i - 0.5) * spacing, x1 = x0 + spacing;
                            double overlap = Math.min(x1, iv[1]) - Math.max(x0, iv[0]);
                            if (overlap > 0) data[i + n * (j + n * k)] += (float) (w * overlap);
                        }
                    }
                }
            }
        }
        return new Volume(n, n, n, new double[] {spacing, spacing, spacing}, new double[] {origin, origin, origin}, data);
    }

    /** An isotropic Gaussian blob amp·exp(−|x − c|²/(2σ²)); its line integral is amp·σ·√(2π)·exp(−d²/(2σ²)). */
    record Gaussian(double[] c, double sigma, double amp) {
        double value(double[] x) {
            double r2 = 0;
            for (int i = 0; i < 3; i++) r2 += (x[i] - c[i]) * (x[i] - c[i]);
            return amp * Math.exp(-r2 / (2 * sigma * sigma));
        }

        /** Integral along the whole line through p with unit direction d. */
        double lineIntegral(double[] p, double[] d) {
            double[] q = {c[0] - p[0], c[1] - p[1], c[2] - p[2]};
            double along = q[0] * d[0] + q[1] * d[1] + q[2] * d[2];
            double d2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] - along * along;
            return amp * sigma * Math.sqrt(2 * Math.PI) * Math.exp(-d2 / (2 * sigma * sigma));
        }
    }

    /**
     * Point samples of a Gaussian, pre-compensated for the interpolation kernel so that the interpolated
     * field is the Gaussian {@code g}. Interpolating point samples of a field whose spectrum vanishes at the
     * grid frequency (aliasing ~ exp(−2π²σ²/h²), negligible here) is convolving it with the kernel; the
     * tent of trilinear interpolation has variance h²/6 per axis and the box of nearest-voxel (Siddon)
     * h²/12. So sample the Gaussian of variance σ² − kernelVariance with the same total mass; the result
     * differs from g by O(h⁴/σ⁴).
     */
    static Volume compensatedGaussian(Gaussian g, int n, double spacing, double kernelVariance) {
        double s2 = g.sigma() * g.sigma() - kernelVariance;
        double sigma = Math.sqrt(s2);
        double amp = g.amp() * Math.pow(g.sigma() / sigma, 3);
        double o = -(n - 1) / 2.0 * spacing;
        return gaussians(new int[] {n, n, n}, new double[] {spacing, spacing, spacing}, new double[] {o, o, o},
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new Gaussian(g.c(), sigma, amp));
    }

    /** Point samples of a sum of Gaussians on a grid of the given size, spacing, origin and direction. */
    static Volume gaussians(int[] n, double[] spacing, double[] origin, double[] direction, Gaussian... blobs) {
        Volume grid = new Volume(n[0], n[1], n[2], spacing, origin, direction, new float[n[0] * n[1] * n[2]]);
        float[] data = grid.data();
        for (int k = 0; k < n[2]; k++) {
            for (int j = 0; j < n[1]; j++) {
                for (int i = 0; i < n[0]; i++) {
                    double[] x = grid.indexToLps(i, j, k);
                    double v = 0;
                    for (Gaussian g : blobs) v += g.value(x);
                    data[grid.index(i, j, k)] = (float) v;
                }
            }
        }
        return grid;
    }

    /**
     * volFromCam for a camera whose source sits {@code distanceMm} from {@code targetLps}, oriented by
     * the rotation exp(omega) (camera axes in LPS); the beam (camera −z) passes through the target.
     */
    static Rigid lookAt(double[] targetLps, double distanceMm, double... omega) {
        return Rigid.translation(targetLps[0], targetLps[1], targetLps[2])
                .compose(Rigid.exp(omega[0], omega[1], omega[2], 0, 0, 0))
                .compose(Rigid.translation(0, 0, distanceMm));
    }

    /** The source position and unit direction (LPS) of the ray through pixel (u, v). */
    static double[][] ray(Camera camera, Rigid volFromCam, double u, double v) {
        double[] s = volFromCam.apply(0, 0, 0);
        double[] p = volFromCam.apply(camera.detectorPoint(u, v));
        double[] d = {p[0] - s[0], p[1] - s[1], p[2] - s[2]};
        double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        return new double[][] {s, {d[0] / n, d[1] / n, d[2] / n}};
    }

    /** Intensity-weighted centroid (u, v) of an image's values above {@code fraction}·max. */
    static double[] centroid(org.crossview.image.Image im, double fraction) {
        double max = im.max(), su = 0, sv = 0, sw = 0;
        for (int v = 0; v < im.rows(); v++) {
            for (int u = 0; u < im.cols(); u++) {
                double w = im.get(u, v) - fraction * max;
                if (w <= 0) continue;
                su += w * u;
                sv += w * v;
                sw += w;
            }
        }
        return new double[] {su / sw, sv / sw};
    }

    /**
     * The volume as the Java renderer stores it in {@code format}: for {@link VoxelFormat#U16} each voxel replaced by the
     * value of its 16-bit code ({@link Fixed16}, the renderer's scale), so that references reading floats see the same volume.
     */
    static Volume asStored(Volume v, VoxelFormat format) {
        if (format == VoxelFormat.F32) return v;
        float[] d = v.data(), out = new float[d.length];
        double max = 0;
        for (float x : d) max = Math.max(max, x);
        double scale = Fixed16.scale(max);
        for (int i = 0; i < d.length; i++) out[i] = (float) Fixed16.decode(Fixed16.encode(d[i], scale), scale);
        return v.withData(out);
    }
}
