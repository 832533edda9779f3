package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.crossview.geometry.Camera;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Broken files give a DeepFluoroFormatException naming the file and the HDF5 path; the writer leaves nothing half-written. */
class DeepFluoroBadInputTest {
    @TempDir
    Path dir;

    /** A minimal valid layout as path → value (a "@name" suffix marks a string attribute), written with jHDF directly. */
    static Map<String, Object> validTree() {
        Map<String, Object> t = new LinkedHashMap<>();
        double[] e = ProjParams.ciosFusionExtrinsic().toArray();
        t.put("/proj-params/extrinsic", mat(e, 4, 4));
        t.put("/proj-params/intrinsic", mat(Camera.centred(8, 6, 1.552, 1.552, 1020).intrinsic(), 3, 3));
        t.put("/proj-params/num-cols", 8L);
        t.put("/proj-params/num-rows", 6L);
        t.put("/proj-params/pixel-col-spacing", 1.552f);
        t.put("/proj-params/pixel-row-spacing", 1.552f);
        t.put("/s1/vol@xreg-type", "image-3D");
        float[][][] v = new float[3][4][5];
        v[1][2][3] = 1000;
        t.put("/s1/vol/pixels", v);
        t.put("/s1/vol/spacing", new float[][] {{1}, {1}, {1}});
        t.put("/s1/vol/origin", new float[][] {{0}, {0}, {0}});
        t.put("/s1/vol/dir-mat", new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        t.put("/s1/vol-landmarks/A", new float[][] {{1}, {2}, {1}});
        double[] p = TestDatasets.apView(new double[] {2, 1.5, 1}, 0, 0, 0).compose(ProjParams.ciosFusionExtrinsic()).toArray();
        t.put("/s1/projections/000/image/pixels", new float[6][8]);
        t.put("/s1/projections/000/gt-landmarks/A", new float[][] {{3.5f}, {2.5f}});
        t.put("/s1/projections/000/gt-poses/cam-to-pelvis-vol", mat(p, 4, 4));
        t.put("/s1/projections/000/gt-poses/cam-to-left-femur-vol", mat(p, 4, 4));
        t.put("/s1/projections/000/gt-poses/cam-to-right-femur-vol", mat(p, 4, 4));
        t.put("/s1/projections/000/gt-poses/left-femur-good-fov", (byte) 0);
        t.put("/s1/projections/000/gt-poses/right-femur-good-fov", (byte) 0);
        t.put("/s1/projections/000/rot-180-for-up", (byte) 0);
        return t;
    }

    static float[][] mat(double[] m, int r, int c) {
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[i][j] = (float) m[i * c + j];
        return out;
    }

    Path write(String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> t = validTree();
        change.accept(t);
        Path out = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(out)) {
            Map<String, WritableGroup> groups = new HashMap<>();
            groups.put("", h);
            for (Map.Entry<String, Object> e : t.entrySet()) {
                String path = e.getKey();
                String attr = null;
                if (path.contains("@")) {
                    attr = path.substring(path.indexOf('@') + 1);
                    path = path.substring(0, path.indexOf('@'));
                }
                String[] parts = path.substring(1).split("/");
                String g = "";
                int groupsDepth = attr == null ? parts.length - 1 : parts.length;
                for (int i = 0; i < groupsDepth; i++) {
                    String parent = g;
                    g = g + "/" + parts[i];
                    final String part = parts[i];
                    groups.computeIfAbsent(g, k -> groups.get(parent).putGroup(part));
                }
                if (attr != null) {
                    groups.get(g).putAttribute(attr, e.getValue());
                } else {
                    boolean unsigned = e.getValue() instanceof Long || e.getValue() instanceof Byte;
                    groups.get(g).putDataset(parts[parts.length - 1], e.getValue(),
                            unsigned ? DatasetCreationOptions.builder().unsigned().build() : DatasetCreationOptions.DEFAULT);
                }
            }
        }
        return out;
    }

