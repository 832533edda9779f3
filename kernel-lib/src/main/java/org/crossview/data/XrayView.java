package org.crossview.data;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.plot.Pictures;

/**
 * One X-ray with everything that must change with it: the camera (K and size), the ground-truth pose
 * {@code volFromCam} (null when unknown) and the 2D landmarks. {@link Preprocess} turns one into another.
 *
 * @param name        e.g. "17-1882/000"
 * @param rot180ForUp the image still needs turning 180° for the head to be up
 */
public record XrayView(String name, Image image, Camera camera, Rigid volFromCam, Map<String, Landmark2D> landmarks, boolean rot180ForUp) {
    public XrayView {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(camera, "camera");
        image.requireSize(name + ": image", camera.cols(), camera.rows());
        landmarks = landmarks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(landmarks));
    }

    /** The stored view of a DeepFluoro projection (raw intensity, stored orientation; pose null without gt-poses). */
    public static XrayView of(DeepFluoroProjection p) {
        return new XrayView(p.specimenName() + "/" + p.id(), p.image(), p.camera(), p.hasPoses() ? p.volFromCam() : null, p.landmarks(), p.rot180ForUp());
    }

    public XrayView withImage(Image newImage) {
        return new XrayView(name, newImage, camera, volFromCam, landmarks, rot180ForUp);
    }

    /** Landmark pixels mapped by {@code f}; the in-image flag is recomputed against {@code newCamera}. */
    XrayView remap(Image newImage, Camera newCamera, Rigid newVolFromCam, UnaryOperator<double[]> f, boolean newRot180) {
        Map<String, Landmark2D> out = new LinkedHashMap<>();
        for (Landmark2D l : landmarks.values()) {
            double[] uv = f.apply(new double[] {l.u(), l.v()});
            out.put(l.name(), new Landmark2D(l.name(), uv[0], uv[1], newCamera.contains(uv[0], uv[1])));
        }
        return new XrayView(name, newImage, newCamera, newVolFromCam, out, newRot180);
    }

    /**
     * A picture for notebooks: grey levels windowed on the 0.5–99.5 % quantiles, enlarged {@code enlarge}×, with
     * the landmarks that fall on the image drawn as labelled crosses. For a raw image (bone dark) or a log image
     * (bone bright) alike; turn it up first ({@link Preprocess#turn180}) to see the patient head up.
     */
    public BufferedImage picture(int enlarge) {
        BufferedImage grey = Pictures.enlarge(Pictures.grey(image), enlarge);
        return Pictures.withPoints(grey, landmarkPixels(true), Math.max(1, enlarge), Color.YELLOW, true);
    }

    /** Landmark name → (u, v), e.g. for {@code Pictures.withPoints}. */
    public Map<String, double[]> landmarkPixels(boolean onlyInImage) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Landmark2D l : landmarks.values()) {
            if (!onlyInImage || l.inImage()) out.put(l.name(), l.uv());
        }
        return out;
    }
}
