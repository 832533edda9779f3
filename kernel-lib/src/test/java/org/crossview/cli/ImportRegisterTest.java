package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.refine.PosesCsv;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Attenuation;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import → register → overlay on a patient with no ground truth: the 6 mm phantom as a pydicom-written CT series
 * and two C-arm X-rays (LAO 0°, LAO 30° as MONOCHROME1) rendered about an isocentre 10 mm from the CT's centre,
 * where {@code --init ap} starts. Skips without pydicom.
 */
class ImportRegisterTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path WRITER = Path.of("src/test/python/write_dicom.py");

    @TempDir
    Path dir;

    @Test
    void importedPatientRegistersEndToEndWithoutGroundTruth() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom, numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) System.err.println("ImportRegisterTest: skipped: " + PYTHON + " cannot import pydicom (apt-get install -y python3-pydicom)");
        assumeTrue(ok, "pydicom absent");

        Phantom ph = PelvisPhantom.generate(6);
        Volume hu = ph.hu();
        assertTrue(java.util.Arrays.equals(hu.direction(), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
        double[] c = hu.centreLps();
        double[] iso = {c[0] + 6, c[1] - 5, c[2] + 6};
        CArm arm = CArm.atIsocentre(iso);
        Camera cam = Camera.deepFluoroFullRes().binned(24);
        double[] lao = {0, 30};
        List<Map<String, Object>> specs = new ArrayList<>();
        Path ctDir = Files.createDirectories(dir.resolve("ct"));
        specs.add(Map.of("kind", "ct", "raw", raw(hu.data()).toString(), "nx", hu.nx(), "ny", hu.ny(), "nz", hu.nz(), "spacing", hu.spacingMm(),
                "origin", hu.originMm(), "layout", "axial", "shuffle", 4, "out", ctDir.toString()));
        Rigid[] truth = new Rigid[lao.length];
        List<String> views = new ArrayList<>();
        try (Renderer mu = Renderers.create("cpu", Attenuation.fromHu(hu), new RenderSettings(2))) {
            XraySimulator sim = new XraySimulator(mu, XraySimulator.Settings.defaults().withSupersample(1));
            for (int v = 0; v < lao.length; v++) {
                truth[v] = arm.volFromCam(lao[v], 0);
                Image im = sim.simulate(cam, truth[v], 10 + v);
                Path f = dir.resolve("xa" + v + ".dcm");
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("kind", "xray");
                s.put("raw", raw(im.data()).toString());
                s.put("rows", cam.rows());
                s.put("cols", cam.cols());
                s.put("out", f.toString());
                s.put("photometric", v == 0 ? "MONOCHROME2" : "MONOCHROME1");
                s.put("lao", lao[v]);
                s.put("cranial", 0.0);
                s.put("sdd", cam.sourceToDetectorMm());
                s.put("dsp", CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
                s.put("spacing", new double[] {cam.pixelRowSpacingMm(), cam.pixelColSpacingMm()});
                specs.add(s);
                views.add(f.toString());
            }
        }
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, new Gson().toJson(specs));
        Process w = new ProcessBuilder(PYTHON, WRITER.toString(), spec.toString()).redirectErrorStream(true).start();
        String log = new String(w.getInputStream().readAllBytes());
        assertTrue(w.waitFor(120, TimeUnit.SECONDS) && w.exitValue() == 0, log);

        Path own = dir.resolve("own.h5"), json = dir.resolve("own.json"), poses = dir.resolve("poses.csv");
        assertEquals(0, new ImportCommand().run(new String[] {"--ct", ctDir.toString(), "--views", String.join(",", views), "--out", own.toString()}));
        assertTrue(Files.isRegularFile(json));
        try (DeepFluoroFile f = DeepFluoroFile.open(own)) {
            assertFalse(f.specimen("own").projection("000").hasPoses());
        }
        assertEquals(0, new RegisterCommand().run(new String[] {"--data", own.toString(), "--relative", json.toString(), "--init", "ap", "--out", poses.toString(),
                "--size", "64", "--levels", "2", "--max-iterations", "80", "--step-mm", "2", "--backend", "cpu", "--seed", "1"}));
        List<PosesCsv.Row> rows = PosesCsv.read(poses);
        assertEquals(2, rows.size());
        double startMm = Math.sqrt(36 + 25 + 36);
        for (int v = 0; v < rows.size(); v++) {
            Rigid est = DeepFluoroGeometry.volFromCam(rows.get(v).camToPelvisVol(), Rigid.identity()); // the imported file's extrinsic is the identity
            Rigid err = truth[v].inverse().compose(est);
            double[] a = est.apply(0, 0, -750), b = truth[v].apply(0, 0, -750);
            double isoMm = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
            System.err.printf("ImportRegisterTest: view %d: %.3f° and %.3f mm at the isocentre from the truth (start %.1f mm off)%n", v,
                    Math.toDegrees(err.angleRad()), isoMm, startMm);
            assertTrue(Math.toDegrees(err.angleRad()) < 1 && isoMm < 2, "view " + v);
        }
        assertEquals(0, new OverlayCommand().run(new String[] {"--data", own.toString(), "--poses", poses.toString(), "--size", "64", "--backend", "cpu"}));
        assertTrue(Files.size(dir.resolve("poses-own-001.png")) > 1000);
        // evaluate needs the ground truth the file does not have, and says so
        Exception e = assertThrows(Exception.class, () -> new EvaluateCommand().run(new String[] {"--data", own.toString(), "--poses", poses.toString()}));
        assertTrue(e.getMessage().contains("no ground truth"), e.getMessage());
    }

    private Path raw(float[] data) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : data) b.putFloat(x);
        Path f = Files.createTempFile(dir, "raw", ".f32");
        Files.write(f, b.array());
        return f;
    }
}
