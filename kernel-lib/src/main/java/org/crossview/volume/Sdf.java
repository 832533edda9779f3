package org.crossview.volume;

/**
 * Signed-distance-like shapes (mm; negative inside) for the procedural phantom, each with an axis-aligned
 * bounding box so that a voxel only evaluates the shapes near it. Distances are exact or close lower-bound
 * approximations near the surface, which is all the phantom needs (anti-aliased edges and shells of a few mm).
 */
final class Sdf {
    private Sdf() {}

    /** A shape: distance and bounding box (lo, hi) in mm. */
    abstract static class Shape {
        final double[] lo = new double[3];
        final double[] hi = new double[3];

        abstract double distance(double x, double y, double z);

        /** The bounding box grown by {@code margin} overlaps the box [a, b]. */
        final boolean overlaps(double[] a, double[] b, double margin) {
            for (int i = 0; i < 3; i++) {
                if (lo[i] - margin > b[i] || hi[i] + margin < a[i]) return false;
            }
            return true;
        }
    }

    /** Polynomial smooth minimum (union) with blend radius k (mm); equals min(a, b) when |a − b| ≥ k. */
    static double smin(double a, double b, double k) {
        if (k <= 0) return Math.min(a, b);
        double h = Math.max(k - Math.abs(a - b), 0) / k;
        return Math.min(a, b) - h * h * k * 0.25;
    }

    // ------------------------------------------------------------------ ellipsoid

    /** Ellipsoid with semi-axes r along the columns of rotation R (row-major 3x3; identity when null). */
    static final class Ellipsoid extends Shape {
        private final double cx, cy, cz, rx, ry, rz;
        private final double[] r; // rotation: world = R·local

        Ellipsoid(double[] centre, double[] radii, double[] rotation) {
            cx = centre[0];
            cy = centre[1];
            cz = centre[2];
            rx = radii[0];
            ry = radii[1];
            rz = radii[2];
            r = rotation == null ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : rotation.clone();
            double[] c = centre;
            for (int a = 0; a < 3; a++) {
                double e = Math.sqrt(sq(r[3 * a] * rx) + sq(r[3 * a + 1] * ry) + sq(r[3 * a + 2] * rz));
                lo[a] = c[a] - e;
                hi[a] = c[a] + e;
            }
        }

        Ellipsoid(double[] centre, double[] radii) {
            this(centre, radii, null);
        }

        @Override
        double distance(double x, double y, double z) {
            double px = x - cx, py = y - cy, pz = z - cz;
            double lx = r[0] * px + r[3] * py + r[6] * pz; // Rᵀ·p
            double ly = r[1] * px + r[4] * py + r[7] * pz;
            double lz = r[2] * px + r[5] * py + r[8] * pz;
            double k0 = Math.sqrt(sq(lx / rx) + sq(ly / ry) + sq(lz / rz));
            double k1 = Math.sqrt(sq(lx / (rx * rx)) + sq(ly / (ry * ry)) + sq(lz / (rz * rz)));
            if (k1 < 1e-12) return -Math.min(rx, Math.min(ry, rz));
            return k0 * (k0 - 1) / k1;
        }
    }

    // ------------------------------------------------------------------ tube along a polyline

    /** A tube along a polyline whose radius varies linearly between its points (a chain of round cones). */
    static final class Tube extends Shape {
        private final double[][] p;
        private final double[] radius;

        Tube(double[][] points, double[] radii) {
            if (points.length < 2 || points.length != radii.length) throw new IllegalArgumentException("tube: need ≥ 2 points, one radius each");
            p = points;
            radius = radii;
            for (int a = 0; a < 3; a++) {
                lo[a] = Double.POSITIVE_INFINITY;
                hi[a] = Double.NEGATIVE_INFINITY;
                for (int n = 0; n < p.length; n++) {
                    lo[a] = Math.min(lo[a], p[n][a] - radius[n]);
                    hi[a] = Math.max(hi[a], p[n][a] + radius[n]);
                }
            }
        }

        Tube(double[] from, double[] to, double radiusFrom, double radiusTo) {
            this(new double[][] {from, to}, new double[] {radiusFrom, radiusTo});
        }

