package org.crossview.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;

/**
 * A patient's own CT and C-arm X-rays as one DeepFluoro-layout specimen plus the sidecar {@code simulate} writes
 * (read back with {@link MultiViewCases#read}); nothing is invented: no {@code gt-*} group, no landmarks, no
 * segmentation. Projections are numbered 000, 001, … in the order given, case by case.
 *
 * <p>The layout holds one detector ({@code proj-params}) per file, so every view must share rows, columns,
 * pixel spacing and source-to-detector distance (within {@link #SDD_TOLERANCE}). The stored extrinsic E is the
 * identity (a user's C-arm has no calibration to store), so a pose written later is P = volFromCam. Each case's
 * {@code cam_b_from_cam_a} follows from the positioner angles about the isocentre ({@link ImportedXray#isoFromCam}):
 * isoFromCam_b⁻¹ · isoFromCam_a; where the isocentre lies in the CT is not needed for it.
 */
public final class ImportedDataset {
    private ImportedDataset() {}

    /** Relative disagreement in source-to-detector distance accepted between the views of one file. */
    public static final double SDD_TOLERANCE = 1e-3;

    public static SimulatedDataset.Result build(String name, Volume hu, List<List<ImportedXray>> cases, List<List<Path>> sources) {
        if (cases.isEmpty()) throw new IllegalArgumentException("--views: at least one case is needed");
        ImportedXray first = cases.get(0).get(0);
        Camera cam = first.camera();
        for (List<ImportedXray> c : cases) {
            for (ImportedXray x : c) {
                Camera k = x.camera();
                if (k.cols() != cam.cols() || k.rows() != cam.rows() || Math.abs(k.pixelColSpacingMm() / cam.pixelColSpacingMm() - 1) > 1e-6
                        || Math.abs(k.pixelRowSpacingMm() / cam.pixelRowSpacingMm() - 1) > 1e-6
                        || Math.abs(k.sourceToDetectorMm() / cam.sourceToDetectorMm() - 1) > SDD_TOLERANCE) {
                    throw new IllegalArgumentException("--views: " + x.name() + " has detector " + k + " but " + first.name() + " has " + cam
                            + ": the DeepFluoro layout stores one detector per file; import views of different detectors into separate files");
                }
            }
        }
        ProjParams params = ProjParams.of(cam, Rigid.identity());
        List<DeepFluoroWriter.Projection> projections = new ArrayList<>();
        JsonArray projJson = new JsonArray(), caseJson = new JsonArray();
        int n = 0;
        for (int c = 0; c < cases.size(); c++) {
            List<String> ids = new ArrayList<>();
            List<Rigid> poses = new ArrayList<>();
            for (int v = 0; v < cases.get(c).size(); v++) {
                ImportedXray x = cases.get(c).get(v);
                String id = String.format("%03d", n++);
                projections.add(new DeepFluoroWriter.Projection(id, x.image(), null, null, null, false));
                ids.add(id);
                poses.add(x.isoFromCam()); // P = volFromCam·E with E = I; any volFromIso cancels in the relative maps
                JsonObject pj = new JsonObject();
                pj.addProperty("projection", id);
                pj.addProperty("case", c);
                pj.addProperty("view", v);
                pj.addProperty("source", sources.get(c).get(v).toString());
                pj.addProperty("carm_angle_deg", x.laoDeg());
                pj.addProperty("cranial_deg", x.cranialDeg());
                pj.addProperty("source_to_isocentre_mm", x.sourceToIsocentreMm());
                pj.addProperty("source_to_detector_mm", x.camera().sourceToDetectorMm());
                pj.addProperty("flipped", x.flips());
                pj.addProperty("intensity", x.intensity());
                pj.addProperty("pixel_spacing_from", x.spacingFrom());
                pj.addProperty("rot_180_for_up", 0);
                projJson.add(pj);
            }
            caseJson.add(SimulatedDataset.caseJson(c, ids, poses, params.camFromWorld()));
        }
        JsonObject root = new JsonObject();
        root.addProperty("specimen", name);
        root.addProperty("conventions", "Column vectors, 4x4 rigid. cam_b_from_cam_a: X_cam_b = T @ X_cam_a (stored image orientation), from the "
                + "positioner angles about the isocentre (CArm). carm_angle_deg: PositionerPrimaryAngle, + = LAO (detector towards the patient's left); "
                + "cranial_deg: PositionerSecondaryAngle, + = cranial. proj-params/extrinsic is the identity; no ground truth is stored.");
        root.add("projections", projJson);
        root.add("cases", caseJson);
        JsonObject imp = new JsonObject();
        imp.addProperty("principal_point", "image centre (assumed)");
        imp.addProperty("log_range", XrayIntensity.LOG_RANGE);
        root.add("import", imp);
        DeepFluoroWriter.Specimen specimen = new DeepFluoroWriter.Specimen(name, hu, null, null, projections);
        return new SimulatedDataset.Result(specimen, params, root, List.of());
    }
}
