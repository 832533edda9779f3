package org.crossview.geometry;

/**
 * A C-arm rig turning about an isocentre: builds {@code volFromCam} poses (camera projective frame → volume
 * LPS, DESIGN.md §2) for views at given LAO/RAO and cranial/caudal angles, and the known rigid transforms
 * between views.
 *
 * <p>The isocentre frame has its origin at the isocentre and axes along the patient's L, P, S as the patient
 * lies on the table; {@code volFromIso} places it in the volume (a plain translation for a patient lying
 * straight). The nominal AP view (0°, 0°) has the source posterior and the beam running posterior → anterior;
 * camera +x = patient left (image columns), +y = patient inferior (image rows, head up), +z = posterior
 * (from the detector towards the source). Upright images thus show the patient's right on the image's left.
 *
 * <p>Angles, both about axes through the isocentre: {@code laoDeg} turns the C-arm about the patient's long
 * axis, + = LAO (detector towards the patient's left, source towards the right), − = RAO; at +90° the source
 * is on the patient's right. {@code cranialDeg} then tilts it about the patient's left–right axis,
 * + = cranial (detector towards the head), − = caudal. The detector's direction from the isocentre is
 * (sin lao·cos cran, −cos lao·cos cran, sin cran) in LPS. This matches the sign of {@code carm_angle_deg} in
 * shared/data/deepfluoro-layout (0 = source posterior, + = detector towards the patient's left).
 */
public final class CArm {
    /** Source to isocentre: DeepFluoro's femoral heads lie ≈ 750 mm from the source (SDD 1020 mm). */
    public static final double DEFAULT_SOURCE_TO_ISOCENTRE_MM = 750;

    /** camera axes of the AP view in LPS, as the columns of isoFromCam's rotation: x = L, y = I, z = P. */
    private static final double[] AP_ISO_FROM_CAM_ROTATION = {1, 0, 0, 0, 0, 1, 0, -1, 0};

    private final Rigid volFromIso;
    private final double sourceToIsocentreMm;

    public CArm(Rigid volFromIso, double sourceToIsocentreMm) {
        if (volFromIso == null) throw new IllegalArgumentException("volFromIso: null");
        if (!(sourceToIsocentreMm > 0) || !Double.isFinite(sourceToIsocentreMm)) {
            throw new IllegalArgumentException("sourceToIsocentreMm: must be positive and finite, got " + sourceToIsocentreMm);
        }
        this.volFromIso = volFromIso;
        this.sourceToIsocentreMm = sourceToIsocentreMm;
    }

    /** A patient lying straight, with the isocentre at an LPS point of the volume, source 750 mm from it. */
    public static CArm atIsocentre(double[] isocentreLps) {
        return atIsocentre(isocentreLps, DEFAULT_SOURCE_TO_ISOCENTRE_MM);
    }

    public static CArm atIsocentre(double[] isocentreLps, double sourceToIsocentreMm) {
        if (isocentreLps == null || isocentreLps.length != 3) throw new IllegalArgumentException("isocentreLps: expected 3 values");
        for (double x : isocentreLps) if (!Double.isFinite(x)) throw new IllegalArgumentException("isocentreLps: must be finite");
        return new CArm(Rigid.translation(isocentreLps[0], isocentreLps[1], isocentreLps[2]), sourceToIsocentreMm);
    }

    public Rigid volFromIso() { return volFromIso; }
    public double sourceToIsocentreMm() { return sourceToIsocentreMm; }
    public double[] isocentreLps() { return volFromIso.translation(); }

    /** A view of the rig: LAO (+) / RAO (−) and cranial (+) / caudal (−) angles in degrees. */
    public record View(double laoDeg, double cranialDeg) {
        public View {
            if (!Double.isFinite(laoDeg) || !Double.isFinite(cranialDeg)) {
                throw new IllegalArgumentException("view angles: must be finite, got lao=" + laoDeg + ", cranial=" + cranialDeg);
            }
        }

        public static View ap() { return new View(0, 0); }
    }

    /** The nominal AP view. */
    public Rigid apVolFromCam() {
        return volFromCam(0, 0);
    }

    /** The pose of a view: camera projective frame → volume LPS. */
    public Rigid volFromCam(double laoDeg, double cranialDeg) {
        return volFromIso.compose(isoFromCam(laoDeg, cranialDeg));
    }

    public Rigid volFromCam(View view) {
        return volFromCam(view.laoDeg(), view.cranialDeg());
    }

    public Rigid[] volFromCams(View... views) {
        Rigid[] out = new Rigid[views.length];
        for (int n = 0; n < views.length; n++) out[n] = volFromCam(views[n]);
        return out;
    }

    /** isoFromCam = [C | C·(0, 0, d)] with C = Rz(lao)·Rx(−cranial)·C_AP: the source sits d mm along camera +z. */
    public Rigid isoFromCam(double laoDeg, double cranialDeg) {
        if (!Double.isFinite(laoDeg) || !Double.isFinite(cranialDeg)) {
            throw new IllegalArgumentException("view angles: must be finite, got lao=" + laoDeg + ", cranial=" + cranialDeg);
        }
        // LAO turns the detector (at −P) towards +L: a rotation about +S by +lao. Cranial tilts it towards +S:
        // a rotation about +L by −cranial, applied before the LAO turn (the tilt rides on the turned arm).
        double[] lao = RotationParams.elementary(RotationParams.Axis.Z, Math.toRadians(laoDeg));
        double[] tilt = RotationParams.elementary(RotationParams.Axis.X, -Math.toRadians(cranialDeg));
        double[] c = Rigid.mul3(Rigid.mul3(lao, tilt), AP_ISO_FROM_CAM_ROTATION);
        double d = sourceToIsocentreMm;
        return Rigid.of(c, new double[] {c[2] * d, c[5] * d, c[8] * d});
    }

    /** The X-ray source of a view in volume LPS. */
    public double[] sourceLps(View view) {
        return volFromCam(view).translation();
    }

    /** camBFromCamA = (volFromCamB)⁻¹ · volFromCamA: maps camera frame A's coordinates to camera frame B's. */
    public static Rigid camBFromCamA(Rigid volFromCamA, Rigid volFromCamB) {
        return volFromCamB.inverse().compose(volFromCamA);
    }

    public Rigid camBFromCamA(View a, View b) {
        return camBFromCamA(volFromCam(a), volFromCam(b));
    }

    @Override
    public String toString() {
        double[] iso = isocentreLps();
        return String.format("CArm[isocentre LPS (%.1f, %.1f, %.1f) mm, source to isocentre %.1f mm]", iso[0], iso[1], iso[2], sourceToIsocentreMm);
    }
}
