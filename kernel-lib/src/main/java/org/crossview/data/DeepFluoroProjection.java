package org.crossview.data;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * One {@code projections/NNN} group. A handle: {@link #image()} and {@link #segmentation()} read from the file
 * on every call. Everything refers to the STORED image; {@link #rot180ForUp()} says whether it must be turned
 * for display (use {@link Preprocess}, which turns K and landmarks with it).
 */
public final class DeepFluoroProjection {
    private final DeepFluoroFile owner;
    private final String specimen;
    private final Group group;
    private final H5Read read;
    private final String path;

    DeepFluoroProjection(DeepFluoroFile owner, String specimen, Group group) {
        this.owner = owner;
        this.specimen = specimen;
        this.group = group;
        this.read = owner.read();
        this.path = H5Read.pathOf(group);
    }

    public String id() { return group.getName(); }

    public String specimenName() { return specimen; }

    /** The HDF5 path of this projection's group. */
    public String hdfPath() { return path; }

    /** The stored camera (same for every projection of the file). */
    public Camera camera() { return owner.camera(); }

    /** {@code image/pixels}: raw detector intensity (bone dark), stored orientation. */
    public Image image() {
        Image im = readImage2D(read.group(group, "image"));
        try {
            return im.requireFinite("pixels");
        } catch (IllegalArgumentException e) {
            throw read.error(path + "/image/pixels", e.getMessage().replaceFirst("^pixels: ", ""), e);
        }
    }

    public boolean hasSegmentation() { return read.has(group, "gt-seg"); }

    /** {@code gt-seg/pixels}: a label per pixel (0 = background), stored orientation. */
    public Image segmentation() {
        return readImage2D(read.group(group, "gt-seg"));
    }

    /** Whether the file holds ground-truth poses for this projection (an imported patient's file does not). */
    public boolean hasPoses() { return read.has(group, "gt-poses"); }

    /** {@code gt-poses}: all five entries, as stored. */
    public GtPoses poses() {
        Group g = gtPoses();
        return new GtPoses(pose(g, "cam-to-pelvis-vol"), pose(g, "cam-to-left-femur-vol"), pose(g, "cam-to-right-femur-vol"),
                read.flag(g, "left-femur-good-fov"), read.flag(g, "right-femur-good-fov"));
    }

    /** The stored {@code cam-to-pelvis-vol} P (no shift). */
    public Rigid camToPelvisVol() {
        return pose(gtPoses(), "cam-to-pelvis-vol");
    }

    /** The {@code gt-poses} group, or an error saying what to do without ground truth. */
    private Group gtPoses() {
        if (!hasPoses()) {
            throw read.error(path + "/gt-poses", "missing: this file holds no ground truth (e.g. written by `crossview import`); "
                    + "what needs it cannot run on it (give multi-view geometry with --relative FILE.json, start with --init ap or coarse)");
        }
        return read.group(group, "gt-poses");
    }

    /** The renderer's pose of the pelvis volume: {@code shift(P) · E⁻¹} (the file's {@link DeepFluoroGeometry.PoseShift}). */
    public Rigid volFromCam() {
        return DeepFluoroGeometry.volFromCam(camToPelvisVol(), owner.camFromWorld(), owner.poseShift());
    }

    /** {@code rot-180-for-up}: the stored image must be turned 180° for the head to be up. */
    public boolean rot180ForUp() {
        return read.flag(group, "rot-180-for-up");
    }

    /**
     * {@code gt-landmarks}: name → (column, row) in the stored image, sorted by name; landmarks outside the
     * detector are kept and flagged ({@link Landmark2D#inImage()} false).
     */
    public Map<String, Landmark2D> landmarks() {
        Map<String, Landmark2D> out = new LinkedHashMap<>();
        if (!read.has(group, "gt-landmarks")) return out;
        Group g = read.group(group, "gt-landmarks");
        Camera cam = camera();
        for (Map.Entry<String, Node> e : read.children(g).entrySet()) {
            if (!(e.getValue() instanceof Dataset)) continue;
            double[] uv = read.doubles(g, e.getKey(), 2, 1);
            out.put(e.getKey(), new Landmark2D(e.getKey(), uv[0], uv[1], cam.contains(uv[0], uv[1])));
        }
        return out;
    }

    private Rigid pose(Group g, String name) {
        double[] m = read.doubles(g, name, 4, 4);
        try {
            return Rigid.ofNearlyRigid(name, m);
        } catch (IllegalArgumentException e) {
            throw read.error(H5Read.join(g, name), "not a rigid transform: " + e.getMessage(), e);
        }
    }

    /** An {@code image-2D} group: pixels (rows, cols), checked against proj-params' size. */
    private Image readImage2D(Group g) {
        String at = H5Read.pathOf(g) + "/pixels";
        Dataset pixels = read.dataset(g, "pixels");
        read.requireNumeric(pixels);
        int[] dims = read.dims(pixels);
        Camera cam = camera();
        if (dims.length != 2 || dims[0] != cam.rows() || dims[1] != cam.cols()) {
            throw read.error(at, "expected shape [" + cam.rows() + ", " + cam.cols() + "] (num-rows, num-cols), found " + Arrays.toString(dims));
        }
        return new Image(dims[1], dims[0], read.floats(pixels)); // row-major (rows, cols) == data[v*cols + u]
    }

    @Override
    public String toString() {
        return "DeepFluoroProjection[" + specimen + "/" + id() + "]";
    }
}
