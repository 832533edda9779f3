package org.crossview.data;

import org.crossview.geometry.Rigid;

/**
 * A projection's {@code gt-poses} group, as stored: each maps the camera "world" frame (the frame the
 * extrinsic E maps from) into a volume's LPS frame. Use {@link DeepFluoroGeometry#volFromCam} to get the
 * transform a renderer needs.
 */
public record GtPoses(Rigid camToPelvisVol, Rigid camToLeftFemurVol, Rigid camToRightFemurVol,
        boolean leftFemurGoodFov, boolean rightFemurGoodFov) {

    /** Only a pelvis pose: the femur poses repeat it and are flagged as not in a good field of view. */
    public static GtPoses pelvisOnly(Rigid camToPelvisVol) {
        return new GtPoses(camToPelvisVol, camToPelvisVol, camToPelvisVol, false, false);
    }
}