    /** Opens and reads everything. */
    static void readAll(Path file) {
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            for (String s : f.specimenNames()) {
                DeepFluoroSpecimen sp = f.specimen(s);
                sp.volumeHu();
                sp.landmarksLps();
                if (sp.hasSegmentation()) sp.segmentation();
                for (DeepFluoroProjection p : sp.projections()) {
                    p.image();
                    p.poses();
                    p.landmarks();
                    p.rot180ForUp();
                    if (p.hasSegmentation()) p.segmentation();
                }
            }
        }
    }

    void assertFails(Path file, String hdfPath, String words, Executable action) {
        DeepFluoroFormatException e = assertThrows(DeepFluoroFormatException.class, action);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        if (hdfPath != null) assertEquals(hdfPath, e.hdfPath(), e.getMessage());
        assertTrue(e.getMessage().contains(words), "message '" + e.getMessage() + "' should mention '" + words + "'");
    }

    @Test
    void theTestTreeIsValid() {
        readAll(write("ok.h5", t -> {}));
    }

    @Test
    void notHdf5AndMissingFile() throws Exception {
        Path txt = dir.resolve("notes.h5");
        Files.writeString(txt, "this is not HDF5\n".repeat(100));
        assertFails(txt, "", "not a readable HDF5 file", () -> DeepFluoroFile.open(txt));
        Path none = dir.resolve("absent.h5");
        assertFails(none, "", "no such file", () -> DeepFluoroFile.open(none));
    }

    @Test
    void truncatedFile() throws Exception {
        Path good = TestDatasets.write(dir.resolve("good.h5"), 3);
        byte[] all = Files.readAllBytes(good);
        for (double frac : new double[] {0.02, 0.3, 0.6, 0.9}) {
            Path cut = dir.resolve("cut" + (int) (frac * 100) + ".h5");
            Files.write(cut, java.util.Arrays.copyOf(all, (int) (all.length * frac)));
            assertFails(cut, null, "", () -> readAll(cut));
        }
    }

    @Test
    void missingGroupOrDataset() {
        Path a = write("nopp.h5", t -> t.keySet().removeIf(k -> k.startsWith("/proj-params/")));
        assertFails(a, "/proj-params", "missing group", () -> DeepFluoroFile.open(a));
        Path b = write("noimg.h5", t -> { t.remove("/s1/projections/000/image/pixels"); t.put("/s1/projections/000/image/spacing", new float[][] {{1}, {1}}); });
        Path bb = b;
        assertFails(bb, "/s1/projections/000/image/pixels", "missing dataset", () -> readAll(bb));
        Path c = write("nopose.h5", t -> t.remove("/s1/projections/000/gt-poses/cam-to-right-femur-vol"));
        assertFails(c, "/s1/projections/000/gt-poses/cam-to-right-femur-vol", "missing dataset", () -> readAll(c));
    }

    @Test
    void wrongDtypeOrShape() {
        Path a = write("strpose.h5", t -> t.put("/s1/projections/000/gt-poses/cam-to-pelvis-vol", "identity"));
        assertFails(a, "/s1/projections/000/gt-poses/cam-to-pelvis-vol", "expected a numeric dataset", () -> readAll(a));
        Path b = write("shape.h5", t -> t.put("/s1/projections/000/image/pixels", new float[8][6]));
        assertFails(b, "/s1/projections/000/image/pixels", "expected shape [6, 8]", () -> readAll(b));
        Path c = write("k.h5", t -> t.put("/proj-params/intrinsic", new float[][] {{1, 0}, {0, 1}}));
        assertFails(c, "/proj-params/intrinsic", "expected shape [3, 3]", () -> DeepFluoroFile.open(c));
        Path d = write("vol2d.h5", t -> t.put("/s1/vol/pixels", new float[4][5]));
        assertFails(d, "/s1/vol/pixels", "expected 3 dimensions", () -> readAll(d));
        Path e = write("flag.h5", t -> t.put("/s1/projections/000/rot-180-for-up", (byte) 7));
        assertFails(e, "/s1/projections/000/rot-180-for-up", "expected 0 or 1", () -> readAll(e));
        Path f = write("kpos.h5", t -> t.put("/proj-params/intrinsic", mat(new double[] {657, 0, 3.5, 0, 657, 2.5, 0, 0, 1}, 3, 3)));
        assertFails(f, "/proj-params", "negative", () -> DeepFluoroFile.open(f));
    }

    @Test
    void nanVolumeAndNonRigidPose() {
        Path a = write("nan.h5", t -> ((float[][][]) t.get("/s1/vol/pixels"))[2][1][0] = Float.NaN);
        assertFails(a, "/s1/vol/pixels", "(i,j,k)=(0,1,2)", () -> readAll(a));
        Path b = write("shear.h5", t -> ((float[][]) t.get("/s1/projections/000/gt-poses/cam-to-pelvis-vol"))[0][1] += 0.2f);
        assertFails(b, "/s1/projections/000/gt-poses/cam-to-pelvis-vol", "not a rigid transform", () -> readAll(b));
        Path c = write("scaled.h5", t -> {
            float[][] m = (float[][]) t.get("/proj-params/extrinsic");
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i][j] *= 2;
        });
        assertFails(c, "/proj-params/extrinsic", "not a rigid transform", () -> DeepFluoroFile.open(c));
        Path d = write("nanimg.h5", t -> ((float[][]) t.get("/s1/projections/000/image/pixels"))[1][2] = Float.NaN);
        assertFails(d, "/s1/projections/000/image/pixels", "pixel (2,1)", () -> readAll(d));
        // lazy: opening, listing, poses and landmarks never touch the image (nor the NaN volume above)
        try (DeepFluoroFile f = DeepFluoroFile.open(d)) {
            DeepFluoroProjection p = f.specimen(0).projection("000");
            p.poses();
            assertEquals(1, p.landmarks().size());
            assertFails(d, "/s1/projections/000/image/pixels", "non-finite", p::image);
        }
        try (DeepFluoroFile f = DeepFluoroFile.open(a)) {
            assertEquals(1, f.specimen(0).landmarksLps().size());
            f.specimen(0).projection(0).image();
        }
    }

    @Test
    void landmarkOutsideTheImageIsFlaggedNotFatal() {
        Path a = write("far.h5", t -> t.put("/s1/projections/000/gt-landmarks/B", new float[][] {{-3f}, {2f}}));
        try (DeepFluoroFile f = DeepFluoroFile.open(a)) {
            Map<String, Landmark2D> l = f.specimen(0).projection(0).landmarks();
            assertTrue(l.get("A").inImage());
            assertFalse(l.get("B").inImage());
        }
    }

    @Test
    void writerRejectsBadInputWithoutTouchingTheTarget() throws Exception {
        Path target = TestDatasets.write(dir.resolve("keep.h5"), 2);
        byte[] before = Files.readAllBytes(target);
        Camera cam = TestDatasets.smallCamera();
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        DeepFluoroWriter.Specimen s = TestDatasets.specimen("s", cam, params.camFromWorld(), 2, 3);
        DeepFluoroWriter.Projection p = s.projections().get(1);
        float[] px = p.image().data().clone();
        px[10] = Float.NaN;
        DeepFluoroWriter.Projection bad = new DeepFluoroWriter.Projection(p.id(), new Image(cam.cols(), cam.rows(), px), p.landmarksUv(), p.poses(), p.segmentation(), false);
        DeepFluoroWriter.Specimen badSpecimen = new DeepFluoroWriter.Specimen("s", s.hu(), s.segmentation(), s.landmarksLps(), List.of(s.projections().get(0), bad));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeepFluoroWriter.write(target, params, List.of(badSpecimen)));
        assertTrue(e.getMessage().contains("keep.h5") && e.getMessage().contains("/s/projections/001/image/pixels"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(target)), "target untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("keep.h5"), files.map(x -> x.getFileName().toString()).toList());
        }
    }
}
