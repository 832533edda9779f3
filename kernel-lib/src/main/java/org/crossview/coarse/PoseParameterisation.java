package org.crossview.coarse;

import java.util.Arrays;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Rotations;

/**
 * What the network's six outputs y mean, and how a gradient with respect to the pose reaches them.
 *
 * <p>Poses are relative to a reference view ({@code volFromCamRef}, the AP view) and expressed in the
 * reference <em>isocentre frame</em>: origin at the camera point (0, 0, −isoDistanceMm) (the isocentre,
 * on the central ray), axes parallel to the camera's (x along image columns, y along rows, z towards
 * the source). A relative pose Δ = [R | t] maps a view's isocentre frame into the reference one, so
 * rotations turn about the isocentre (as a C-arm does) and translations are millimetres in the
 * detector-aligned axes:
 * <pre>
 *   volFromCam(y) = volFromCamRef · camFromIso · Δ(y) · isoFromCam,
 *   Δ(y) = [ exp(rotationScaleRad · y[0..2]) | translationScaleMm · y[3..5] ],
 * </pre>
 * i.e. rotation as an so(3) axis-angle vector (radians), translation as a plain vector (mm), each
 * divided by a scale so the outputs are O(1). Axis-angle is used (rather than 6D) because the sampled
 * rotations stay well inside |ω| &lt; π, where it is smooth.
 *
 * <p>That is {@link Translation#SHIFT}. With {@link Translation#CENTRE} the last three outputs say instead where the
 * reference isocentre (the CT's centre) lies in the view, as the image shows it: y[3..4]·s_t = (u, v), its offset
 * along the camera's x and y axes in mm at the isocentre plane (its image offset over the nominal magnification), and
 * y[5] its depth as a log-magnification, d = D·exp(−s_t·y[5]/D) its distance from the source (D = isoDistanceMm;
 * y[5]·s_t ≈ mm towards the source). Its position in the view's isocentre frame is p = (u·d/D, v·d/D, D − d), and
 * Δ = [R | −R·p]. Each output is then one thing the image shows (where the anatomy is, how large it is), not
 * R times it: under SHIFT an error in the rotation moves the predicted anatomy across the image.
 *
 * <p>Gradients: the losses give dL/dξ for the RIGHT perturbation volFromCam·exp(ξ^).
 * With δ the right perturbation of Δ, δω = J_r(ω)·dω and δv = Rᵀ·dt, and ξ = Ad_{camFromIso}·δ,
 * so dξ/dy = Ad_{camFromIso} · diag(J_r(ω)·s_r, Rᵀ·s_t) ({@link #jacobian}); dL/dy = (dξ/dy)ᵀ dL/dξ.
 * CENTRE: t = −R·p gives δv = p×δω − dp, so ξω = J_r·s_r·dω, ξv = (q + p)×J_r·s_r·dω − (dp/dy)·dy with
 * q = (0, 0, −D) (q + p is the isocentre in camera coordinates).
 */
public final class PoseParameterisation {
    /** What the last three outputs mean (see the class comment); {@link #label} is how model.zip records it. */
    public enum Translation {
        SHIFT("shift"), CENTRE("centre");

        private final String name;

        Translation(String name) {
            this.name = name;
        }

        public String label() {
            return name;
        }

        /** "shift" or "centre" (absent: shift, what models written before the choice existed use). */
        public static Translation parse(String s, String where) {
            if (s == null) return SHIFT;
            for (Translation t : values()) if (t.name.equals(s)) return t;
            throw new IllegalArgumentException(where + ": unknown translation parameterisation '" + s + "' (known: shift, centre)");
        }
    }

    private final Rigid volFromCamRef;
    private final double isoDistanceMm;
    private final double rotationScaleRad;
    private final double translationScaleMm;
    private final Translation translation;
    private final Rigid volFromIsoRef;
    private final Rigid isoFromCam;
    private final Rigid camFromIso;

