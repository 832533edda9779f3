package org.crossview.coarse;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * The views of one case as the coarse stage meets them at test time: log-domain images of one camera
 * and, for scoring only, their true poses (the relative transforms between views come from these, as
 * in the DeepFluoro protocol).
 */
public record ObservedCase(String name, Camera camera, Image[] logImages, Rigid[] trueVolFromCam) {
    public ObservedCase {
        if (logImages.length != trueVolFromCam.length || logImages.length == 0) {
            throw new IllegalArgumentException("case " + name + ": need one true pose per image (got " + logImages.length + " images, " + trueVolFromCam.length + " poses)");
        }
    }

    public int views() {
        return logImages.length;
    }

    /** cam0 ← camV for each view (identity for view 0). */
    public Rigid[] cam0FromCamV() {
        Rigid[] c = new Rigid[views()];
        for (int v = 0; v < views(); v++) c[v] = trueVolFromCam[0].inverse().compose(trueVolFromCam[v]);
        return c;
    }
}
