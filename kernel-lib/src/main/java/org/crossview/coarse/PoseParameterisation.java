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
 * <p>Gradients: the losses give dL/dξ for the RIGHT perturbation volFromCam·exp(ξ^).
 * With δ the right perturbation of Δ, δω = J_r(ω)·dω and δv = Rᵀ·dt, and ξ = Ad_{camFromIso}·δ,
 * so dξ/dy = Ad_{camFromIso} · diag(J_r(ω)·s_r, Rᵀ·s_t) ({@link #jacobian}); dL/dy = (dξ/dy)ᵀ dL/dξ.
 */
public final class PoseParameterisation {
    private final Rigid volFromCamRef;
    private final double isoDistanceMm;
    private final double rotationScaleRad;
    private final double translationScaleMm;
    private final Rigid volFromIsoRef;
    private final Rigid isoFromCam;
    private final Rigid camFromIso;

    public PoseParameterisation(Rigid volFromCamRef, double isoDistanceMm, double rotationScaleRad, double translationScaleMm) {
        if (!(isoDistanceMm > 0)) throw new IllegalArgumentException("isoDistanceMm: must be positive, got " + isoDistanceMm);
        if (!(rotationScaleRad > 0)) throw new IllegalArgumentException("rotationScaleRad: must be positive, got " + rotationScaleRad);
        if (!(translationScaleMm > 0)) throw new IllegalArgumentException("translationScaleMm: must be positive, got " + translationScaleMm);
        this.volFromCamRef = volFromCamRef;
        this.isoDistanceMm = isoDistanceMm;
        this.rotationScaleRad = rotationScaleRad;
        this.translationScaleMm = translationScaleMm;
        this.camFromIso = Rigid.translation(0, 0, -isoDistanceMm);
        this.isoFromCam = Rigid.translation(0, 0, isoDistanceMm);
        this.volFromIsoRef = volFromCamRef.compose(camFromIso);
    }

    public Rigid volFromCamRef() { return volFromCamRef; }
    public double isoDistanceMm() { return isoDistanceMm; }
    public double rotationScaleRad() { return rotationScaleRad; }
    public double translationScaleMm() { return translationScaleMm; }

    /** The isocentre in the volume (LPS mm). */
    public double[] isocentreLps() {
        return volFromIsoRef.translation();
    }

    /** Δ (reference isocentre frame ← view isocentre frame) of network outputs y. */
    public Rigid relative(double[] y) {
        check(y);
        double[] w = {rotationScaleRad * y[0], rotationScaleRad * y[1], rotationScaleRad * y[2]};
        double[] t = {translationScaleMm * y[3], translationScaleMm * y[4], translationScaleMm * y[5]};
        return Rigid.of(Se3.expSO3(w), t);
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
        double[] px = Se3.skew(p);
        double[] pxJr = Se3.mul3(px, jr);
        double[] j = new double[36];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                j[a * 6 + b] = jr[a * 3 + b] * rotationScaleRad;                 // ξω ← dω
                j[(a + 3) * 6 + b] = pxJr[a * 3 + b] * rotationScaleRad;         // ξv ← dω through p × δω
                j[(a + 3) * 6 + b + 3] = r[b * 3 + a] * translationScaleMm;      // ξv ← dt through Rᵀ
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
        return String.format("PoseParameterisation[so3 axis-angle × %.3g rad, translation × %.3g mm, isocentre %.1f mm from source, ref %s]",
                rotationScaleRad, translationScaleMm, isoDistanceMm, volFromCamRef);
    }
}