    /** {@link Translation#SHIFT}. */
    public PoseParameterisation(Rigid volFromCamRef, double isoDistanceMm, double rotationScaleRad, double translationScaleMm) {
        this(volFromCamRef, isoDistanceMm, rotationScaleRad, translationScaleMm, Translation.SHIFT);
    }

    public PoseParameterisation(Rigid volFromCamRef, double isoDistanceMm, double rotationScaleRad, double translationScaleMm, Translation translation) {
        if (translation == null) throw new IllegalArgumentException("translation parameterisation: required");
        if (!(isoDistanceMm > 0)) throw new IllegalArgumentException("isoDistanceMm: must be positive, got " + isoDistanceMm);
        if (!(rotationScaleRad > 0)) throw new IllegalArgumentException("rotationScaleRad: must be positive, got " + rotationScaleRad);
        if (!(translationScaleMm > 0)) throw new IllegalArgumentException("translationScaleMm: must be positive, got " + translationScaleMm);
        this.volFromCamRef = volFromCamRef;
        this.isoDistanceMm = isoDistanceMm;
        this.rotationScaleRad = rotationScaleRad;
        this.translationScaleMm = translationScaleMm;
        this.translation = translation;
        this.camFromIso = Rigid.translation(0, 0, -isoDistanceMm);
        this.isoFromCam = Rigid.translation(0, 0, isoDistanceMm);
        this.volFromIsoRef = volFromCamRef.compose(camFromIso);
    }

    public Rigid volFromCamRef() { return volFromCamRef; }
    public double isoDistanceMm() { return isoDistanceMm; }
    public double rotationScaleRad() { return rotationScaleRad; }
    public double translationScaleMm() { return translationScaleMm; }
    public Translation translation() { return translation; }

    /** The same mapping with another meaning of the translation outputs. */
    public PoseParameterisation with(Translation t) {
        return new PoseParameterisation(volFromCamRef, isoDistanceMm, rotationScaleRad, translationScaleMm, t);
    }

    /** The isocentre in the volume (LPS mm). */
    public double[] isocentreLps() {
        return volFromIsoRef.translation();
    }

    /** Δ (reference isocentre frame ← view isocentre frame) of network outputs y. */
    public Rigid relative(double[] y) {
        check(y);
        double[] w = {rotationScaleRad * y[0], rotationScaleRad * y[1], rotationScaleRad * y[2]};
        double[] r = Se3.expSO3(w);
        if (translation == Translation.SHIFT) return Rigid.of(r, new double[] {translationScaleMm * y[3], translationScaleMm * y[4], translationScaleMm * y[5]});
        double[] p = centreInView(y);
        double[] t = new double[3];
        for (int a = 0; a < 3; a++) t[a] = -(r[a * 3] * p[0] + r[a * 3 + 1] * p[1] + r[a * 3 + 2] * p[2]);
        return Rigid.of(r, t);
    }

    /** CENTRE: the reference isocentre in the view's isocentre frame, p = (u·d/D, v·d/D, D − d). */
    private double[] centreInView(double[] y) {
        double d = depthMm(y);
        return new double[] {translationScaleMm * y[3] * d / isoDistanceMm, translationScaleMm * y[4] * d / isoDistanceMm, isoDistanceMm - d};
    }

    /** CENTRE: the reference isocentre's distance from the source, d = D·exp(−s_t·y[5]/D). */
    private double depthMm(double[] y) {
        return isoDistanceMm * Math.exp(-translationScaleMm * y[5] / isoDistanceMm);
    }

    /** The pose (volFromCam) that outputs y stand for. */
    public Rigid volFromCam(double[] y) {
        return volFromCamOfRelative(relative(y));
    }

    /** volFromCam of a relative pose Δ given in the reference isocentre frame. */
    public Rigid volFromCamOfRelative(Rigid relative) {
        return volFromIsoRef.compose(relative).compose(isoFromCam);
    }

    /** Δ of a pose: volFromIsoRef⁻¹ · volFromCam · camFromIso. */
    public Rigid relativeOf(Rigid volFromCam) {
        return volFromIsoRef.inverse().compose(volFromCam).compose(camFromIso);
    }

