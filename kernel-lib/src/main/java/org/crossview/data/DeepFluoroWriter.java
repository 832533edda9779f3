package org.crossview.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/**
 * Writes the DeepFluoro layout (DESIGN.md §8) with jHDF, so that one reader ({@link DeepFluoroFile}) serves
 * the published file and ours: the same tree, names, shapes, dtypes (float32 matrices and images, uint8
 * labels and flags, uint64 sizes, scalar datasets for scalars, (N,1) column vectors) and {@code xreg-type}
 * attributes. Images and volumes are chunked and deflated (with shuffle).
 *
 * <p>Differences jHDF 0.13 imposes: strings are written null-terminated UTF-8 (xReg: null-padded ASCII), and
 * the root carries jHDF's {@code _jHDF} attribute. Readers (h5py, h5dump, jHDF) do not care.
 *
 * <p>The file is written to a temporary file beside the target and renamed when complete; on any failure the
 * temporary file is deleted and the target is left as it was. jHDF keeps the whole tree in memory until it
 * flushes, so this suits simulated (binned) datasets rather than 2.5 GB ones.
 */
public final class DeepFluoroWriter {
    private DeepFluoroWriter() {}

    /**
     * One projection, as stored (poses P, not volFromCam; landmarks in the stored image). {@code poses} null: no
     * ground truth (an imported patient): neither {@code gt-poses} nor {@code gt-landmarks} is written.
     */
    public record Projection(String id, Image image, Map<String, double[]> landmarksUv, GtPoses poses, Image segmentation,
            boolean rot180ForUp) {
        public Projection {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(image, "image");
            landmarksUv = landmarksUv == null ? Map.of() : landmarksUv;
        }
    }

