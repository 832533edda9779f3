package org.crossview.geometry;

/**
 * Pose perturbations about a pivot point instead of the camera's origin (the X-ray source):
 * volFromCam·Q·exp(ξ^)·Q⁻¹ with Q the translation to {@code pivotCam} (camera frame, mm). Its ξ = (ω, v) reads
 * the way one describes a pose error: rotations about axes through the pivot (e.g. the anatomy's centre)
 * parallel to the camera axes, translations along the camera axes (x = image columns, y = image rows,
 * z = depth, towards the source). It is still a right perturbation: volFromCam·exp((Ad_Q ξ)^).
 */
public record Pivot(double[] pivotCam) {
    public Pivot {
        if (pivotCam == null || pivotCam.length != 3) throw new IllegalArgumentException("pivotCam: expected 3 values");
        for (double x : pivotCam) if (!Double.isFinite(x)) throw new IllegalArgumentException("pivotCam: must be finite");
        pivotCam = pivotCam.clone();
    }

    /** The pivot at an LPS point, expressed in the camera frame of {@code volFromCam}. */
    public static Pivot atLps(Rigid volFromCam, double[] lps) {
        return new Pivot(volFromCam.inverse().apply(lps));
    }

    private Rigid q() {
        return Rigid.translation(pivotCam[0], pivotCam[1], pivotCam[2]);
    }

    /** volFromCam·Q·exp(ξ^)·Q⁻¹, ξ = (ωx, ωy, ωz in rad, vx, vy, vz in mm). */
    public Rigid perturb(Rigid volFromCam, double... xi) {
        Rigid q = q();
        return volFromCam.compose(q).compose(Rigid.exp(xi)).compose(q.inverse());
    }

    /** As {@link #perturb}, rotation in degrees: (rxDeg, ryDeg, rzDeg, txMm, tyMm, tzMm). */
    public Rigid perturbDegMm(Rigid volFromCam, double... degMm) {
        if (degMm.length != 6) throw new IllegalArgumentException("degMm: expected 6 values (3 angles in degrees, 3 translations in mm), got " + degMm.length);
        return perturb(volFromCam, Math.toRadians(degMm[0]), Math.toRadians(degMm[1]), Math.toRadians(degMm[2]), degMm[3], degMm[4], degMm[5]);
    }

    /** ∂/∂ξ about the pivot from the gradient with respect to the plain right perturbation: Ad_Qᵀ·g. */
    public double[] gradient(double[] rightGradient) {
        return Se3Tangents.adjointTranspose(q(), rightGradient);
    }
}