        @Override
        double distance(double x, double y, double z) {
            double best = Double.POSITIVE_INFINITY;
            for (int n = 0; n + 1 < p.length; n++) {
                double[] a = p[n], b = p[n + 1];
                double ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
                double wx = x - a[0], wy = y - a[1], wz = z - a[2];
                double len2 = ux * ux + uy * uy + uz * uz;
                double t = len2 > 0 ? Math.max(0, Math.min(1, (wx * ux + wy * uy + wz * uz) / len2)) : 0;
                double dx = wx - t * ux, dy = wy - t * uy, dz = wz - t * uz;
                double d = Math.sqrt(dx * dx + dy * dy + dz * dz) - (radius[n] + t * (radius[n + 1] - radius[n]));
                best = Math.min(best, d);
            }
            return best;
        }
    }

    // ------------------------------------------------------------------ thick surface between two polylines

    /**
     * A plate: the quad strip between two polylines of equal length (upper[n], lower[n]), split into triangles,
     * thickened by a half-thickness that varies linearly over each triangle. Models thin curved bone (iliac wing).
     */
    static final class Plate extends Shape {
        private final double[][] tri; // per triangle: 9 coordinates
        private final double[][] half; // per triangle: 3 half-thicknesses

        Plate(double[][] upper, double[][] lower, double[] upperHalfMm, double[] lowerHalfMm) {
            this(new double[][][] {upper, lower}, new double[][] {upperHalfMm, lowerHalfMm});
        }

        /** A sheet through several rows of points (row r and r+1 form a quad strip); half-thickness per point. */
        Plate(double[][][] rows, double[][] halfMm) {
            int n = rows[0].length;
            if (rows.length < 2 || n < 2 || halfMm.length != rows.length) throw new IllegalArgumentException("plate: need ≥ 2 rows of ≥ 2 points");
            for (int r = 0; r < rows.length; r++) {
                if (rows[r].length != n || halfMm[r].length != n) throw new IllegalArgumentException("plate: rows need equal lengths");
            }
            int strips = rows.length - 1;
            tri = new double[2 * (n - 1) * strips][];
            half = new double[2 * (n - 1) * strips][];
            int t = 0;
            double maxHalf = 0;
            for (int r = 0; r < strips; r++) {
                double[][] upper = rows[r], lower = rows[r + 1];
                double[] hu = halfMm[r], hl = halfMm[r + 1];
                for (int i = 0; i + 1 < n; i++) {
                    tri[t] = concat(upper[i], upper[i + 1], lower[i]);
                    half[t++] = new double[] {hu[i], hu[i + 1], hl[i]};
                    tri[t] = concat(upper[i + 1], lower[i + 1], lower[i]);
                    half[t++] = new double[] {hu[i + 1], hl[i + 1], hl[i]};
                }
            }
            for (double[] h : halfMm) for (double x : h) maxHalf = Math.max(maxHalf, x);
            for (int a = 0; a < 3; a++) {
                lo[a] = Double.POSITIVE_INFINITY;
                hi[a] = Double.NEGATIVE_INFINITY;
                for (double[][] row : rows) {
                    for (double[] q : row) {
                        lo[a] = Math.min(lo[a], q[a] - maxHalf);
                        hi[a] = Math.max(hi[a], q[a] + maxHalf);
                    }
                }
            }
        }

        @Override
        double distance(double x, double y, double z) {
            double best = Double.POSITIVE_INFINITY;
            double[] bary = new double[3];
            for (int t = 0; t < tri.length; t++) {
                double d = triangleDistance(tri[t], x, y, z, bary);
                double[] h = half[t];
                best = Math.min(best, d - (bary[0] * h[0] + bary[1] * h[1] + bary[2] * h[2]));
            }
            return best;
        }

