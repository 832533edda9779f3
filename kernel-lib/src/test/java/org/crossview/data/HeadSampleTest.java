package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossview.SharedData;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The reader on a file of the DeepFluoro layout that this project did not write (shared/data). */
class HeadSampleTest {
    static final String SAMPLE = "deepfluoro-layout/head_sample.h5";
    static final String SIDECAR = "deepfluoro-layout/head_sample.json";

    static Path sample() {
        var p = SharedData.file(SAMPLE);
        Assumptions.assumeTrue(p.isPresent(), "skipped: ../shared/data/" + SAMPLE + " not present");
        return p.get();
    }

    @Test
    void readsProjParamsIntoTheProjectCamera() {
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            Camera c = f.camera();
            assertEquals(192, c.cols());
            assertEquals(192, c.rows());
            assertEquals(-657.2165, c.fx(), 1e-3);
            assertEquals(95.5, c.cx(), 1e-9);
            assertEquals(1020.0, c.sourceToDetectorMm(), 0.01); // −fx · 1.552 mm
            assertTrue(f.camFromWorld().maxAbsDiff(ProjParams.ciosFusionExtrinsic()) < 1e-4);
            assertEquals(List.of("00-head"), f.specimenNames());
        }
    }

    @Test
    void volumeSegmentationAndLandmarks() {
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            DeepFluoroSpecimen s = f.specimen("00-head");
            Volume v = s.volumeHu();
            assertEquals(123, v.nx());
            assertEquals(123, v.ny());
            assertEquals(81, v.nz());
            assertEquals(2.0, v.spacingMm()[2], 1e-6);
            assertEquals(-244.043, v.originMm()[0], 1e-3);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float x : v.data()) { min = Math.min(min, x); max = Math.max(max, x); }
            assertTrue(min < -500 && max > 1000, "HU range " + min + ".." + max);
            Segmentation seg = s.segmentation();
            assertEquals(Map.of(1, "bone"), seg.names());
            int bone = 0;
            for (int n = 0; n < v.data().length; n++) {
                if (seg.labels().data()[n] == 1) bone++;
            }
            assertTrue(bone > 1000);
            assertEquals(7, s.landmarksLps().size());
            assertTrue(s.landmarksLps().containsKey("skull-max-left"));
            assertEquals(List.of("000", "001", "002", "003", "004", "005"), s.projectionIds());
        }
    }

    @Test
    void projectingVolumeLandmarksReproducesGtLandmarks() {
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            double worst = ReprojectionCheck.maxErrorPx(f);
            System.out.printf("head_sample.h5: max landmark reprojection error %.2e px%n", worst);
            assertTrue(worst < 1e-3, "max reprojection error " + worst + " px");
        }
    }

    @Test
    void flagsAndOutOfImageLandmark() {
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            DeepFluoroSpecimen s = f.specimen(0);
            int outside = 0;
            for (DeepFluoroProjection p : s.projections()) {
                boolean expectTurned = p.id().compareTo("003") >= 0;
                assertEquals(expectTurned, p.rot180ForUp(), p.id());
                GtPoses g = p.poses();
                assertFalse(g.leftFemurGoodFov());
                assertTrue(g.camToLeftFemurVol().maxAbsDiff(g.camToPelvisVol()) < 1e-4);
                Image im = p.image();
                assertTrue(im.max() > 5000 && im.min() > 0, "raw intensity range " + im.min() + ".." + im.max());
                Image seg = p.segmentation();
                assertTrue(seg.max() == 1f && seg.min() == 0f);
                for (Landmark2D l : p.landmarks().values()) {
                    if (!l.inImage()) outside++;
                }
            }
            assertEquals(1, outside, "README: one landmark lies outside the image (in 003)");
            assertTrue(s.projection("003").landmarks().values().stream().anyMatch(l -> !l.inImage()));
        }
    }

    @Test
    void relativeTransformsMatchTheSidecar() throws Exception {
        Path json = SharedData.file(SIDECAR).orElse(null);
        Assumptions.assumeTrue(json != null, "skipped: ../shared/data/" + SIDECAR + " not present");
        JsonObject root;
        try (Reader r = Files.newBufferedReader(json)) {
            root = new JsonParser().parse(r).getAsJsonObject();
        }
        int checked = 0;
        double worstRot = 0, worstMm = 0;
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            DeepFluoroSpecimen s = f.specimen(root.get("specimen").getAsString());
            for (JsonElement c : root.getAsJsonArray("cases")) {
                for (JsonElement rel : c.getAsJsonObject().getAsJsonArray("relative")) {
                    JsonObject o = rel.getAsJsonObject();
                    Rigid pa = s.projection(o.get("from").getAsString()).camToPelvisVol();
                    Rigid pb = s.projection(o.get("to").getAsString()).camToPelvisVol();
                    double[] camExpected = matrix(o.getAsJsonArray("cam_b_from_cam_a"));
                    double[] worldExpected = matrix(o.getAsJsonArray("world_b_from_world_a"));
                    double[] cam = DeepFluoroGeometry.camBFromCamA(pa, pb, f.camFromWorld()).toArray();
                    double[] world = DeepFluoroGeometry.worldBFromWorldA(pa, pb).toArray();
                    for (int i = 0; i < 12; i++) {
                        double tol = (i % 4 == 3) ? 2e-3 : 2e-5;
                        assertEquals(camExpected[i], cam[i], tol, "cam_b_from_cam_a " + o.get("from") + "->" + o.get("to") + " entry " + i);
                        assertEquals(worldExpected[i], world[i], tol, "world_b_from_world_a entry " + i);
                        if (i % 4 == 3) worstMm = Math.max(worstMm, Math.abs(camExpected[i] - cam[i]));
                        else worstRot = Math.max(worstRot, Math.abs(camExpected[i] - cam[i]));
                    }
                    checked++;
                }
            }
        }
        System.out.printf("head_sample.json: %d relative transforms, worst rotation entry %.1e, worst translation %.1e mm%n", checked, worstRot, worstMm);
        assertTrue(checked >= 4);
    }

    static double[] matrix(JsonArray rows) {
        double[] m = new double[16];
        for (int r = 0; r < 4; r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            for (int c = 0; c < 4; c++) m[r * 4 + c] = row.get(c).getAsDouble();
        }
        return m;
    }

    @Test
    void preprocessingTurnsEveryViewHeadUpAndKeepsGeometry() {
        try (DeepFluoroFile f = DeepFluoroFile.open(sample())) {
            DeepFluoroSpecimen s = f.specimen(0);
            Map<String, double[]> lps = s.landmarksLps();
            for (DeepFluoroProjection p : s.projections()) {
                XrayView v = Preprocess.apply(XrayView.of(p), Preprocess.Settings.deepFluoro(f.camera()).withSize(128));
                assertEquals(128, v.camera().cols());
                for (Landmark2D l : v.landmarks().values()) {
                    double[] uv = DeepFluoroGeometry.project(v.camera(), v.volFromCam(), lps.get(l.name()));
                    assertEquals(uv[0], l.u(), 1e-3, p.id() + " " + l.name());
                    assertEquals(uv[1], l.v(), 1e-3, p.id() + " " + l.name());
                }
                // head up after preprocessing: the vertex lies on an earlier row than the bone centroid
                assertTrue(v.landmarks().get("skull-max-superior").v() < v.landmarks().get("bone-centroid").v(), p.id());
            }
        }
    }
}
