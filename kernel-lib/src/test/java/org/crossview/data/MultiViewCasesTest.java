package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.SharedData;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiViewCasesTest {
    @TempDir
    Path dir;

    @Test
    void sidecarCasesEqualThoseDerivedFromStoredPoses() throws Exception {
        Path h5 = SharedData.file(HeadSampleTest.SAMPLE).orElse(null);
        Path json = SharedData.file(HeadSampleTest.SIDECAR).orElse(null);
        Assumptions.assumeTrue(h5 != null && json != null, "skipped: ../shared/data/deepfluoro-layout not present");
        List<MultiViewCase> fromFile = MultiViewCases.read(json);
        assertEquals(2, fromFile.size());
        try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
            DeepFluoroSpecimen s = f.specimen(fromFile.get(0).specimen());
            for (MultiViewCase c : fromFile) {
                MultiViewCase derived = MultiViewCase.fromStoredPoses(c.name(), s, c.projections());
                for (int v = 0; v < c.size(); v++) {
                    assertTrue(derived.camFromRefCam().get(v).maxAbsDiff(c.camFromRefCam().get(v)) < 2e-3, c.name() + " view " + v);
                }
                double deg = derived.maxAngleDeg();
                assertTrue(deg > 50 && deg < 65, "views span " + deg + "°");
            }
        }
    }

    @Test
    void relativeTransformMapsOneViewsLandmarksOntoAnothers() throws Exception {
        Path out = TestDatasets.write(dir.resolve("m.h5"), 4); // last view is stored turned
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            DeepFluoroSpecimen s = f.specimen(0);
            Map<String, double[]> lps = s.landmarksLps();
            List<XrayView> views = new ArrayList<>();
            for (DeepFluoroProjection p : s.projections()) views.add(Preprocess.apply(XrayView.of(p), Preprocess.Settings.deepFluoro(f.camera()).withCrop(2)));
            MultiViewCase c = MultiViewCase.fromViews("c", s.name(), s.projectionIds(), views);
            MultiViewCase stored = MultiViewCase.fromStoredPoses("c", s, s.projectionIds());
            double[] x = lps.get("C");
            double[] inRef = views.get(0).volFromCam().inverse().apply(x);
            for (int v = 1; v < views.size(); v++) {
                double[] uv = views.get(v).camera().project(c.camFromRefCam().get(v).apply(inRef));
                Landmark2D l = views.get(v).landmarks().get("C");
                assertEquals(l.u(), uv[0], 1e-3);
                assertEquals(l.v(), uv[1], 1e-3);
            }
            // the turned last view differs from the stored-orientation relative transform by exactly Rz(π)
            int last = views.size() - 1;
            Rigid expected = DeepFluoroGeometry.rot180AboutCamZ().compose(stored.camFromRefCam().get(last));
            assertTrue(expected.maxAbsDiff(c.camFromRefCam().get(last)) < 1e-3);
            // poses implied by the reference pose and the case reproduce every view's pose
            Rigid[] implied = c.volFromCams(views.get(0).volFromCam());
            for (int v = 0; v < views.size(); v++) assertTrue(implied[v].maxAbsDiff(views.get(v).volFromCam()) < 1e-3);
        }
    }

    @Test
    void csvRoundTripAndAngleGroups() throws Exception {
        Path out = TestDatasets.write(dir.resolve("g.h5"), 4); // views 20° apart about the isocentre
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            List<MultiViewCase> cases = MultiViewCases.byAngle(f.specimen(0), 2, 15, 25, 0, 3);
            assertTrue(cases.size() >= 1);
            for (MultiViewCase c : cases) {
                double deg = c.maxAngleDeg();
                assertTrue(deg >= 15 && deg <= 25, "pair " + c.projections() + " at " + deg + "°");
            }
            Path csv = dir.resolve("cases.csv");
            MultiViewCases.writeCsv(csv, cases);
            List<MultiViewCase> back = MultiViewCases.read(csv);
            assertEquals(cases.size(), back.size());
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(cases.get(i).projections(), back.get(i).projections());
                assertEquals(cases.get(i).specimen(), back.get(i).specimen());
                assertTrue(cases.get(i).camBFromCamA(0, 1).maxAbsDiff(back.get(i).camBFromCamA(0, 1)) < 1e-9);
            }
            assertEquals(2, MultiViewCases.consecutive(f.specimen(0), 2).size());
            // A bad number names the file, the line (blank lines counted) and the column.
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
            String[] fields = lines.get(2).split(",", -1);
            fields[5] = "1.0.0";
            lines.set(2, String.join(",", fields));
            lines.add(1, "");
            Files.write(csv, lines);
            String m = assertThrows(IllegalArgumentException.class, () -> MultiViewCases.read(csv)).getMessage();
            assertEquals(csv + " line 4, column \"" + lines.get(0).split(",")[5] + "\": \"1.0.0\" is not a number", m);
        }
    }

    @Test
    void badUserFilesNameTheProblem() throws Exception {
        Path j = dir.resolve("bad.json");
        Files.writeString(j, "{\"cases\":[{\"case\":7,\"projections\":[\"000\",\"001\",\"002\"],\"relative\":[{\"from\":\"000\",\"to\":\"001\","
                + "\"cam_b_from_cam_a\":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiViewCases.read(j));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("002"), e.getMessage());
        Path nr = dir.resolve("notrigid.json");
        Files.writeString(nr, "{\"cases\":[{\"projections\":[\"a\",\"b\"],\"relative\":[{\"from\":\"a\",\"to\":\"b\","
                + "\"cam_b_from_cam_a\":[[2,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}]}");
        e = assertThrows(IllegalArgumentException.class, () -> MultiViewCases.read(nr));
        assertTrue(e.getMessage().contains("notrigid.json") && e.getMessage().contains("rigid"), e.getMessage());
        Path c = dir.resolve("bad.csv");
        Files.writeString(c, "case,specimen,projection,m00,m01,m02,m03,m10,m11,m12,m13,m20,m21,m22,m23\n0,s,000,1,0,0,x,0,1,0,0,0,0,1,0\n");
        e = assertThrows(IllegalArgumentException.class, () -> MultiViewCases.read(c));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("m03"), e.getMessage());
    }
}