        private static double[] concat(double[] a, double[] b, double[] c) {
            return new double[] {a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]};
        }
    }

    /**
     * Distance from p to triangle (a, b, c) = t[0..8]; writes the closest point's barycentric coordinates.
     * Region tests over the triangle's vertices, edges and face (the standard closest-point construction).
     */
    static double triangleDistance(double[] t, double px, double py, double pz, double[] bary) {
        double ax = t[0], ay = t[1], az = t[2];
        double abx = t[3] - ax, aby = t[4] - ay, abz = t[5] - az;
        double acx = t[6] - ax, acy = t[7] - ay, acz = t[8] - az;
        double apx = px - ax, apy = py - ay, apz = pz - az;
        double d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
        double u, v, w; // weights of a, b, c
        if (d1 <= 0 && d2 <= 0) {
            u = 1; v = 0; w = 0;
        } else {
            double bpx = px - t[3], bpy = py - t[4], bpz = pz - t[5];
            double d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
            double cpx = px - t[6], cpy = py - t[7], cpz = pz - t[8];
            double d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
            double vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
            if (d3 >= 0 && d4 <= d3) {
                u = 0; v = 1; w = 0;
            } else if (d6 >= 0 && d5 <= d6) {
                u = 0; v = 0; w = 1;
            } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
                double s = d1 / (d1 - d3);
                u = 1 - s; v = s; w = 0;
            } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
                double s = d2 / (d2 - d6);
                u = 1 - s; v = 0; w = s;
            } else if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
                double s = (d4 - d3) / ((d4 - d3) + (d5 - d6));
                u = 0; v = 1 - s; w = s;
            } else {
                double den = 1 / (va + vb + vc);
                v = vb * den;
                w = vc * den;
                u = 1 - v - w;
            }
        }
        bary[0] = u;
        bary[1] = v;
        bary[2] = w;
        double qx = u * ax + v * t[3] + w * t[6] - px;
        double qy = u * ay + v * t[4] + w * t[7] - py;
        double qz = u * az + v * t[5] + w * t[8] - pz;
        return Math.sqrt(qx * qx + qy * qy + qz * qz);
    }

    // ------------------------------------------------------------------ elliptic cylinder (vertebral body)

    /** A rounded elliptic cylinder along the local z axis, tilted by {@code tiltRad} about the x axis. */
    static final class EllipticCylinder extends Shape {
        private final double cx, cy, cz, rx, ry, halfHeight, round, cos, sin;

        EllipticCylinder(double[] centre, double rx, double ry, double halfHeight, double roundMm, double tiltRad) {
            cx = centre[0];
            cy = centre[1];
            cz = centre[2];
            this.rx = rx - roundMm;
            this.ry = ry - roundMm;
            this.halfHeight = halfHeight - roundMm;
            round = roundMm;
            cos = Math.cos(tiltRad);
            sin = Math.sin(tiltRad);
            double e = Math.max(rx, Math.max(ry, halfHeight)) * 1.5;
            for (int a = 0; a < 3; a++) {
                lo[a] = centre[a] - e;
                hi[a] = centre[a] + e;
            }
            lo[0] = cx - rx;
            hi[0] = cx + rx;
        }

        @Override
        double distance(double x, double y, double z) {
            double px = x - cx, py0 = y - cy, pz0 = z - cz;
            double py = cos * py0 + sin * pz0, pz = -sin * py0 + cos * pz0; // rotate by −tilt about x
            double k0 = Math.sqrt(sq(px / rx) + sq(py / ry));
            double k1 = Math.sqrt(sq(px / (rx * rx)) + sq(py / (ry * ry)));
            double d2 = k1 < 1e-12 ? -Math.min(rx, ry) : k0 * (k0 - 1) / k1;
            double dz = Math.abs(pz) - halfHeight;
            double outside = Math.sqrt(sq(Math.max(d2, 0)) + sq(Math.max(dz, 0)));
            return outside + Math.min(Math.max(d2, dz), 0) - round;
        }
    }

    // ------------------------------------------------------------------ symmetric pair

    /** The shape and its mirror image in x = 0 (evaluated at |x|): for paired, symmetric midline parts. */
    static final class MirrorPair extends Shape {
        private final Shape inner;

        MirrorPair(Shape inner) {
            this.inner = inner;
            lo[0] = Math.min(inner.lo[0], -inner.hi[0]);
            hi[0] = Math.max(inner.hi[0], -inner.lo[0]);
            for (int a = 1; a < 3; a++) {
                lo[a] = inner.lo[a];
                hi[a] = inner.hi[a];
            }
        }

        @Override
        double distance(double x, double y, double z) {
            return inner.distance(Math.abs(x), y, z);
        }
    }

    static double sq(double x) {
        return x * x;
    }
}
