package org.crossview.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.crossview.data.CaseSampler;
import org.crossview.data.CtLoader;
import org.crossview.data.Segmentation;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.Camera;
import org.crossview.volume.Attenuation;

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

    /** A DeepFluoro-layout file (simulated here, or the real one) and the name of a specimen group in it. */
    public record Specimen(Path file, String specimen) {
        /** "file.h5:specimen", the {@link org.crossview.data.CtLoader} spec of its CT. */
        public String ctSpec() {
            return file + ":" + specimen;
        }
    }

    /**
     * Simulates the CT of a {@link CtLoader} spec ({@code phantom}, a NIfTI CT in HU, a DeepFluoro-layout file[:specimen]),
     * resampled to {@code voxelMm} when finer. A CT without landmarks is scored at the eight corners of a 100 mm cube
     * about its centre (written as the file's {@code vol-landmarks}, named cube±x±y±z); one without labels gets
     * label 1 "bone" = HU above 300 for {@code gt-seg}. The phantom's specimen is called "00-phantom".
     */
    public static Specimen simulate(String ctSpec, double voxelMm, Settings s, Consumer<String> progress) throws IOException {
        String key = ctSpec.trim();
        Path asFile = Path.of(key.replaceFirst("(?i)(\\.h5):[^/]*$", "$1"));
        if (!key.equals("phantom") && Files.isRegularFile(asFile)) key += "|" + Files.size(asFile) + "|" + Files.getLastModifiedTime(asFile).toMillis();
        String stem = key.equals("phantom") ? "phantom" : asFile.getFileName().toString().replaceFirst("(?i)\\.(nii(\\.gz)?|h5)$", "");
        String digest = digest(key + "|" + voxelMm + "|" + s);
        Path file = Scale.cacheDir("simulated").resolve(stem.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + digest + ".h5");
        Path nameFile = file.resolveSibling(file.getFileName() + ".specimen");
        if (Files.isRegularFile(file) && Files.isRegularFile(SimulatedDataset.sidecarPath(file)) && Files.isRegularFile(nameFile)) {
            progress.accept("reusing " + file);
            return new Specimen(file, Files.readString(nameFile, StandardCharsets.UTF_8).trim());
        }
        SimulatedDataset.Source src = CtLoader.load(ctSpec, voxelMm);
        String name = key.equals("phantom") ? "00-phantom" : src.name();
        Segmentation seg = src.segmentation();
        if (seg == null) {
            float[] d = src.hu().data(), bone = new float[d.length];
            for (int i = 0; i < d.length; i++) bone[i] = d[i] > 300 ? 1 : 0;
            seg = Segmentation.of(src.hu().withData(bone), Map.of(1, "bone"));
        }
        Map<String, double[]> landmarks = src.landmarksLps().isEmpty() ? cubeCorners(src.hu().centreLps(), 100) : src.landmarksLps();
        SimulatedDataset.Result r = SimulatedDataset.simulate(new SimulatedDataset.Source(name, src.hu(), seg, landmarks), s.dataset(),
                Attenuation::fromHu, progress);
        SimulatedDataset.write(file, r);
        org.crossview.io.AtomicWrite.writeString(nameFile, name);
        progress.accept("wrote " + file);
        return new Specimen(file, name);
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
