package org.crossview.coarse.physics;

import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/**
 * Dense objects outside the CT (wires, screws, retractors, table rails), as 3D convex solids of uniform μ in
 * the volume's frame, whose line integrals (μ × chord length) are computed analytically per pixel ray of a
 * view. 3D rather than 2D stamps so that an object is the same object in every view of a case, foreshortened
 * and magnified by the view's perspective as a real one is; the cost (a quadratic per pixel and object) is
 * negligible next to rendering the CT.
 */
public final class AttenuatingObjects {
    private AttenuatingObjects() {}

    /** A solid: chord length of the ray p(t) = t·d (camera frame, source at the origin) for t ∈ [0, 1]. */
    public sealed interface Solid permits Cylinder, Box {
        /** μ per mm. */
        double muPerMm();

        /** The same solid in the camera frame (camFromVol applied). */
        Solid transformed(Rigid camFromVol);

        /** Length (mm) of the segment from the origin to {@code d} that lies inside the solid. */
        double chordMm(double[] d);
    }

    /**
     * A finite cylinder: axis through {@code centre} along unit {@code axis}, {@code halfLengthMm} either side,
     * radius {@code radiusMm} (a wire, a pin, a screw shaft).
     */
    public record Cylinder(double[] centre, double[] axis, double halfLengthMm, double radiusMm, double muPerMm) implements Solid {
        @Override
        public Solid transformed(Rigid camFromVol) {
            return new Cylinder(camFromVol.apply(centre), rotate(camFromVol, axis), halfLengthMm, radiusMm, muPerMm);
        }

        @Override
        public double chordMm(double[] d) {
            double dw = dot(d, axis), cw = dot(centre, axis);
            double[] dp = {d[0] - dw * axis[0], d[1] - dw * axis[1], d[2] - dw * axis[2]};
            double[] cp = {centre[0] - cw * axis[0], centre[1] - cw * axis[1], centre[2] - cw * axis[2]};
            double a = dot(dp, dp), b = -2 * dot(dp, cp), c = dot(cp, cp) - radiusMm * radiusMm;
            double lo = 0, hi = 1;
            if (a < 1e-12) {
                if (c > 0) return 0;
            } else {
                double disc = b * b - 4 * a * c;
                if (disc <= 0) return 0;
                double sq = Math.sqrt(disc);
                lo = Math.max(lo, (-b - sq) / (2 * a));
                hi = Math.min(hi, (-b + sq) / (2 * a));
            }
            double[] cap = slab(dw, cw, halfLengthMm);
            if (cap == null) return 0;
            lo = Math.max(lo, cap[0]);
            hi = Math.min(hi, cap[1]);
            return hi > lo ? (hi - lo) * norm(d) : 0;
        }
    }

    /** A box: {@code centre}, three orthonormal {@code axes} (row-major 3×3, one axis per row), half sizes (a plate, a rail). */
    public record Box(double[] centre, double[] axes, double[] halfSizesMm, double muPerMm) implements Solid {
        @Override
        public Solid transformed(Rigid camFromVol) {
            double[] r = new double[9];
            for (int i = 0; i < 3; i++) System.arraycopy(rotate(camFromVol, new double[] {axes[3 * i], axes[3 * i + 1], axes[3 * i + 2]}), 0, r, 3 * i, 3);
            return new Box(camFromVol.apply(centre), r, halfSizesMm, muPerMm);
        }

        @Override
        public double chordMm(double[] d) {
            double lo = 0, hi = 1;
            for (int i = 0; i < 3; i++) {
                double[] e = {axes[3 * i], axes[3 * i + 1], axes[3 * i + 2]};
                double[] s = slab(dot(d, e), dot(centre, e), halfSizesMm[i]);
                if (s == null) return 0;
                lo = Math.max(lo, s[0]);
                hi = Math.min(hi, s[1]);
            }
            return hi > lo ? (hi - lo) * norm(d) : 0;
        }
    }

    /** Σ μ·chord per pixel of a view (row-major): the objects' line-integral image. */
    public static float[] lineIntegrals(List<? extends Solid> solidsInVol, Camera camera, Rigid volFromCam) {
        int cols = camera.cols(), rows = camera.rows();
        float[] out = new float[cols * rows];
        if (solidsInVol.isEmpty()) return out;
        Rigid camFromVol = volFromCam.inverse();
        Solid[] inCam = solidsInVol.stream().map(s -> s.transformed(camFromVol)).toArray(Solid[]::new);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double[] d = camera.detectorPoint(u, v);
                double sum = 0;
                for (Solid s : inCam) sum += s.muPerMm() * s.chordMm(d);
                out[v * cols + u] = (float) sum;
            }
        }
        return out;
    }

    /** The t-interval where (t·d − c)·e ∈ [−h, h], given d·e and c·e; null when empty. */
    private static double[] slab(double de, double ce, double h) {
        if (Math.abs(de) < 1e-12) return Math.abs(ce) <= h ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY} : null;
        double t1 = (ce - h) / de, t2 = (ce + h) / de;
        return new double[] {Math.min(t1, t2), Math.max(t1, t2)};
    }

    private static double[] rotate(Rigid t, double[] v) {
        return t.applyToDirection(v);
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
