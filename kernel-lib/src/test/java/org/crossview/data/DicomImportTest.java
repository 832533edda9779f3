package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.crossview.SharedData;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Crop;
import org.crossview.volume.Nifti;
import org.crossview.volume.Reorient;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossview import} on DICOM files the project did not write: pydicom (Debian's python3-pydicom) writes
 * them from the shared CT and from synthetic X-rays (src/test/python/write_dicom.py). Skips, saying why, when
 * pydicom or the shared CT is absent.
 */
class DicomImportTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path WRITER = Path.of("src/test/python/write_dicom.py");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void needPydicom() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON)) && Files.isRegularFile(WRITER)) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom, numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) System.err.println("DicomImportTest: skipped: " + PYTHON + " cannot import pydicom and numpy (apt-get install -y python3-pydicom)");
        assumeTrue(ok, "pydicom (python3-pydicom) not installed");
    }

    /** Runs the independent writer on a list of specs. */
    static void writeDicom(List<Map<String, Object>> specs) throws Exception {
        Path spec = Files.createTempFile(tmp, "spec", ".json");
        Files.writeString(spec, new Gson().toJson(specs));
        Process p = new ProcessBuilder(PYTHON, WRITER.toString(), spec.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "writer timed out");
        assertEquals(0, p.exitValue(), "write_dicom.py failed:\n" + log);
    }

    static Path rawFloats(float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : data) b.putFloat(x);
        Path f = Files.createTempFile(tmp, "raw", ".f32");
        Files.write(f, b.array());
        return f;
    }

    /** A block of the shared chest CT (identity direction, HU), small enough for a unit test. */
    static Volume sharedCtBlock() throws IOException {
        Optional<Path> ct = SharedData.file("ct/chest_cta_1.5mm.nii.gz");
        if (ct.isEmpty()) System.err.println("DicomImportTest: skipped: shared/data/ct/chest_cta_1.5mm.nii.gz is absent");
        assumeTrue(ct.isPresent(), "shared CT absent");
        Volume v = Reorient.toIdentityDirection(Nifti.read(ct.get()), -1024);
        int cx = v.nx() / 2, cy = v.ny() / 2, cz = v.nz() / 2;
        return Crop.toBox(v, new int[] {cx - 40, cy - 32, cz - 20, cx + 40, cy + 32, cz + 20});
    }

    static Map<String, Object> ctSpec(Volume v, Path raw, Path out, String layout, double slope) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "ct");
        s.put("raw", raw.toString());
        s.put("nx", v.nx());
        s.put("ny", v.ny());
        s.put("nz", v.nz());
        s.put("spacing", v.spacingMm());
        s.put("origin", v.originMm());
        s.put("layout", layout);
        s.put("shuffle", 7);
        s.put("slope", slope);
        s.put("intercept", -1024.0);
        s.put("out", out.toString());
        return s;
    }

    /**
     * Mean |ΔHU| at the LPS centres of random source voxels: the imported volume's voxel at that point (the
     * grids must coincide; a point between voxels or outside counts as a failure).
     */
    static double meanAbsDiffHu(Volume source, Volume imported, int n, long seed) {
        Random r = new Random(seed);
        double sum = 0;
        for (int t = 0; t < n; t++) {
            int i = r.nextInt(source.nx()), j = r.nextInt(source.ny()), k = r.nextInt(source.nz());
            double[] q = imported.lpsToIndex(source.indexToLps(i, j, k));
            long qi = Math.round(q[0]), qj = Math.round(q[1]), qk = Math.round(q[2]);
            if (Math.abs(q[0] - qi) + Math.abs(q[1] - qj) + Math.abs(q[2] - qk) > 1e-3 || qi < 0 || qj < 0 || qk < 0
                    || qi >= imported.nx() || qj >= imported.ny() || qk >= imported.nz()) {
                sum += 1e4;
                continue;
            }
            sum += Math.abs(source.get(i, j, k) - imported.get((int) qi, (int) qj, (int) qk));
        }
        return sum / n;
    }

    @Test
    void ctSeriesShuffledAndFlippedReproducesHuAtLpsPoints() throws Exception {
        Volume src = sharedCtBlock();
        Path raw = rawFloats(src.data());
        Path axial = Files.createDirectories(tmp.resolve("ct-axial")), flipped = Files.createDirectories(tmp.resolve("ct-flipped"));
        writeDicom(List.of(ctSpec(src, raw, axial, "axial", 1.0), ctSpec(src, raw, flipped, "flipped", 0.5)));
        for (Path dir : List.of(axial, flipped)) {
            Volume im = DicomCtSeries.read(dir, null);
            assertTrue(Reorient.isIdentity(im.direction()), dir + ": direction " + java.util.Arrays.toString(im.direction()));
            assertEquals(src.nx(), im.nx());
            assertEquals(src.nz(), im.nz());
            for (int a = 0; a < 3; a++) {
                assertEquals(src.spacingMm()[a], im.spacingMm()[a], 1e-4, dir + ": spacing");
                assertEquals(src.originMm()[a], im.originMm()[a], 1e-3, dir + ": origin");
            }
            double mean = meanAbsDiffHu(src, im, 20000, 1);
            System.err.printf("DicomImportTest: %s: mean |ΔHU| at 20000 LPS points = %.3f%n", dir.getFileName(), mean);
            assertTrue(mean <= 5, dir + ": mean |ΔHU| " + mean);
            // and it is not trivially small because the comparison cannot fail: a 1-voxel shift is far off
            Volume shifted = new Volume(im.nx(), im.ny(), im.nz(), im.spacingMm(), new double[] {im.originMm()[0] + im.spacingMm()[0], im.originMm()[1], im.originMm()[2]}, im.data());
            assertTrue(meanAbsDiffHu(src, shifted, 5000, 2) > 5 * Math.max(mean, 1), "a shifted volume should differ");
        }
        // other files in the folder are skipped; a file of the series through --ct FILE reads the same series
        Files.writeString(flipped.resolve("README.txt"), "not DICOM");
        assertEquals(src.nz(), DicomCtSeries.read(flipped, null).nz());
        Path one;
        try (var s = Files.list(flipped)) {
            one = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
        }
        assertEquals(src.nz(), DicomCtSeries.read(one, null).nz());
    }

    @Test
    void obliqueSeriesIsResampledToLps() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ct-oblique"));
        double[] centre = {10, -20, 30};
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "oblique");
        s.put("nx", 40);
        s.put("ny", 36);
        s.put("nz", 30);
        s.put("spacing", new double[] {2, 2, 2.5});
        s.put("centre", centre);
        s.put("angle_deg", 20.0);
        s.put("slope", 0.25);
        s.put("intercept", -1024.0);
        s.put("out", dir.toString());
        writeDicom(List.of(s));
        Volume im = DicomCtSeries.read(dir, null);
        assertTrue(Reorient.isIdentity(im.direction()));
        Random r = new Random(3);
        double sum = 0;
        int n = 0;
        for (int t = 0; t < 20000; t++) {
            int i = r.nextInt(im.nx()), j = r.nextInt(im.ny()), k = r.nextInt(im.nz());
            double[] p = im.indexToLps(i, j, k);
            double[] d = {p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]};
            if (Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) > 25) continue; // well inside the turned box
            double truth = -800 + 900 * Math.exp(-(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) / (2 * 40.0 * 40.0))
                    + 300 * Math.sin(d[0] / 25.0) * Math.cos(d[1] / 30.0) + 2.0 * d[2];
            sum += Math.abs(im.get(i, j, k) - truth);
            n++;
        }
        System.err.printf("DicomImportTest: oblique: mean |ΔHU| at %d LPS points = %.3f%n", n, sum / n);
        assertTrue(n > 1000);
        assertTrue(sum / n <= 5, "mean |ΔHU| " + sum / n);
    }

    @Test
    void badSeriesGetClearErrors() throws Exception {
        Volume src = new Volume(12, 10, 8, new double[] {1, 1, 2}, new double[] {0, 0, 0}, ramp(12 * 10 * 8));
        Path raw = rawFloats(src.data());
        Path a = Files.createDirectories(tmp.resolve("bad-a")), b = Files.createDirectories(tmp.resolve("bad-b")), c = Files.createDirectories(tmp.resolve("bad-c"));
        Map<String, Object> missing = ctSpec(src, raw, c, "axial", 1.0);
        missing.put("drop", List.of("ImagePositionPatient"));
        writeDicom(List.of(ctSpec(src, raw, a, "axial", 1.0), ctSpec(src, raw, b, "axial", 1.0), missing));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DicomCtSeries.read(c, null));
        assertTrue(e.getMessage().contains("(0020,0032)") && e.getMessage().contains("IM0000.dcm"), e.getMessage());
        // two series in one folder
        try (var s = Files.list(b)) {
            for (Path f : s.toList()) Files.copy(f, a.resolve("b-" + f.getFileName()));
        }
        e = assertThrows(IllegalArgumentException.class, () -> DicomCtSeries.read(a, null));
        assertTrue(e.getMessage().contains("2 series"), e.getMessage());
        // a missing slice: uneven gaps
        Path gap;
        try (var s = Files.list(b)) {
            List<Path> files = s.sorted().toList();
            gap = files.get(3);
        }
        Volume before = DicomCtSeries.read(b, null);
        assertEquals(8, before.nz());
        Files.delete(gap);
        boolean endSlice = false;
        try {
            DicomCtSeries.read(b, null);
            endSlice = true; // the dropped file held the first or last slice: still uniform
        } catch (IllegalArgumentException ex) {
            assertTrue(ex.getMessage().contains("slice gap"), ex.getMessage());
        }
        if (endSlice) System.err.println("DicomImportTest: the removed slice was an end slice; gap check not exercised by it");
    }

    static float[] ramp(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (-1000 + (i * 37) % 2000);
        return d;
    }

    // ---------------------------------------------------------------- X-rays

    /** A raw-intensity-like image with structure (dark blobs on a bright field), values 500–60000. */
    static Image syntheticRaw(int cols, int rows, long seed) {
        Random r = new Random(seed);
        double[][] blobs = new double[6][];
        for (int b = 0; b < blobs.length; b++) blobs[b] = new double[] {r.nextDouble() * cols, r.nextDouble() * rows, 4 + r.nextDouble() * 10, 0.5 + r.nextDouble() * 2};
        Image im = new Image(cols, rows);
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double line = 0.2 * u / cols;
                for (double[] b : blobs) line += b[3] * Math.exp(-((u - b[0]) * (u - b[0]) + (v - b[1]) * (v - b[1])) / (2 * b[2] * b[2]));
                im.set(u, v, (float) Math.max(500, 60000 * Math.exp(-line)));
            }
        }
        return im;
    }

    static Map<String, Object> xraySpec(Path raw, Path out, int cols, int rows, String photometric, double lao, double cranial, double dsp) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "xray");
        s.put("raw", raw.toString());
        s.put("rows", rows);
        s.put("cols", cols);
        s.put("out", out.toString());
        s.put("photometric", photometric);
        s.put("lao", lao);
        s.put("cranial", cranial);
        s.put("sdd", 1020.0);
        s.put("dsp", dsp);
        s.put("spacing", new double[] {0.31, 0.3}); // row spacing \ column spacing, unequal on purpose
        return s;
    }

    static double ncc(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / (double) a.length;
            mb += b[i] / (double) b.length;
        }
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    static float[] negLog(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) -Math.log(a[i]);
        return out;
    }

    /**
     * The true camera frame of a C-arm view in LPS, built here from DICOM's positioner definitions rather than
     * the project's CArm: the primary angle turns the arm about the patient's long axis (+ = detector towards the
     * patient's left), the secondary tilts it about the turned arm's left–right axis (+ = detector towards the
     * head). AP camera axes: x = L, y = I (feet), z = P (towards the source, which is posterior).
     */
    static Rigid trueIsoFromCam(double laoDeg, double cranialDeg, double dsp) {
        double a = Math.toRadians(laoDeg), b = Math.toRadians(cranialDeg);
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(b), Math.sin(b)}, {0, -Math.sin(b), Math.cos(b)}}; // −b about +L: detector (−P) goes to +S
        double[][] ap = {{1, 0, 0}, {0, 0, 1}, {0, -1, 0}}; // columns L, I, P
        double[][] m = mul(mul(rz, rx), ap);
        double[] z = {m[0][2], m[1][2], m[2][2]};
        // the detector centre direction from the isocentre is −z: (sin a cos b, −cos a cos b, sin b)
        assertEquals(Math.sin(a) * Math.cos(b), -z[0], 1e-12);
        assertEquals(-Math.cos(a) * Math.cos(b), -z[1], 1e-12);
        assertEquals(Math.sin(b), -z[2], 1e-12);
        return Rigid.of(m[0][0], m[0][1], m[0][2], z[0] * dsp, m[1][0], m[1][1], m[1][2], z[1] * dsp, m[2][0], m[2][1], m[2][2], z[2] * dsp);
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    @Test
    void xraysAndTheirGeometryFromTheHeader() throws Exception {
        int cols = 64, rows = 56;
        Image truth = syntheticRaw(cols, rows, 11);
        Path raw = rawFloats(truth.data());
        double[][] angles = {{0, 0}, {30, 0}, {-25.5, 12.5}, {40, -20}};
        double[] dsp = {750, 750, 760, 745};
        String[] photometric = {"MONOCHROME2", "MONOCHROME1", "MONOCHROME2", "MONOCHROME1"};
        List<Map<String, Object>> specs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int v = 0; v < angles.length; v++) {
            Path f = tmp.resolve("xa" + v + ".dcm");
            Map<String, Object> s = xraySpec(raw, f, cols, rows, photometric[v], angles[v][0], angles[v][1], dsp[v]);
            if (v == 2) { // stored mirrored, and says so
                s.put("flip_cols", true);
                s.put("orientation", List.of("R", "F"));
            }
            specs.add(s);
            files.add(f);
        }
        Path logFile = tmp.resolve("xa-log.dcm");
        Path rawLog = rawFloats(scaledNegLog(truth, 8000));
        Map<String, Object> log = xraySpec(rawLog, logFile, cols, rows, "MONOCHROME2", 0, 0, 750);
        log.put("relationship", "LOG");
        specs.add(log);
        Path noAngle = tmp.resolve("xa-noangle.dcm"), compressed = tmp.resolve("xa-jpeg.dcm");
        Map<String, Object> m = xraySpec(raw, noAngle, cols, rows, "MONOCHROME2", 0, 0, 750);
        m.put("drop", List.of("PositionerSecondaryAngle"));
        Map<String, Object> j = xraySpec(raw, compressed, cols, rows, "MONOCHROME2", 0, 0, 750);
        j.put("compressed", true);
        specs.add(m);
        specs.add(j);
        Path signed = tmp.resolve("xa-sign.dcm");
        Map<String, Object> sg = xraySpec(raw, signed, cols, rows, "MONOCHROME2", 0, 0, 750);
        sg.put("sign", -1); // PixelIntensityRelationshipSign −1: stored values fall as the intensity grows
        specs.add(sg);
        writeDicom(specs);
        double cs = ncc(ImportedXray.read(signed, ImportedXray.Settings.defaults()).image().data(), truth.data());
        System.err.printf("DicomImportTest: PixelIntensityRelationshipSign −1: NCC with the source %.5f%n", cs);
        assertTrue(cs >= 0.99, "sign −1: NCC " + cs);

        List<ImportedXray> xs = new ArrayList<>();
        for (Path f : files) xs.add(ImportedXray.read(f, ImportedXray.Settings.defaults()));
        for (int v = 0; v < xs.size(); v++) {
            ImportedXray x = xs.get(v);
            double c = ncc(x.image().data(), truth.data());
            System.err.printf("DicomImportTest: %s (%s): NCC with the source %.5f, flips '%s'%n", x.name(), photometric[v], c, x.flips());
            assertTrue(c >= 0.99, x.name() + ": NCC " + c);
            Camera k = x.camera();
            assertEquals(cols, k.cols());
            assertEquals(rows, k.rows());
            assertEquals(0.3, k.pixelColSpacingMm(), 0.3e-3);
            assertEquals(0.31, k.pixelRowSpacingMm(), 0.31e-3);
            assertEquals(-1020 / 0.3, k.fx(), 1020 / 0.3 * 1e-3);
            assertEquals(-1020 / 0.31, k.fy(), 1020 / 0.31 * 1e-3);
            assertEquals((cols - 1) / 2.0, k.cx(), 1e-9);
            assertEquals(1020, k.sourceToDetectorMm(), 1.02);
        }
        assertEquals("columns", xs.get(2).flips());
        // a log-processed image (bone bright, relationship LOG): its −log matches the source's line integrals
        ImportedXray lx = ImportedXray.read(logFile, new ImportedXray.Settings(null, true));
        double cl = ncc(negLog(lx.image().data()), negLog(truth.data()));
        System.err.printf("DicomImportTest: log-processed: NCC of −log with the source's %.5f%n", cl);
        assertTrue(cl >= 0.99, "log NCC " + cl);
        // without --bone-bright the same image comes out inverted: the option matters
        assertTrue(ncc(negLog(ImportedXray.read(logFile, ImportedXray.Settings.defaults()).image().data()), negLog(truth.data())) < 0);

        // camera-to-camera maps from the positioner angles vs the true ones
        SimulatedDataset.Result r = ImportedDataset.build("own", new Volume(4, 4, 4, new double[] {1, 1, 1}, new double[] {0, 0, 0}, ramp(64)),
                List.of(xs), List.of(files));
        Path h5 = tmp.resolve("own.h5");
        Path json = SimulatedDataset.write(h5, r);
        MultiViewCase c = MultiViewCases.read(json).get(0);
        double worstDeg = 0, worstMm = 0;
        for (int a = 0; a < xs.size(); a++) {
            for (int b = 0; b < xs.size(); b++) {
                Rigid t = trueIsoFromCam(angles[b][0], angles[b][1], dsp[b]).inverse().compose(trueIsoFromCam(angles[a][0], angles[a][1], dsp[a]));
                Rigid got = c.camBFromCamA(a, b);
                Rigid err = got.inverse().compose(t);
                worstDeg = Math.max(worstDeg, Math.toDegrees(err.angleRad()));
                double[] e = err.translation();
                worstMm = Math.max(worstMm, Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]));
                // analytic: the isocentre, dsp_a in front of source a, is dsp_b in front of source b
                double[] iso = got.apply(0, 0, -dsp[a]);
                assertEquals(0, Math.hypot(iso[0], iso[1]), 1e-6);
                assertEquals(-dsp[b], iso[2], 1e-6);
            }
        }
        System.err.printf("DicomImportTest: camera-to-camera maps vs truth: worst %.2e° and %.2e mm%n", worstDeg, worstMm);
        assertTrue(worstDeg <= 0.1 && worstMm <= 0.5);
        assertEquals(30, Math.toDegrees(c.camBFromCamA(0, 1).angleRad()), 1e-6); // pure LAO 0 → 30

        // the file has no ground truth, and reads
        try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
            DeepFluoroSpecimen s = f.specimen("own");
            assertEquals(List.of("000", "001", "002", "003"), s.projectionIds());
            DeepFluoroProjection p = s.projection("002");
            assertFalse(p.hasPoses());
            assertTrue(p.landmarks().isEmpty());
            assertNull(XrayView.of(p).volFromCam());
            assertEquals(1.0, ncc(p.image().data(), xs.get(2).image().data()), 1e-6);
            DeepFluoroFormatException e = assertThrows(DeepFluoroFormatException.class, p::camToPelvisVol);
            assertTrue(e.getMessage().contains("gt-poses") && e.getMessage().contains("no ground truth"), e.getMessage());
        }

        // a missing tag and a compressed transfer syntax: errors naming the file and the tag
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> ImportedXray.read(noAngle, ImportedXray.Settings.defaults()));
        assertTrue(e1.getMessage().contains("xa-noangle.dcm") && e1.getMessage().contains("(0018,1511)"), e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> ImportedXray.read(compressed, ImportedXray.Settings.defaults()));
        assertTrue(e2.getMessage().contains("xa-jpeg.dcm") && e2.getMessage().contains("(0002,0010)") && e2.getMessage().contains("1.2.840.10008.1.2.4.70"), e2.getMessage());
    }

    @Test
    void pngWithGeometryJson() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import PIL").redirectErrorStream(true).start();
        boolean pil = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!pil) System.err.println("DicomImportTest: pngWithGeometryJson skipped: no Pillow (python3-pil) to write the PNG");
        assumeTrue(pil, "Pillow absent");
        int cols = 50, rows = 40;
        Image truth = syntheticRaw(cols, rows, 5);
        Path png = tmp.resolve("view.png");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("DistanceSourceToDetector", 1000.0);
        header.put("DistanceSourceToPatient", 700.0);
        header.put("ImagerPixelSpacing", List.of(0.4, 0.4));
        header.put("PositionerPrimaryAngle", 15.0);
        header.put("PositionerSecondaryAngle", -5.0);
        header.put("PixelIntensityRelationship", "LIN");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "png");
        s.put("raw", rawFloats(truth.data()).toString());
        s.put("rows", rows);
        s.put("cols", cols);
        s.put("out", png.toString());
        s.put("header", header);
        writeDicom(List.of(s));
        ImportedXray x = ImportedXray.read(png, ImportedXray.Settings.defaults());
        assertTrue(ncc(x.image().data(), truth.data()) >= 0.99);
        assertEquals(-1000 / 0.4, x.camera().fx(), 1e-6);
        assertEquals(15, x.laoDeg());
        assertEquals(-5, x.cranialDeg());
        assertEquals(700, x.sourceToIsocentreMm());
        header.remove("DistanceSourceToPatient");
        Files.writeString(tmp.resolve("view.json"), new Gson().toJson(header));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportedXray.read(png, ImportedXray.Settings.defaults()));
        assertTrue(e.getMessage().contains("view.png") && e.getMessage().contains("DistanceSourceToPatient"), e.getMessage());
    }

    /** A log-processed display image: k·(−log(I/I_max)), bone bright. */
    static float[] scaledNegLog(Image raw, double k) {
        float[] out = new float[raw.data().length];
        double max = raw.max();
        for (int i = 0; i < out.length; i++) out[i] = (float) (k * -Math.log(raw.data()[i] / max));
        return out;
    }
}
