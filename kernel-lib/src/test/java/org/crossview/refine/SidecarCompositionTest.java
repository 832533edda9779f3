package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.crossview.SharedData;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The relative view transform the refiner uses (camRefFromCam = (P_ref·E⁻¹)⁻¹ · P_v·E⁻¹) against the
 * independently written sidecar of the shared head sample (cam_b_from_cam_a: X_cam_b = T·X_cam_a).
 */
class SidecarCompositionTest {

    @Test
    void relativeTransformsMatchTheSampleSidecar() throws Exception {
        Optional<Path> h5 = SharedData.file("deepfluoro-layout/head_sample.h5");
        Optional<Path> json = SharedData.file("deepfluoro-layout/head_sample.json");
        Assumptions.assumeTrue(h5.isPresent() && json.isPresent(), "shared/data/deepfluoro-layout/head_sample.{h5,json} absent: skipped");
        JsonObject side = new JsonParser().parse(Files.readString(json.get())).getAsJsonObject();
        int checked = 0;
        try (HdfFile f = new HdfFile(h5.get())) {
            Rigid e = Rigid.ofNearlyRigid("extrinsic", flat(f.getDatasetByPath("/proj-params/extrinsic").getData()));
            for (JsonElement c : side.getAsJsonArray("cases")) {
                for (JsonElement r : c.getAsJsonObject().getAsJsonArray("relative")) {
                    JsonObject rel = r.getAsJsonObject();
                    Rigid volFromCamA = pose(f, rel.get("from").getAsString()).compose(e.inverse());
                    Rigid volFromCamB = pose(f, rel.get("to").getAsString()).compose(e.inverse());
                    // Reference = a, view = b: camRefFromCam maps b's camera frame to a's, the inverse of cam_b_from_cam_a.
                    Rigid camAFromCamB = CaseView.camRefFromCam(volFromCamA, volFromCamB);
                    Rigid expected = Rigid.ofNearlyRigid("sidecar", matrix(rel.getAsJsonArray("cam_b_from_cam_a"))).inverse();
                    double rotDiff = 0, transDiff = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) rotDiff = Math.max(rotDiff, Math.abs(camAFromCamB.get(i, j) - expected.get(i, j)));
                        transDiff = Math.max(transDiff, Math.abs(camAFromCamB.get(i, 3) - expected.get(i, 3)));
                    }
                    assertTrue(rotDiff < 1e-5 && transDiff < 1e-2, "case " + rel + ": rotation diff " + rotDiff + ", translation diff " + transDiff);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 2, "sidecar lists no relative transforms");
    }

    @Test
    void casesFromTheDataPackageGiveTheSameRelativeTransforms() throws Exception {
        Optional<Path> h5 = SharedData.file("deepfluoro-layout/head_sample.h5");
        Optional<Path> json = SharedData.file("deepfluoro-layout/head_sample.json");
        Assumptions.assumeTrue(h5.isPresent() && json.isPresent(), "shared/data/deepfluoro-layout/head_sample.{h5,json} absent: skipped");
        JsonObject side = new JsonParser().parse(Files.readString(json.get())).getAsJsonObject();
        List<FileRegistration.CaseSpec> fromJson = new java.util.ArrayList<>();
        for (org.crossview.data.MultiViewCase c : org.crossview.data.MultiViewCases.read(json.get())) fromJson.add(FileRegistration.CaseSpec.of(c));
        int checked = 0;
        try (org.crossview.data.DeepFluoroFile f = org.crossview.data.DeepFluoroFile.open(h5.get())) {
            org.crossview.data.DeepFluoroSpecimen s = f.specimen("00-head");
            for (JsonElement c : side.getAsJsonArray("cases")) {
                for (JsonElement r : c.getAsJsonObject().getAsJsonArray("relative")) {
                    JsonObject rel = r.getAsJsonObject();
                    String a = rel.get("from").getAsString(), b = rel.get("to").getAsString();
                    Rigid expected = Rigid.ofNearlyRigid("sidecar", matrix(rel.getAsJsonArray("cam_b_from_cam_a"))).inverse(); // cam_a ← cam_b
                    // Stored poses, through the data package's case and the refiner's view of it (reference a).
                    FileRegistration.CaseSpec stored = FileRegistration.CaseSpec.of(org.crossview.data.MultiViewCase.fromStoredPoses("t", s, List.of(a, b)));
                    assertClose(expected, stored.camRefFromCam().get(1), a + "→" + b + " from stored poses");
                    // The JSON cases (reference = the case's first view): cam_a ← cam_b = (cam_ref ← cam_a)⁻¹ · (cam_ref ← cam_b).
                    for (FileRegistration.CaseSpec spec : fromJson) {
                        if (!spec.projections().contains(a) || !spec.projections().contains(b)) continue;
                        Rigid viaRef = spec.camRefFromCam().get(spec.projections().indexOf(a)).inverse()
                                .compose(spec.camRefFromCam().get(spec.projections().indexOf(b)));
                        assertClose(expected, viaRef, a + "→" + b + " from the JSON cases");
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 2);
    }

    private static void assertClose(Rigid expected, Rigid actual, String what) {
        double rotDiff = 0, transDiff = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) rotDiff = Math.max(rotDiff, Math.abs(actual.get(i, j) - expected.get(i, j)));
            transDiff = Math.max(transDiff, Math.abs(actual.get(i, 3) - expected.get(i, 3)));
        }
        assertTrue(rotDiff < 1e-5 && transDiff < 1e-2, what + ": rotation diff " + rotDiff + ", translation diff " + transDiff);
    }

    private static Rigid pose(HdfFile f, String projection) {
        return Rigid.ofNearlyRigid(projection, flat(f.getDatasetByPath("/00-head/projections/" + projection + "/gt-poses/cam-to-pelvis-vol").getData()));
    }

    private static double[] flat(Object data) {
        float[][] m = (float[][]) data;
        double[] out = new double[16];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) out[i * 4 + j] = m[i][j];
        return out;
    }

    private static double[] matrix(JsonArray rows) {
        double[] out = new double[16];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) out[i * 4 + j] = rows.get(i).getAsJsonArray().get(j).getAsDouble();
        return out;
    }
}
