package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.Segmentation;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.XraySimulator;
import org.crossview.eval.ResultTables;
import org.crossview.geometry.Camera;
import org.crossview.refine.PosesCsv;
import org.crossview.volume.Attenuation;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crossview register on a tiny simulated file (6 mm phantom, 64² X-rays with noise, 2 cases × 2 views). */
class RegisterCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path sidecar;

    @BeforeAll
    static void simulateTinyFile() throws Exception {
        Phantom p = PelvisPhantom.generate(6);
        SimulatedDataset.Source src = new SimulatedDataset.Source("00-tiny", p.hu(), Segmentation.of(p.labels(), Phantom.LABEL_NAMES), p.landmarksLps());
        SimulatedDataset.Settings s = SimulatedDataset.Settings.defaults().withCamera(Camera.deepFluoroFullRes().binned(24)).withCases(2, 2)
                .withSeed(3).withStepMm(2).withXray(XraySimulator.Settings.defaults().withSupersample(1));
        data = dir.resolve("tiny.h5");
        SimulatedDataset.write(data, SimulatedDataset.simulate(src, s, Attenuation::fromHu, m -> {}));
        sidecar = SimulatedDataset.sidecarPath(data);
    }

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("--data", data.toString(), "--out", out.toString(), "--init", "perturb:3,6", "--seed", "5",
                "--size", "64", "--levels", "2", "--max-iterations", "60", "--step-mm", "3"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void multiViewCasesComeBackWellUnderAMillimetre() throws Exception {
        Path out = dir.resolve("multi.csv");
        assertEquals(0, new RegisterCommand().run(args(out, "--relative", sidecar.toString())));
        List<PosesCsv.Row> rows = PosesCsv.read(out);
        assertEquals(4, rows.size());
        assertEquals(List.of("000", "001"), rows.get(1).caseViews());
        for (PosesCsv.Row r : rows) {
            assertTrue(java.nio.file.Files.size(dir.resolve("multi-00-tiny-" + r.projection() + ".png")) > 1000, "overlay of " + r.projection());
        }
        assertTrue(rows.get(3).refineSeconds() > 0);
        List<ResultTables.Row> scored = EvaluateCommand.evaluate(data, out, DeepFluoroGeometry.PoseShift.NONE);
        for (ResultTables.Row r : scored) assertTrue(r.error().mTreMm() < 1, r.projection() + ": mTRE " + r.error().mTreMm() + " mm");
        // The views of a case share one pose: their estimates differ exactly by the known relative transform.
        assertTrue(scored.get(0).error().mTreMm() > 0);
    }

    @Test
    void theNominalStartFollowsTheSidecarsCarmAnglesAndEveryCaseGetsAVerdict() throws Exception {
        Path out = dir.resolve("nominal.csv");
        String[] a = args(out, "--relative", sidecar.toString());
        a[5] = "ap"; // --init ap: nominal C-arm candidates, searched, no ground truth
        assertEquals(0, new RegisterCommand().run(a));
        List<PosesCsv.Row> rows = PosesCsv.read(out);
        List<ResultTables.Row> scored = EvaluateCommand.evaluate(data, out, DeepFluoroGeometry.PoseShift.NONE);
        for (int i = 0; i < rows.size(); i++) {
            PosesCsv.Row r = rows.get(i);
            assertTrue(r.start().startsWith("carm:"), "start " + r.start());
            assertTrue(r.attempts() >= 1 && r.searchSeconds() > 0, r.toString());
            assertTrue(scored.get(i).error().mTreMm() < 2, r.projection() + ": mTRE " + scored.get(i).error().mTreMm() + " mm");
            assertTrue(r.verdict() != null && r.verdict().converged(), r.projection() + ": " + r.verdict());
        }
    }

    /** --ct replaces the file's vol: the same CT registers as well; the CT moved by 30 mm moves every estimate with it. */
    @Test
    void theCtOptionReplacesTheFilesVolume() throws Exception {
        org.crossview.volume.Volume hu = PelvisPhantom.generate(6).hu();
        Path same = dir.resolve("same.nii.gz"), moved = dir.resolve("moved.nii.gz");
        org.crossview.volume.Nifti.write(same, hu);
        double[] o = hu.originMm();
        org.crossview.volume.Nifti.write(moved, new org.crossview.volume.Volume(hu.nx(), hu.ny(), hu.nz(), hu.spacingMm(),
                new double[] {o[0] + 30, o[1], o[2]}, hu.direction(), hu.data()));
        Path outSame = dir.resolve("ct-same.csv"), outMoved = dir.resolve("ct-moved.csv");
        assertEquals(0, new RegisterCommand().run(args(outSame, "--relative", sidecar.toString(), "--ct", same.toString())));
        assertEquals(0, new RegisterCommand().run(args(outMoved, "--relative", sidecar.toString(), "--ct", moved.toString())));
        List<ResultTables.Row> good = EvaluateCommand.evaluate(data, outSame, DeepFluoroGeometry.PoseShift.NONE);
        List<ResultTables.Row> shifted = EvaluateCommand.evaluate(data, outMoved, DeepFluoroGeometry.PoseShift.NONE);
        for (int i = 0; i < good.size(); i++) {
            assertTrue(good.get(i).error().mTreMm() < 1, "--ct with the file's own CT: mTRE " + good.get(i).error().mTreMm());
            assertEquals(30, shifted.get(i).error().mTreMm(), 3, "the estimate follows the moved CT");
        }
        assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(args(outSame, "--ct", dir.resolve("none.nii").toString())));
    }

    @Test
    void viewListsUseStoredRelativePosesAndSingleProjectionsRegisterAlone() throws Exception {
        Path multi = dir.resolve("views.csv");
        assertEquals(0, new RegisterCommand().run(args(multi, "--views", "002,003")));
        List<ResultTables.Row> m = EvaluateCommand.evaluate(data, multi, DeepFluoroGeometry.PoseShift.NONE);
        assertEquals(2, m.size());
        for (ResultTables.Row r : m) assertTrue(r.error().mTreMm() < 1, r.projection() + ": mTRE " + r.error().mTreMm() + " mm");

        // A view list looked up in the relative file, with another view as the reference.
        Path reordered = dir.resolve("reordered.csv");
        assertEquals(0, new RegisterCommand().run(args(reordered, "--relative", sidecar.toString(), "--views", "001,000")));
        for (ResultTables.Row r : EvaluateCommand.evaluate(data, reordered, DeepFluoroGeometry.PoseShift.NONE)) {
            assertTrue(r.error().mTreMm() < 1, r.projection() + ": mTRE " + r.error().mTreMm() + " mm");
        }

        Path single = dir.resolve("single.csv");
        assertEquals(0, new RegisterCommand().run(args(single, "--views", "001")));
        List<PosesCsv.Row> rows = PosesCsv.read(single);
        assertEquals(1, rows.size());
        assertEquals(List.of("001"), rows.get(0).caseViews());
    }

    @Test
    void withoutAModelTheCoarseModelIsTrainedFirst() throws Exception {
        Path out = dir.resolve("coarse.csv");
        String[] a = {"--data", data.toString(), "--out", out.toString(), "--views", "000,001", "--train-steps", "2", "--train-size", "32",
            "--size", "32", "--levels", "1", "--max-iterations", "3", "--step-mm", "4"};
        assertEquals(0, new RegisterCommand().run(a));
        assertTrue(Files.isRegularFile(dir.resolve("coarse.model.zip")), "the trained model is kept beside the poses");
        assertEquals(2, PosesCsv.read(out).size());
        // The same command again reuses it and says so; other training settings retrain and say why.
        String log = withStderr(() -> new RegisterCommand().run(a));
        assertTrue(log.contains("reusing the coarse model " + dir.resolve("coarse.model.zip")) && !log.contains("coarse: fresh network"), log);
        String[] moreSteps = a.clone();
        moreSteps[7] = "3";
        log = withStderr(() -> new RegisterCommand().run(moreSteps));
        assertTrue(log.contains("trained with other settings (--train-steps: journal 2, now 3)") && log.contains("coarse: fresh network"), log);
        // The kept model is used as given on the next run.
        Path again = dir.resolve("again.csv");
        String[] b = {"--data", data.toString(), "--out", again.toString(), "--views", "002", "--model", dir.resolve("coarse.model.zip").toString(),
            "--size", "32", "--levels", "1", "--max-iterations", "3", "--step-mm", "4"};
        assertEquals(0, new RegisterCommand().run(b));
        assertEquals(1, PosesCsv.read(again).size());
    }

    @Test
    void robustnessStudyTabulatesBothModes() throws Exception {
        Path out = dir.resolve("study.csv");
        String[] a = {"--data", data.toString(), "--relative", sidecar.toString(), "--out", out.toString(), "--cases", "1", "--errors", "2:4",
            "--size", "64", "--levels", "2", "--max-iterations", "40", "--step-mm", "3"};
        assertEquals(0, new RobustnessCommand().run(a));
        List<String> rows = Files.readAllLines(out);
        assertEquals(1 + 3, rows.size(), "header, one multi-view row and two single-view rows: " + rows);
        assertTrue(rows.get(0).contains("finalMtreMm"));
        assertTrue(Files.readString(dir.resolve("study.summary.csv")).contains("multi"));
    }

    @Test
    void badInputIsRefusedWithAClearMessage() throws Exception {
        Path out = dir.resolve("bad.csv");
        String missing = assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(args(out, "--views", "000,099"))).getMessage();
        assertTrue(missing.contains("099") && missing.contains("no projection"), missing);
        String mixed = assertThrows(IllegalArgumentException.class,
                () -> new RegisterCommand().run(args(out, "--views", "00-tiny/000,17-1882/001"))).getMessage();
        assertTrue(mixed.contains("different specimens"), mixed);
        Path garbage = dir.resolve("model.zip");
        Files.writeString(garbage, "not a zip");
        String[] withModel = {"--data", data.toString(), "--out", out.toString(), "--model", garbage.toString()};
        String model = assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(withModel)).getMessage();
        assertTrue(model.contains("cannot read the coarse model") && model.contains(garbage.toString()), model);
        String twice = assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(args(out, "--views", "000,000"))).getMessage();
        assertTrue(twice.contains("listed twice"), twice);
        assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(args(out, "--similarity", "nonsense")));
        assertFalse(Files.exists(out));
        // Through the launcher: exit code 1 and the message on stderr.
        List<String> viaMain = new ArrayList<>(List.of("register"));
        viaMain.addAll(List.of(args(out, "--views", "000,099")));
        assertEquals(1, Main.run(viaMain.toArray(new String[0])));
    }

    /**
     * Killed after its first case, register keeps that case in its journal; the same command then registers only the
     * second and writes the poses.csv of an uninterrupted run (compared byte for byte, the measured seconds aside).
     */
    @Test
    void aRunKilledAfterItsFirstCaseResumesToTheSamePosesCsv() throws Exception {
        Path whole = dir.resolve("whole.csv"), resumed = dir.resolve("resumed.csv");
        assertEquals(0, new RegisterCommand().run(args(whole, "--relative", sidecar.toString(), "--no-overlays")));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.crossview.cli.Main", "register"));
        cmd.addAll(List.of(args(resumed, "--relative", sidecar.toString(), "--no-overlays")));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean firstCaseDone = false;
        StringBuilder afterKill = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (firstCaseDone) afterKill.append(line).append('\n');
                if (!firstCaseDone && line.contains("register: [1/2]")) {
                    firstCaseDone = true;
                    // Ctrl-C (SIGINT) while the second case is being refined
                    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(proc.pid())).start().waitFor());
                }
            }
        }
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertTrue(firstCaseDone, "the run never reported its first case");
        assertFalse(Files.exists(resumed), "an interrupted run writes no poses file");
        Path journal = Resume.journalPath(resumed);
        List<String> kept = Files.readAllLines(journal);
        assertEquals(2, kept.size(), "settings and the first case: " + kept);
        assertTrue(afterKill.toString().contains("1 of 2 case(s) finished and kept in " + journal) && afterKill.toString().contains("./crossview register --data"),
                "the stop says what was kept and how to continue: " + afterKill);

        // Other settings are refused, naming the difference, before any work.
        String[] otherSeed = args(resumed, "--relative", sidecar.toString(), "--no-overlays");
        otherSeed[7] = "6";
        String m = assertThrows(IllegalArgumentException.class, () -> new RegisterCommand().run(otherSeed)).getMessage();
        assertTrue(m.contains("--seed: journal 5, now 6") && m.contains("--restart"), m);

        String log = withStderr(() -> new RegisterCommand().run(args(resumed, "--relative", sidecar.toString(), "--no-overlays")));
        assertTrue(log.contains("resuming: 1 finished case(s)") && log.contains("[1/2]") && log.contains("kept from"), log);
        assertFalse(Files.exists(journal), "the journal goes once poses.csv is written");
        List<String> a = Files.readAllLines(whole), b = Files.readAllLines(resumed);
        assertEquals(withoutSeconds(a), withoutSeconds(b), "the resumed run's poses.csv is the uninterrupted one's");
        // The kept case's rows are carried over exactly as the killed run measured them, seconds included.
        String firstRows = kept.get(1);
        assertTrue(firstRows.contains(b.get(1).replace("\"", "\\\"")) && firstRows.contains(b.get(2).replace("\"", "\\\"")), firstRows + " vs " + b);
    }

    /** The lines with the measured times (coarse_seconds, refine_seconds, search_seconds) blanked: they differ between any two runs. */
    private static List<String> withoutSeconds(List<String> lines) {
        List<String> head = List.of(lines.get(0).split(",", -1));
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(",", -1);
            for (String c : List.of("coarse_seconds", "refine_seconds", "search_seconds")) f[head.indexOf(c)] = "";
            out.add(String.join(",", f));
        }
        return out;
    }

    interface Run {
        int run() throws Exception;
    }

    /** Runs with System.err captured (and still shown); returns what was printed there. */
    private static String withStderr(Run r) throws Exception {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.OutputStream tee = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                old.write(b);
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                old.write(b, off, len);
                bytes.write(b, off, len);
            }
        };
        System.setErr(new java.io.PrintStream(tee, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, r.run());
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
