package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroWriter;
import org.crossview.data.GtPoses;
import org.crossview.data.ProjParams;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.refine.PosesCsv;
import org.crossview.volume.Volume;
import org.crossview.SharedData;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a small DeepFluoro-layout file, estimates off by known camera-frame translations, the tables. */
class EvaluateCommandTest {

    @Test
    void scoresKnownOffsets(@TempDir Path dir) throws Exception {
        Camera cam = Camera.deepFluoroFullRes().binned(32);
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        Rigid e = params.camFromWorld();
        Volume vol = new Volume(4, 4, 4, new double[] {10, 10, 10}, new double[] {-15, -15, -15}, filled(64));
        Map<String, double[]> lands = new LinkedHashMap<>();
        lands.put("A", new double[] {20, 0, 5});
        lands.put("B", new double[] {-20, 10, -5});
        lands.put("C", new double[] {0, -15, 30});
        List<DeepFluoroWriter.Projection> projections = new ArrayList<>();
        List<PosesCsv.Row> estimates = new ArrayList<>();
        double[] offsets = {0.5, 3, 15};
        for (int v = 0; v < 3; v++) {
            Rigid volFromCam = Rigid.rotation(new double[] {0, 0, 1}, Math.toRadians(20 * v)).compose(Rigid.of(1, 0, 0, 0, 0, 0, 1, 750, 0, -1, 0, 0));
            Rigid p = DeepFluoroGeometry.camToVol(volFromCam, e, DeepFluoroGeometry.PoseShift.NONE);
            projections.add(new DeepFluoroWriter.Projection(String.format("%03d", v), new Image(cam.cols(), cam.rows()), Map.of(),
                    GtPoses.pelvisOnly(p), null, false));
            Rigid est = volFromCam.compose(Rigid.translation(0, offsets[v], 0));
            estimates.add(new PosesCsv.Row("17-1882", String.valueOf(v), DeepFluoroGeometry.camToVol(est, e, DeepFluoroGeometry.PoseShift.NONE),
                    v < 2 ? 0 : 1, List.of(), 1, 2));
        }
        Path h5 = DeepFluoroWriter.write(dir.resolve("tiny.h5"), params,
                List.of(new DeepFluoroWriter.Specimen("17-1882", vol, null, lands, projections)));
        Path poses = dir.resolve("poses.csv");
        PosesCsv.write(poses, estimates);

        Path out = dir.resolve("result.csv");
        assertEquals(0, Main.run(new String[] {"evaluate", "--data", h5.toString(), "--poses", poses.toString(), "--out", out.toString()}));
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        for (int v = 0; v < 3; v++) {
            String[] f = lines.get(v + 1).split(",");
            assertEquals("00" + v, f[1]);
            assertEquals(offsets[v], Double.parseDouble(f[4]), 1e-3, "mTRE of view " + v);
        }
        List<String> spec = Files.readAllLines(dir.resolve("result.specimens.csv"));
        assertEquals(3, spec.size()); // header, the specimen, all
        assertTrue(spec.get(0).contains("success_under_1mm_pct"));
        List<String> cases = Files.readAllLines(dir.resolve("result.cases.csv"));
        assertEquals(3, cases.size()); // header, case 0, case 1

        assertEquals(1, Main.run(new String[] {"evaluate", "--data", h5.toString(), "--poses", dir.resolve("missing.csv").toString()}));
        assertEquals(1, Main.run(new String[] {"evaluate", "--poses", poses.toString()}));
    }

    /** On the shared head sample: the ground truth scores 0, a camera-frame shift of 2 mm scores 2 mm. */
    @Test
    void headSampleGroundTruthAndShift(@TempDir Path dir) throws Exception {
        Path h5 = SharedData.file("deepfluoro-layout/head_sample.h5").orElse(null);
        Assumptions.assumeTrue(h5 != null, "skipped: ../shared/data/deepfluoro-layout/head_sample.h5 not present");
        List<PosesCsv.Row> exact = new ArrayList<>(), shifted = new ArrayList<>();
        try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
            DeepFluoroSpecimen s = f.specimen(0);
            for (DeepFluoroProjection p : s.projections()) {
                exact.add(new PosesCsv.Row(s.name(), p.id(), p.camToPelvisVol(), 0, List.of(), 0, 0));
                Rigid moved = p.volFromCam().compose(Rigid.translation(1.2, -1.6, 0));
                shifted.add(new PosesCsv.Row(s.name(), p.id(), DeepFluoroGeometry.camToVol(moved, f.camFromWorld(), f.poseShift()), 0, List.of(), 0, 0));
            }
        }
        Path a = dir.resolve("exact.csv"), b = dir.resolve("shifted.csv");
        PosesCsv.write(a, exact);
        PosesCsv.write(b, shifted);
        for (var r : EvaluateCommand.evaluate(h5, a, DeepFluoroGeometry.PoseShift.NONE)) assertEquals(0, r.error().mTreMm(), 1e-3, r.projection());
        var rows = EvaluateCommand.evaluate(h5, b, DeepFluoroGeometry.PoseShift.NONE);
        assertEquals(6, rows.size());
        for (var r : rows) {
            assertEquals(2, r.error().mTreMm(), 1e-3, r.projection());
            assertTrue(r.error().landmarks() > 0);
        }
    }

    private static float[] filled(int n) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, 40f);
        return f;
    }
}
