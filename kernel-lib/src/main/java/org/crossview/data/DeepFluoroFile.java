package org.crossview.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/**
 * A DeepFluoro-layout HDF5 file (DESIGN.md §8): the published {@code ipcai_2020_full_res_data.h5}, or a file
 * this project's {@link DeepFluoroWriter} wrote. Opening reads only {@code proj-params} and the group names;
 * volumes, images and segmentations are read when asked for and not kept, so iterating every projection of
 * the 2.5 GB file holds one image at a time.
 *
 * <pre>{@code
 * try (DeepFluoroFile f = DeepFluoroFile.open(Path.of("ipcai_2020_full_res_data.h5"))) {
 *     DeepFluoroSpecimen s = f.specimen("17-1882");
 *     for (DeepFluoroProjection p : s.projections()) {
 *         Image raw = p.image();              // raw intensity, stored orientation
 *         Rigid volFromCam = p.volFromCam(); // P·E⁻¹, for the renderer
 *     }
 * }
 * }</pre>
 * Every format problem is a {@link DeepFluoroFormatException} naming the file and the HDF5 path.
 */
public final class DeepFluoroFile implements AutoCloseable {
    static final String PROJ_PARAMS = "proj-params";

    private final Path file;
    private final HdfFile hdf;
    private final H5Read read;
    private final DeepFluoroGeometry.PoseShift poseShift;
    private final ProjParams projParams;
    private final Camera camera;
    private final List<String> specimens;

    private DeepFluoroFile(Path file, HdfFile hdf, DeepFluoroGeometry.PoseShift poseShift) {
        this.file = file;
        this.hdf = hdf;
        this.read = new H5Read(file);
        this.poseShift = poseShift;
        this.projParams = readProjParams();
        try {
            this.camera = DeepFluoroGeometry.camera(projParams);
        } catch (IllegalArgumentException e) {
            throw read.error("/" + PROJ_PARAMS, e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Node> e : read.children(hdf).entrySet()) {
            if (!e.getKey().equals(PROJ_PARAMS) && e.getValue() instanceof Group) names.add(e.getKey());
        }
        if (names.isEmpty()) throw read.error("/", "no specimen group (only " + read.children(hdf).keySet() + ")");
        this.specimens = List.copyOf(names);
    }

    /** Opens with the poses used as stored ({@link DeepFluoroGeometry.PoseShift#NONE}). */
    public static DeepFluoroFile open(Path file) {
        return open(file, DeepFluoroGeometry.PoseShift.NONE);
    }

    /** Opens, choosing how the stored poses are used (see {@link DeepFluoroGeometry} on the −0.5 mm ambiguity). */
    public static DeepFluoroFile open(Path file, DeepFluoroGeometry.PoseShift poseShift) {
        if (!Files.isRegularFile(file)) throw new DeepFluoroFormatException(file, "", "no such file");
        if (!Files.isReadable(file)) throw new DeepFluoroFormatException(file, "", "file is not readable");
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new DeepFluoroFormatException(file, "", "not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        try {
            return new DeepFluoroFile(file, hdf, poseShift);
        } catch (RuntimeException e) {
            hdf.close();
            if (e instanceof DeepFluoroFormatException) throw e;
            throw new DeepFluoroFormatException(file, "", "cannot read the file's structure (damaged or truncated?): " + e.getMessage(), e);
        }
    }

    private ProjParams readProjParams() {
        Group g = read.group(hdf, PROJ_PARAMS);
        String at = "/" + PROJ_PARAMS + "/";
        double[] e = read.doubles(g, "extrinsic", 4, 4);
        Rigid camFromWorld;
        try {
            camFromWorld = Rigid.ofNearlyRigid(at + "extrinsic", e);
        } catch (IllegalArgumentException ex) {
            throw read.error(at + "extrinsic", "not a rigid transform: " + ex.getMessage(), ex);
        }
        double[] k = read.doubles(g, "intrinsic", 3, 3);
        long cols = read.integer(g, "num-cols");
        long rows = read.integer(g, "num-rows");
        if (cols <= 0 || rows <= 0 || cols > 1 << 16 || rows > 1 << 16) throw read.error(at + "num-cols", "implausible image size " + cols + "x" + rows);
        double colSpacing = read.scalar(g, "pixel-col-spacing");
        double rowSpacing = read.scalar(g, "pixel-row-spacing");
        return new ProjParams(camFromWorld, k, (int) cols, (int) rows, colSpacing, rowSpacing);
    }

    public Path path() { return file; }

    public ProjParams projParams() { return projParams; }

    /** The camera of every projection (stored orientation, full stored resolution). */
    public Camera camera() { return camera; }

    /** E = {@code proj-params/extrinsic}. */
    public Rigid camFromWorld() { return projParams.camFromWorld(); }

    public DeepFluoroGeometry.PoseShift poseShift() { return poseShift; }

    /** Specimen group names in file order (sorted), e.g. 17-1882, 17-1905, 18-0725, ... */
    public List<String> specimenNames() { return specimens; }

    public DeepFluoroSpecimen specimen(String name) {
        if (!specimens.contains(name)) throw read.error("/" + name, "no such specimen (the file has " + specimens + ")");
        return new DeepFluoroSpecimen(this, read.group(hdf, name));
    }

    /** The i-th specimen in {@link #specimenNames()} order. */
    public DeepFluoroSpecimen specimen(int index) {
        return specimen(specimens.get(index));
    }

    H5Read read() { return read; }

    @Override
    public void close() {
        hdf.close();
    }

    @Override
    public String toString() {
        return "DeepFluoroFile[" + file + ", specimens " + specimens + ", " + camera + "]";
    }
}
