package org.crossview.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.crossview.data.CaseSampler;
import org.crossview.data.Segmentation;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.Camera;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Volume;

/**
 * DeepFluoro-layout files of simulated multi-view X-rays (what {@code crossview simulate} writes: raw intensities with
 * detector blur and Poisson noise, ground-truth poses, landmarks, a JSON sidecar of the cases), cached under
 * {@code build/cache/simulated} by their settings, so that the notebooks read the same kind of file as the real data.
 */
public final class SimulatedFiles {
    private SimulatedFiles() {}

    /** What to simulate: cases × views per case, detector size (the 1536² DeepFluoro detector binned to size²), seed, quality. */
    public record Settings(int cases, int viewsPerCase, int size, long seed, int supersample, double stepMm) {
        /** Tutorial: 192² (DeepFluoro's 8× binning), one ray per pixel, 1 mm ray steps. */
        public static Settings tutorial(int cases, int viewsPerCase) {
            return new Settings(cases, viewsPerCase, 192, 0, 1, 1.0);
        }

        /** As head_sample.h5: 192², 2×2 rays per pixel, 0.5 mm ray steps. */
        public static Settings fine(int cases, int viewsPerCase) {
            return new Settings(cases, viewsPerCase, 192, 0, 2, 0.5);
        }

        public Settings withSeed(long s) {
            return new Settings(cases, viewsPerCase, size, s, supersample, stepMm);
        }

        SimulatedDataset.Settings dataset() {
            Camera full = Camera.deepFluoroFullRes();
            Camera camera = full.cols() % size == 0 ? full.binned(full.cols() / size) : full.resized(size, size);
            return new SimulatedDataset.Settings(camera, cases, viewsPerCase, seed, XraySimulator.Settings.defaults().withSupersample(supersample),
                    stepMm, 2.0, CaseSampler.Settings.defaults(), "auto");
        }
    }

    /** The embedded pelvis phantom at {@code voxelMm} (specimen "00-phantom", 14 landmarks). */
    public static Path phantom(double voxelMm, Settings s, Consumer<String> progress) throws IOException {
        String key = String.format(Locale.ROOT, "phantom-%.2f", voxelMm);
        return cached(key, s, () -> {
            Phantom p = PelvisPhantom.generate(voxelMm);
            return new SimulatedDataset.Source("00-phantom", p.hu(), Segmentation.of(p.labels(), Phantom.LABEL_NAMES), p.landmarksLps());
        }, progress);
    }

    /**
     * A CT in HU (NIfTI) without landmarks of its own: it is scored at the eight corners of a 100 mm cube about the
     * volume's centre (written as the file's {@code vol-landmarks}, named cube-±x±y±z); bone = HU above 300 for
     * {@code gt-seg}.
     */
    public static Path ct(Path nifti, String specimen, Settings s, Consumer<String> progress) throws IOException {
        String key = "ct-" + specimen + "-" + Files.size(nifti);
        return cached(key, s, () -> {
            Volume hu = Nifti.read(nifti);
            float[] d = hu.data(), bone = new float[d.length];
            for (int i = 0; i < d.length; i++) bone[i] = d[i] > 300 ? 1 : 0;
            return new SimulatedDataset.Source(specimen, hu, Segmentation.of(hu.withData(bone), Map.of(1, "bone")), cubeCorners(hu.centreLps(), 100));
        }, progress);
    }

    /** The corners of a cube of side {@code sideMm} centred at {@code centre} (LPS), named cube-±x±y±z. */
    public static Map<String, double[]> cubeCorners(double[] centre, double sideMm) {
        Map<String, double[]> out = new LinkedHashMap<>();
        double h = sideMm / 2;
        for (int sx = -1; sx <= 1; sx += 2) for (int sy = -1; sy <= 1; sy += 2) for (int sz = -1; sz <= 1; sz += 2) {
            out.put(String.format("cube%sx%sy%sz", sign(sx), sign(sy), sign(sz)), new double[] {centre[0] + sx * h, centre[1] + sy * h, centre[2] + sz * h});
        }
        return out;
    }

    private static String sign(int s) {
        return s > 0 ? "+" : "-";
    }

    private interface SourceFactory {
        SimulatedDataset.Source make() throws IOException;
    }

    private static Path cached(String key, Settings s, SourceFactory source, Consumer<String> progress) throws IOException {
        String digest = digest(key + "|" + s);
        Path file = Scale.cacheDir("simulated").resolve(key + "-" + digest + ".h5");
        if (Files.isRegularFile(file) && Files.isRegularFile(SimulatedDataset.sidecarPath(file))) {
            progress.accept("reusing " + file);
            return file;
        }
        SimulatedDataset.Result r = SimulatedDataset.simulate(source.make(), s.dataset(), Attenuation::fromHu, progress);
        SimulatedDataset.write(file, r);
        progress.accept("wrote " + file);
        return file;
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) hex.append(String.format("%02x", d[i]));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
