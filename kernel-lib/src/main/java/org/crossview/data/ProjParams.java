package org.crossview.data;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/**
 * DeepFluoro's {@code /proj-params}: the C-arm calibration shared by every projection.
 *
 * @param camFromWorld  {@code extrinsic} E: the camera "world" frame → the camera projective frame
 * @param intrinsic     {@code intrinsic} K, row-major 3x3 (negative focal lengths, DESIGN.md §2)
 * @param cols          {@code num-cols}
 * @param rows          {@code num-rows}
 * @param pixelColSpacingMm {@code pixel-col-spacing}
 * @param pixelRowSpacingMm {@code pixel-row-spacing}
 */
public record ProjParams(Rigid camFromWorld, double[] intrinsic, int cols, int rows, double pixelColSpacingMm, double pixelRowSpacingMm) {

    /** The Siemens CIOS Fusion extrinsic stored in the published DeepFluoro file (DESIGN.md §8). */
    public static Rigid ciosFusionExtrinsic() {
        return Rigid.ofNearlyRigid("CIOS Fusion extrinsic",
                0.0014173903, 0.0000057733, 0.9999990958, -157.5822163124,
                -0.9999907609, -0.0040758358, 0.0014174006, -2.6757496084,
                0.0040758414, -0.9999918324, 0.0, -631.7764689585,
                0, 0, 0, 1);
    }

    public ProjParams {
        intrinsic = intrinsic.clone();
    }

    /** The parameters of a camera with the CIOS Fusion extrinsic (what the project's writer stores). */
    public static ProjParams of(Camera camera, Rigid camFromWorld) {
        return new ProjParams(camFromWorld, camera.intrinsic(), camera.cols(), camera.rows(), camera.pixelColSpacingMm(), camera.pixelRowSpacingMm());
    }

    @Override
    public double[] intrinsic() {
        return intrinsic.clone();
    }

    /**
     * The project's camera: K as stored, source-to-detector distance f = −fx·pixel-col-spacing (1020 mm for
     * DeepFluoro). See {@link DeepFluoroGeometry#camera}.
     */
    public Camera camera() {
        return DeepFluoroGeometry.camera(this);
    }
}
