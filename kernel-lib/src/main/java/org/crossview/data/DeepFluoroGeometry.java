package org.crossview.data;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/**
 * The one place where DeepFluoro's stored geometry becomes the project's (DESIGN.md §2):
 * <ul>
 *   <li>camera: K as stored, source-to-detector distance f = −fx · pixel-col-spacing (1020 mm);</li>
 *   <li>pose: {@code volFromCam = P · E⁻¹} with E = {@code proj-params/extrinsic} (camera world → camera
 *       projective frame) and P = {@code gt-poses/cam-to-pelvis-vol} (camera world → volume LPS);</li>
 *   <li>views of one case: {@code camBFromCamA = E · P_b⁻¹ · P_a · E⁻¹}.</li>
 * </ul>
 * <p><b>The −0.5 mm ambiguity.</b> The DeepFluoro authors' own tools shift the stored pelvis pose by −0.5 mm
 * on each axis before use; other readers (and the files this project writes, and {@code head_sample.h5})
 * use it as stored. {@link PoseShift#NONE} is the default. {@link PoseShift#MINUS_HALF_MM} applies
 * P' = T(−0.5, −0.5, −0.5) · P (the translation column minus 0.5 mm, i.e. the volume point seen at a camera
 * point moves by −0.5 mm along L, P and S); it moves a registration result by about 0.87 mm. Relative
 * transforms between views do not depend on it.
 */
public final class DeepFluoroGeometry {
    private DeepFluoroGeometry() {}

    /** How the stored {@code cam-to-*-vol} poses are used. */
    public enum PoseShift {
        /** As stored (default; what this project's writer and head_sample.h5 assume). */
        NONE(0),
        /** Shifted by −0.5 mm on each volume axis, as the DeepFluoro authors' tools do. */
        MINUS_HALF_MM(-0.5);

        private final double mm;

        PoseShift(double mm) {
            this.mm = mm;
        }

        /** The command-line value ({@code none} or {@code minus-half-mm}) of {@code option}. */
        public static PoseShift parse(String value, String option) {
            return switch (value) {
                case "none" -> NONE;
                case "minus-half-mm" -> MINUS_HALF_MM;
                default -> throw new IllegalArgumentException(option + ": expected none or minus-half-mm, got '" + value + "'");
            };
        }

        /** The stored pose P turned into the pose used: T(s,s,s) · P. */
        public Rigid apply(Rigid storedCamToVol) {
            return mm == 0 ? storedCamToVol : Rigid.translation(mm, mm, mm).compose(storedCamToVol);
        }

        /** The inverse of {@link #apply}: the pose to store for a used pose. */
        public Rigid unapply(Rigid usedCamToVol) {
            return mm == 0 ? usedCamToVol : Rigid.translation(-mm, -mm, -mm).compose(usedCamToVol);
        }
    }

    /** Relative tolerance between −fx·col spacing and −fy·row spacing (both must give the same f). */
    private static final double FOCAL_AGREEMENT = 1e-3;

    /** The project's camera for DeepFluoro's proj-params. */
    public static Camera camera(ProjParams p) {
        double[] k = p.intrinsic();
        if (k.length != 9) throw new IllegalArgumentException("intrinsic: expected 9 values, got " + k.length);
        if (Math.abs(k[1]) > 1e-6 || Math.abs(k[3]) > 1e-6 || Math.abs(k[6]) > 1e-9 || Math.abs(k[7]) > 1e-9 || Math.abs(k[8] - 1) > 1e-6) {
            throw new IllegalArgumentException("intrinsic: expected [[fx,0,cx],[0,fy,cy],[0,0,1]], got " + java.util.Arrays.toString(k));
        }
        if (!(k[0] < 0) || !(k[4] < 0)) {
            throw new IllegalArgumentException("intrinsic: DeepFluoro's focal lengths are negative (detector at z = −f), got fx=" + k[0] + ", fy=" + k[4]);
        }
        if (!(p.pixelColSpacingMm() > 0) || !(p.pixelRowSpacingMm() > 0)) {
            throw new IllegalArgumentException("pixel spacing: must be positive, got " + p.pixelColSpacingMm() + " x " + p.pixelRowSpacingMm());
        }
        double fFromCols = -k[0] * p.pixelColSpacingMm();
        double fFromRows = -k[4] * p.pixelRowSpacingMm();
        if (Math.abs(fFromCols - fFromRows) > FOCAL_AGREEMENT * fFromCols) {
            throw new IllegalArgumentException("intrinsic and pixel spacings disagree on the source-to-detector distance: −fx·col spacing = "
                    + fFromCols + " mm, −fy·row spacing = " + fFromRows + " mm");
        }
        return Camera.fromIntrinsic(k, p.cols(), p.rows(), fFromCols);
    }

    /** {@code volFromCam = shift(P) · E⁻¹}: camera projective frame → volume LPS. */
    public static Rigid volFromCam(Rigid camToVol, Rigid camFromWorld, PoseShift shift) {
        return shift.apply(camToVol).compose(camFromWorld.inverse());
    }

    /** {@link #volFromCam(Rigid, Rigid, PoseShift)} without shift. */
    public static Rigid volFromCam(Rigid camToVol, Rigid camFromWorld) {
        return volFromCam(camToVol, camFromWorld, PoseShift.NONE);
    }

    /** The pose to store for a renderer pose: P = unshift(volFromCam · E). */
    public static Rigid camToVol(Rigid volFromCam, Rigid camFromWorld, PoseShift shift) {
        return shift.unapply(volFromCam.compose(camFromWorld));
    }

    /** {@code E · P_b⁻¹ · P_a · E⁻¹}: camera frame of view a → camera frame of view b (same static volume). */
    public static Rigid camBFromCamA(Rigid camToVolA, Rigid camToVolB, Rigid camFromWorld) {
        return camFromWorld.compose(camToVolB.inverse()).compose(camToVolA).compose(camFromWorld.inverse());
    }

    /** {@code P_b⁻¹ · P_a}: the same map in the camera "world" frame. */
    public static Rigid worldBFromWorldA(Rigid camToVolA, Rigid camToVolB) {
        return camToVolB.inverse().compose(camToVolA);
    }

    /** A 180° rotation about the camera z axis: composing it into a pose turns the image by 180°. */
    public static Rigid rot180AboutCamZ() {
        return Rigid.of(-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0);
    }

    /** Pixel (u, v) of an LPS point seen by {@code camera} at {@code volFromCam}. */
    public static double[] project(Camera camera, Rigid volFromCam, double[] lps) {
        return camera.project(volFromCam.inverse().apply(lps));
    }
}
