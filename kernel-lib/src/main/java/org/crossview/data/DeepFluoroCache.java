package org.crossview.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crossview.geometry.Camera;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/**
 * A downsampled copy of a DeepFluoro-layout file for notebooks: one file per specimen,
 * {@code <dir>/<specimen>-bin<b>.h5}, in the same layout. Raw images are averaged over b×b blocks (raw
 * intensities, as a binning detector would), gt-seg takes the most frequent label of each block, K and 2D
 * landmarks are binned with them ({@link Camera#binned}); the CT may be block-averaged too (labels by majority).
 * Poses, 3D landmarks and flags are copied. One specimen is held in memory at a time.
 */
public final class DeepFluoroCache {
    private DeepFluoroCache() {}

    public static Path cachePath(Path dir, String specimen, int bin) {
        return dir.resolve(specimen + "-bin" + bin + ".h5");
    }

    /** Writes the cache files; returns their paths. {@code volumeBin} = 1 keeps the CT as it is. */
    public static List<Path> write(Path source, Path dir, int bin, int volumeBin, Consumer<String> progress) throws IOException {
        if (bin < 1 || volumeBin < 1) throw new IllegalArgumentException("binning factors must be ≥ 1, got " + bin + " and " + volumeBin);
        List<Path> out = new ArrayList<>();
        try (DeepFluoroFile f = DeepFluoroFile.open(source)) {
            Camera binned = f.camera().binned(bin);
            ProjParams params = ProjParams.of(binned, f.camFromWorld());
            for (String name : f.specimenNames()) {
                DeepFluoroSpecimen s = f.specimen(name);
                List<DeepFluoroWriter.Projection> ps = new ArrayList<>();
                int n = 0;
                for (DeepFluoroProjection p : s.projections()) {
                    XrayView raw = new XrayView(name + "/" + p.id(), p.image(), f.camera(), null, p.landmarks(), p.rot180ForUp());
                    XrayView b = Preprocess.bin(raw, bin);
                    Map<String, double[]> uv = new LinkedHashMap<>();
                    for (Landmark2D l : b.landmarks().values()) uv.put(l.name(), l.uv());
                    Image seg = p.hasSegmentation() ? modeBin(p.segmentation(), bin) : null;
                    ps.add(new DeepFluoroWriter.Projection(p.id(), b.image(), uv, p.hasPoses() ? p.poses() : null, seg, p.rot180ForUp()));
                    progress.accept(String.format("cache %s: projection %d/%d", name, ++n, s.projectionCount()));
                }
                Volume hu = volumeBin == 1 ? s.volumeHu() : meanBin(s.volumeHu(), volumeBin);
                Segmentation seg = null;
                if (s.hasSegmentation()) {
                    Segmentation full = s.segmentation();
                    seg = Segmentation.of(volumeBin == 1 ? full.labels() : modeBin(full.labels(), volumeBin), full.names());
                }
                Path target = cachePath(dir, name, bin);
                DeepFluoroWriter.write(target, params, List.of(new DeepFluoroWriter.Specimen(name, hu, seg, s.landmarksLps(), ps)));
                progress.accept("wrote " + target);
                out.add(target);
            }
        }
        return out;
    }

    /** The most frequent label in each b×b block (ties: the smaller label). */
    static Image modeBin(Image labels, int b) {
        int cols = labels.cols() / b, rows = labels.rows() / b;
        float[] out = new float[cols * rows];
        int[] count = new int[256];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                java.util.Arrays.fill(count, 0);
                for (int y = 0; y < b; y++) for (int x = 0; x < b; x++) count[(int) labels.get(c * b + x, r * b + y) & 255]++;
                out[r * cols + c] = argmax(count);
            }
        }
        return new Image(cols, rows, out);
    }

    private static int argmax(int[] count) {
        int best = 0;
        for (int i = 1; i < count.length; i++) if (count[i] > count[best]) best = i;
        return best;
    }

    /** Block grid of a volume: spacing × f, first centre at the first block's centre. */
    private static Volume blockGrid(Volume v, int f, float[] data) {
        double[] sp = v.spacingMm();
        double[] origin = v.indexToLps((f - 1) / 2.0, (f - 1) / 2.0, (f - 1) / 2.0);
        return new Volume(v.nx() / f, v.ny() / f, v.nz() / f, new double[] {sp[0] * f, sp[1] * f, sp[2] * f}, origin, v.direction(), data);
    }

    static Volume meanBin(Volume v, int f) {
        int nx = v.nx() / f, ny = v.ny() / f, nz = v.nz() / f;
        float[] out = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            double s = 0;
            for (int c = 0; c < f; c++) for (int b = 0; b < f; b++) for (int a = 0; a < f; a++) s += v.get(i * f + a, j * f + b, k * f + c);
            out[i + nx * (j + ny * k)] = (float) (s / (f * f * f));
        }
        return blockGrid(v, f, out);
    }

    static Volume modeBin(Volume v, int f) {
        int nx = v.nx() / f, ny = v.ny() / f, nz = v.nz() / f;
        float[] out = new float[nx * ny * nz];
        int[] count = new int[256];
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            java.util.Arrays.fill(count, 0);
            for (int c = 0; c < f; c++) for (int b = 0; b < f; b++) for (int a = 0; a < f; a++) count[(int) v.get(i * f + a, j * f + b, k * f + c) & 255]++;
            out[i + nx * (j + ny * k)] = argmax(count);
        }
        return blockGrid(v, f, out);
    }
}