    /** One specimen: the CT in HU, optional label volume, 3D landmarks (LPS mm) and its projections. */
    public record Specimen(String name, Volume hu, Segmentation segmentation, Map<String, double[]> landmarksLps, List<Projection> projections) {
        public Specimen {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hu, "hu");
            landmarksLps = landmarksLps == null ? Map.of() : landmarksLps;
            projections = List.copyOf(projections);
        }
    }

    private static final String XREG_TYPE = "xreg-type";

    /** Writes {@code specimens} with the given proj-params to {@code out} (atomically). */
    public static Path write(Path out, ProjParams params, List<Specimen> specimens) throws IOException {
        validate(out, params, specimens);
        org.crossview.io.AtomicWrite.write(out, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                writeProjParams(h.putGroup(DeepFluoroFile.PROJ_PARAMS), params);
                for (Specimen s : specimens) writeSpecimen(h.putGroup(s.name()), s, params);
            } catch (RuntimeException e) {
                throw new IOException(out + ": writing HDF5 failed: " + e.getMessage(), e);
            }
        });
        return out;
    }

    /** Everything checked before a byte is written, naming the offending item. */
    static void validate(Path out, ProjParams params, List<Specimen> specimens) {
        Camera cam = DeepFluoroGeometry.camera(params);
        if (specimens.isEmpty()) throw new IllegalArgumentException(out + ": no specimen to write");
        Set<String> names = new HashSet<>();
        for (Specimen s : specimens) {
            String sp = "/" + s.name();
            if (s.name().isBlank() || s.name().contains("/") || s.name().equals(DeepFluoroFile.PROJ_PARAMS) || !names.add(s.name())) {
                throw new IllegalArgumentException(out + ": " + sp + ": invalid or duplicate specimen name");
            }
            s.hu().requireFiniteAndNonEmpty(out + ": " + sp + "/vol/pixels");
            if (s.segmentation() != null) {
                Volume l = s.segmentation().labels();
                if (l.nx() != s.hu().nx() || l.ny() != s.hu().ny() || l.nz() != s.hu().nz()) {
                    throw new IllegalArgumentException(out + ": " + sp + "/vol-seg/image: label grid differs from the CT's");
                }
                for (float x : l.data()) {
                    if (!(x >= 0 && x <= 255) || x != Math.rint(x)) throw new IllegalArgumentException(out + ": " + sp + "/vol-seg/image: labels must be integers 0..255, found " + x);
                }
            }
            requireFinitePoints(out + ": " + sp + "/vol-landmarks", s.landmarksLps(), 3);
            Set<String> ids = new HashSet<>();
            for (Projection p : s.projections()) {
                String pp = sp + "/projections/" + p.id();
                if (p.id().isBlank() || p.id().contains("/") || !ids.add(p.id())) throw new IllegalArgumentException(out + ": " + pp + ": invalid or duplicate projection id");
                p.image().requireSize(out + ": " + pp + "/image/pixels", cam.cols(), cam.rows()).requireFinite(out + ": " + pp + "/image/pixels");
                if (p.segmentation() != null) {
                    p.segmentation().requireSize(out + ": " + pp + "/gt-seg/pixels", cam.cols(), cam.rows());
                    for (float x : p.segmentation().data()) {
                        if (!(x >= 0 && x <= 255) || x != Math.rint(x)) throw new IllegalArgumentException(out + ": " + pp + "/gt-seg/pixels: labels must be integers 0..255, found " + x);
                    }
                }
                requireFinitePoints(out + ": " + pp + "/gt-landmarks", p.landmarksUv(), 2);
                if (p.poses() == null && !p.landmarksUv().isEmpty()) throw new IllegalArgumentException(out + ": " + pp + "/gt-landmarks: landmarks without gt-poses");
            }
        }
    }

    private static void requireFinitePoints(String what, Map<String, double[]> points, int n) {
        for (Map.Entry<String, double[]> e : points.entrySet()) {
            double[] x = e.getValue();
            if (e.getKey().isBlank() || e.getKey().contains("/")) throw new IllegalArgumentException(what + ": invalid landmark name '" + e.getKey() + "'");
            if (x.length != n) throw new IllegalArgumentException(what + "/" + e.getKey() + ": expected " + n + " coordinates, got " + x.length);
            for (double c : x) {
                if (!Double.isFinite(c)) throw new IllegalArgumentException(what + "/" + e.getKey() + ": non-finite coordinate");
            }
        }
    }

    private static void writeProjParams(WritableGroup g, ProjParams p) {
        g.putDataset("extrinsic", matrix(p.camFromWorld().toArray(), 4, 4));
        g.putDataset("intrinsic", matrix(p.intrinsic(), 3, 3));
        g.putDataset("num-cols", (long) p.cols(), unsigned());
        g.putDataset("num-rows", (long) p.rows(), unsigned());
        g.putDataset("pixel-col-spacing", (float) p.pixelColSpacingMm());
        g.putDataset("pixel-row-spacing", (float) p.pixelRowSpacingMm());
    }

    private static void writeSpecimen(WritableGroup g, Specimen s, ProjParams params) {
        WritableGroup vol = g.putGroup("vol");
        writeImage3D(vol, s.hu(), false);
        if (s.segmentation() != null) {
            WritableGroup seg = g.putGroup("vol-seg");
            seg.putAttribute(XREG_TYPE, "image-seg-3D");
            writeImage3D(seg.putGroup("image"), s.segmentation().labels(), true);
            WritableGroup defs = seg.putGroup("labels-def");
            for (Map.Entry<Integer, String> e : s.segmentation().names().entrySet()) defs.putDataset(Integer.toString(e.getKey()), e.getValue());
        }
        WritableGroup lands = g.putGroup("vol-landmarks");
        lands.putAttribute(XREG_TYPE, "lands-map");
        for (Map.Entry<String, double[]> e : s.landmarksLps().entrySet()) lands.putDataset(e.getKey(), column(e.getValue()));
        WritableGroup projections = g.putGroup("projections");
        for (Projection p : s.projections()) writeProjection(projections.putGroup(p.id()), p, params);
    }

    private static void writeProjection(WritableGroup g, Projection p, ProjParams params) {
        writeImage2D(g.putGroup("image"), p.image(), false, params);
        if (p.segmentation() != null) writeImage2D(g.putGroup("gt-seg"), p.segmentation(), true, params);
        g.putDataset("rot-180-for-up", (byte) (p.rot180ForUp() ? 1 : 0), unsigned());
        if (p.poses() == null) return;
        WritableGroup lands = g.putGroup("gt-landmarks");
        lands.putAttribute(XREG_TYPE, "lands-map");
        for (Map.Entry<String, double[]> e : p.landmarksUv().entrySet()) lands.putDataset(e.getKey(), column(e.getValue()));
        WritableGroup poses = g.putGroup("gt-poses");
        GtPoses gt = p.poses();
        poses.putDataset("cam-to-pelvis-vol", matrix(gt.camToPelvisVol().toArray(), 4, 4));
        poses.putDataset("cam-to-left-femur-vol", matrix(gt.camToLeftFemurVol().toArray(), 4, 4));
        poses.putDataset("cam-to-right-femur-vol", matrix(gt.camToRightFemurVol().toArray(), 4, 4));
        poses.putDataset("left-femur-good-fov", (byte) (gt.leftFemurGoodFov() ? 1 : 0), unsigned());
        poses.putDataset("right-femur-good-fov", (byte) (gt.rightFemurGoodFov() ? 1 : 0), unsigned());
    }

    private static void writeImage3D(WritableGroup g, Volume v, boolean labels) {
        g.putAttribute(XREG_TYPE, "image-3D");
        g.putDataset("dir-mat", matrix(v.direction(), 3, 3));
        g.putDataset("origin", column(v.originMm()));
        g.putDataset("spacing", column(v.spacingMm()));
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        float[] d = v.data();
        DatasetCreationOptions.Builder opts = DatasetCreationOptions.builder()
                .chunkDimensions(Math.min(nz, 32), Math.min(ny, 64), Math.min(nx, 64)).shuffle().deflate(4);
        if (labels) {
            byte[][][] b = new byte[nz][ny][nx];
            for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) b[k][j][i] = (byte) (int) d[i + nx * (j + ny * k)];
            g.putDataset("pixels", b, opts.unsigned().build());
        } else {
            float[][][] f = new float[nz][ny][nx];
            for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) System.arraycopy(d, nx * (j + ny * k), f[k][j], 0, nx);
            g.putDataset("pixels", f, opts.build());
        }
    }

    private static void writeImage2D(WritableGroup g, Image im, boolean labels, ProjParams params) {
        g.putAttribute(XREG_TYPE, "image-2D");
        g.putDataset("dir-mat", new float[][] {{1, 0}, {0, 1}});
        g.putDataset("origin", new float[][] {{0}, {0}});
        g.putDataset("spacing", column(new double[] {params.pixelColSpacingMm(), params.pixelRowSpacingMm()}));
        int cols = im.cols(), rows = im.rows();
        float[] d = im.data();
        int chunk = Math.max(cols, rows) > 256 ? 256 : (labels ? 96 : 48); // the sample's chunks at 192², larger at full resolution
        DatasetCreationOptions.Builder opts = DatasetCreationOptions.builder().chunkDimensions(Math.min(rows, chunk), Math.min(cols, chunk)).shuffle().deflate(4);
        if (labels) {
            byte[][] b = new byte[rows][cols];
            for (int v = 0; v < rows; v++) for (int u = 0; u < cols; u++) b[v][u] = (byte) (int) d[v * cols + u];
            g.putDataset("pixels", b, opts.unsigned().build());
        } else {
            float[][] f = new float[rows][cols];
            for (int v = 0; v < rows; v++) System.arraycopy(d, v * cols, f[v], 0, cols);
            g.putDataset("pixels", f, opts.build());
        }
    }

    private static float[][] matrix(double[] rowMajor, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r][c] = (float) rowMajor[r * cols + c];
        return m;
    }

    private static float[][] column(double[] v) {
        float[][] m = new float[v.length][1];
        for (int i = 0; i < v.length; i++) m[i][0] = (float) v[i];
        return m;
    }

    private static DatasetCreationOptions unsigned() {
        return DatasetCreationOptions.builder().unsigned().build();
    }
}
