package org.crossview.refine;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * One view of a case as the refiner sees it: its camera (the finest pyramid level), the observed image
 * (log domain, same size as the camera), its camera frame relative to the case's reference camera, and an
 * optional mask (weights in [0, 1], same size; {@code null} = every pixel).
 *
 * <p>{@code camRefFromCam} maps this view's camera frame into the reference view's camera frame
 * (X_camRef = camRefFromCam · X_cam), so that this view's pose is volFromCam = volFromCamRef · camRefFromCam.
 * The reference view itself has the identity.
 */
public record RefinementView(String name, Camera camera, Image observed, Rigid camRefFromCam, Image mask) {

    public RefinementView {
        if (camera == null || observed == null || camRefFromCam == null) {
            throw new IllegalArgumentException("view " + name + ": camera, observed image and camRefFromCam are required");
        }
        observed.requireSize("view " + name + ": observed image", camera.cols(), camera.rows());
        observed.requireFinite("view " + name + ": observed image");
        if (mask != null) mask.requireSize("view " + name + ": mask", camera.cols(), camera.rows());
    }

    /** A view that is its own reference (single-view registration). */
    public static RefinementView single(String name, Camera camera, Image observed) {
        return new RefinementView(name, camera, observed, Rigid.identity(), null);
    }

    public RefinementView withMask(Image newMask) {
        return new RefinementView(name, camera, observed, camRefFromCam, newMask);
    }

    /** This view's pose (camera → volume) given the reference view's pose. */
    public Rigid volFromCam(Rigid volFromCamRef) {
        return volFromCamRef.compose(camRefFromCam);
    }

    /**
     * The relative transform of a view from two absolute poses of the same static volume:
     * camRefFromCam = volFromCamRef⁻¹ · volFromCam (for DeepFluoro: E·P_ref⁻¹·P_v·E⁻¹).
     */
    public static Rigid camRefFromCam(Rigid volFromCamRef, Rigid volFromCamView) {
        return volFromCamRef.inverse().compose(volFromCamView);
    }
}
