package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/** Argument checks shared by the back ends (public for the OpenCL one), so that every renderer rejects bad input with the same messages. */
public final class RenderInputs {
    private RenderInputs() {}

    public static Volume attenuation(Volume mu) {
        if (mu == null) throw new IllegalArgumentException("mu: attenuation volume is null");
        return mu.requireFiniteAndNonEmpty("mu");
    }

    public static RenderSettings settings(RenderSettings s) {
        if (s == null) throw new IllegalArgumentException("settings: null");
        return s;
    }

    public static Camera camera(Camera camera) {
        if (camera == null) throw new IllegalArgumentException("camera: null");
        return camera;
    }

    /**
     * Checks every pose and returns its camera → padded-index affine (see {@link PaddedVolume#cameraToIndex}).
     * Rejects null or non-finite poses and poses that put the X-ray source inside the volume.
     */
    public static double[][] poses(Rigid[] volFromCam, PaddedVolume vol) {
        if (volFromCam == null) throw new IllegalArgumentException("volFromCam: null");
        double[][] maps = new double[volFromCam.length][];
        for (int p = 0; p < volFromCam.length; p++) {
            Rigid t = volFromCam[p];
            String what = "volFromCam[" + p + "]";
            if (t == null) throw new IllegalArgumentException(what + ": null");
            for (double x : t.toArray()) {
                if (!Double.isFinite(x)) throw new IllegalArgumentException(what + ": non-finite pose " + t);
            }
            maps[p] = vol.cameraToIndex(t);
            if (vol.sourceInside(maps[p])) {
                double[] s = t.translation();
                throw new IllegalArgumentException(what + ": source inside the volume (X-ray source at LPS "
                        + String.format("(%.1f, %.1f, %.1f) mm", s[0], s[1], s[2]) + ")");
            }
        }
        return maps;
    }

    public static void lossGradients(Image[] dLossdImage, Camera camera, int poses) {
        if (dLossdImage == null) throw new IllegalArgumentException("dLossdImage: null");
        if (dLossdImage.length != poses) {
            throw new IllegalArgumentException("dLossdImage: expected one image per pose (" + poses + "), got " + dLossdImage.length);
        }
        for (int p = 0; p < poses; p++) {
            String what = "dLossdImage[" + p + "]";
            if (dLossdImage[p] == null) throw new IllegalArgumentException(what + ": null");
            dLossdImage[p].requireSize(what, camera.cols(), camera.rows()).requireFinite(what);
        }
    }
}
