package org.crossview.loss;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * One view of a multi-view case as the losses see it: its camera, its image (log domain, the camera's
 * size), an optional mask (weights in [0, 1], same size; null = all pixels), and its known camera frame
 * relative to the case's reference camera.
 *
 * <p>{@code camRefFromCam} maps this view's camera frame into the reference camera frame, so for the
 * static volume volFromCam = volFromCamRef · camRefFromCam (the reference view has the identity). Between
 * two views, volFromCam_j = volFromCam_i · camIFromCamJ with camIFromCamJ = camRefFromCam_i⁻¹ · camRefFromCam_j
 * ({@link #camIFromCamJ}).
 */
public record CaseView(String name, Camera camera, Image image, Image mask, Rigid camRefFromCam) {

    public CaseView {
        if (camera == null || image == null || camRefFromCam == null) {
            throw new IllegalArgumentException("view " + name + ": camera, image and camRefFromCam are required");
        }
        image.requireSize("view " + name + ": image", camera.cols(), camera.rows());
        image.requireFinite("view " + name + ": image");
        if (mask != null) mask.requireSize("view " + name + ": mask", camera.cols(), camera.rows());
    }

    /** A view that is its own reference. */
    public static CaseView single(String name, Camera camera, Image image) {
        return new CaseView(name, camera, image, null, Rigid.identity());
    }

    /** camRefFromCam of a view from two absolute poses of the same volume: volFromCamRef⁻¹ · volFromCam. */
    public static Rigid camRefFromCam(Rigid volFromCamRef, Rigid volFromCam) {
        return volFromCamRef.inverse().compose(volFromCam);
    }

    /** The known transform from view j's camera frame to view i's: camRefFromCam_i⁻¹ · camRefFromCam_j. */
    public static Rigid camIFromCamJ(CaseView i, CaseView j) {
        return i.camRefFromCam.inverse().compose(j.camRefFromCam);
    }

    /** This view's pose for a reference pose. */
    public Rigid volFromCam(Rigid volFromCamRef) {
        return volFromCamRef.compose(camRefFromCam);
    }
}