    /** The outputs y that stand for a pose (the inverse of {@link #volFromCam}; |rotation| ≤ π). */
    public double[] encode(Rigid volFromCam) {
        Rigid d = relativeOf(volFromCam);
        double[] w = Rotations.logSO3(d.rotation());
        double[] t = d.translation();
        if (translation == Translation.CENTRE) {
            double[] p = d.inverse().translation(); // −Rᵀ·t: the reference isocentre in the view's isocentre frame
            double depth = isoDistanceMm - p[2];
            if (!(depth > 0)) throw new IllegalArgumentException("pose: the isocentre lies behind the source (depth " + depth + " mm)");
            t = new double[] {p[0] * isoDistanceMm / depth, p[1] * isoDistanceMm / depth, -isoDistanceMm * Math.log(depth / isoDistanceMm)};
        }
        return new double[] {w[0] / rotationScaleRad, w[1] / rotationScaleRad, w[2] / rotationScaleRad,
            t[0] / translationScaleMm, t[1] / translationScaleMm, t[2] / translationScaleMm};
    }

    /** dξ/dy, row-major 6×6: ξ ≈ J·dy for volFromCam(y + dy) = volFromCam(y)·exp(ξ^). */
    public double[] jacobian(double[] y) {
        check(y);
        double[] w = {rotationScaleRad * y[0], rotationScaleRad * y[1], rotationScaleRad * y[2]};
        double[] jr = Se3.rightJacobianSO3(w);
        double[] r = Se3.expSO3(w);
        double[] p = camFromIso.translation();
        double[] dpdy = null; // CENTRE: dp/dy[3..5], row-major 3×3
        if (translation == Translation.CENTRE) {
            double[] c = centreInView(y);
            for (int a = 0; a < 3; a++) p[a] += c[a]; // q + p: ξv ← dω through (q + p) × δω
            double d = depthMm(y), k = translationScaleMm * d / isoDistanceMm;
            dpdy = new double[] {k, 0, -c[0] * translationScaleMm / isoDistanceMm, 0, k, -c[1] * translationScaleMm / isoDistanceMm, 0, 0, k};
        }
        double[] px = Se3.skew(p);
        double[] pxJr = Se3.mul3(px, jr);
        double[] j = new double[36];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                j[a * 6 + b] = jr[a * 3 + b] * rotationScaleRad;                 // ξω ← dω
                j[(a + 3) * 6 + b] = pxJr[a * 3 + b] * rotationScaleRad;         // ξv ← dω through p × δω
                j[(a + 3) * 6 + b + 3] = dpdy == null ? r[b * 3 + a] * translationScaleMm // ξv ← dt through Rᵀ
                        : -dpdy[a * 3 + b];                                       // ξv ← −dp
            }
        }
        return j;
    }

    /** dL/dy = Jᵀ·dL/dξ. */
    public double[] chain(double[] y, double[] dLossdXi) {
        if (dLossdXi.length != 6) throw new IllegalArgumentException("dLossdXi: expected 6 values, got " + dLossdXi.length);
        double[] j = jacobian(y);
        double[] g = new double[6];
        for (int b = 0; b < 6; b++) {
            double s = 0;
            for (int a = 0; a < 6; a++) s += j[a * 6 + b] * dLossdXi[a];
            g[b] = s;
        }
        return g;
    }

    private static void check(double[] y) {
        if (y.length != 6) throw new IllegalArgumentException("network output: expected 6 values, got " + y.length);
        for (double v : y) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("network output: non-finite value in " + Arrays.toString(y));
        }
    }

    @Override
    public String toString() {
        return String.format("PoseParameterisation[so3 axis-angle × %.3g rad, %s × %.3g mm, isocentre %.1f mm from source, ref %s]",
                rotationScaleRad, translation == Translation.SHIFT ? "translation" : "isocentre offset and log-magnification depth", translationScaleMm,
                isoDistanceMm, volFromCamRef);
    }
}
