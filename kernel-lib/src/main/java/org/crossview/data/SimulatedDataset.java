package org.crossview.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Volume;

/**
 * A simulated DeepFluoro-layout dataset from any CT: multi-view cases ({@link CaseSampler}), raw X-rays
 * ({@link XraySimulator}), ground-truth poses P = volFromCam·E with the CIOS Fusion extrinsic, 3D and projected
 * 2D landmarks, {@code gt-seg} ({@link ProjectedSegmentation}) and {@code rot-180-for-up}; written by
 * {@link DeepFluoroWriter} plus a JSON sidecar in the format of {@code head_sample.json} (read it back with
 * {@link MultiViewCases#read}).
 */
public final class SimulatedDataset {
    private SimulatedDataset() {}

    /** What is simulated: a CT in HU, optional labels, landmarks (LPS mm; may be empty). */
    public record Source(String name, Volume hu, Segmentation segmentation, Map<String, double[]> landmarksLps) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hu, "hu");
            landmarksLps = landmarksLps == null ? Map.of() : landmarksLps;
        }
    }

    /**
     * @param camera         stored camera (default: DeepFluoro binned 8×, 192² of 1.552 mm)
     * @param segLabels      labels whose projections form gt-seg (empty = all labels present)
     * @param segMinPathMm   a gt-seg pixel's ray crosses at least this much of its label
     */
    public record Settings(Camera camera, int cases, int viewsPerCase, long seed, XraySimulator.Settings xray, double stepMm,
            double segMinPathMm, CaseSampler.Settings poses, String backend) {
        public static Settings defaults() {
            return new Settings(Camera.deepFluoroFullRes().binned(8), 4, 3, 0, XraySimulator.Settings.defaults(), 0.5, 2.0,
                    CaseSampler.Settings.defaults(), "auto");
        }

        public Settings withCamera(Camera c) { return new Settings(c, cases, viewsPerCase, seed, xray, stepMm, segMinPathMm, poses, backend); }
        public Settings withCases(int n, int views) { return new Settings(camera, n, views, seed, xray, stepMm, segMinPathMm, poses, backend); }
        public Settings withSeed(long s) { return new Settings(camera, cases, viewsPerCase, s, xray, stepMm, segMinPathMm, poses, backend); }
        public Settings withXray(XraySimulator.Settings x) { return new Settings(camera, cases, viewsPerCase, seed, x, stepMm, segMinPathMm, poses, backend); }
        public Settings withStepMm(double s) { return new Settings(camera, cases, viewsPerCase, seed, xray, s, segMinPathMm, poses, backend); }
        public Settings withPoses(CaseSampler.Settings p) { return new Settings(camera, cases, viewsPerCase, seed, xray, stepMm, segMinPathMm, p, backend); }
    }

    /** The specimen to write and the sidecar describing its cases. */
    public record Result(DeepFluoroWriter.Specimen specimen, ProjParams projParams, JsonObject sidecar, List<CaseSampler.CasePlan> plans) {}

    /** The isocentre: the centroid of the landmarks, or the volume's centre when there are none. */
    static double[] isocentre(Source src) {
        if (src.landmarksLps().isEmpty()) return src.hu().centreLps();
        double[] c = new double[3];
        for (double[] p : src.landmarksLps().values()) for (int a = 0; a < 3; a++) c[a] += p[a] / src.landmarksLps().size();
        return c;
    }

    /**
     * Simulates every view. {@code huToMu} turns the CT into attenuation per mm (e.g. the volume package's
     * Attenuation); {@code progress} receives one line per projection.
     */
    public static Result simulate(Source src, Settings s, UnaryOperator<Volume> huToMu, Consumer<String> progress) {
        Camera cam = s.camera();
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        Rigid e = params.camFromWorld();
        List<CaseSampler.CasePlan> plans = new CaseSampler(s.poses()).sample(isocentre(src), s.cases(), s.viewsPerCase(), s.seed());
        int total = s.cases() * s.viewsPerCase();
        List<DeepFluoroWriter.Projection> projections = new ArrayList<>();
        JsonArray projJson = new JsonArray();
        JsonArray caseJson = new JsonArray();
        long t0 = System.nanoTime();
        RenderSettings rs = new RenderSettings(s.stepMm());
        try (Renderer mu = Renderers.create(s.backend(), huToMu.apply(src.hu()), rs);
                ProjectedSegmentation seg = src.segmentation() == null ? null : new ProjectedSegmentation(src.segmentation(), s.backend(), rs, s.segMinPathMm())) {
            XraySimulator sim = new XraySimulator(mu, s.xray());
            int n = 0;
            for (CaseSampler.CasePlan plan : plans) {
                List<String> ids = new ArrayList<>();
                List<Rigid> stored = new ArrayList<>();
                for (int v = 0; v < plan.volFromCam().size(); v++) {
                    String id = String.format("%03d", n);
                    Rigid volFromCam = plan.volFromCam().get(v);
                    Image raw = sim.simulate(cam, volFromCam, s.seed() * 1_000_003L + n);
                    Map<String, double[]> uv = new LinkedHashMap<>();
                    for (Map.Entry<String, double[]> l : src.landmarksLps().entrySet()) {
                        double[] p = DeepFluoroGeometry.project(cam, volFromCam, l.getValue());
                        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) uv.put(l.getKey(), p);
                    }
                    Rigid p = DeepFluoroGeometry.camToVol(volFromCam, e, DeepFluoroGeometry.PoseShift.NONE);
                    Image gtSeg = seg == null ? null : seg.render(cam, volFromCam);
                    projections.add(new DeepFluoroWriter.Projection(id, raw, uv, GtPoses.pelvisOnly(p), gtSeg, plan.rot180ForUp()));
                    ids.add(id);
                    stored.add(p);
                    JsonObject pj = new JsonObject();
                    pj.addProperty("projection", id);
                    pj.addProperty("case", plan.index());
                    pj.addProperty("view", v);
                    pj.addProperty("carm_angle_deg", plan.carmAngleDeg().get(v));
                    pj.addProperty("rot_180_for_up", plan.rot180ForUp() ? 1 : 0);
                    projJson.add(pj);
                    n++;
                    progress.accept(String.format("simulate %s: case %d/%d view %d/%d  [%d/%d projections, %.1f s]", src.name(), plan.index() + 1,
                            plans.size(), v + 1, plan.volFromCam().size(), n, total, (System.nanoTime() - t0) * 1e-9));
                }
                caseJson.add(caseJson(plan.index(), ids, stored, e));
            }
        }
        JsonObject root = new JsonObject();
        root.addProperty("specimen", src.name());
        root.addProperty("conventions", "Column vectors, 4x4 rigid. X_cam = E @ inv(P) @ x_LPS with E = proj-params/extrinsic, P = gt-poses/cam-to-pelvis-vol; "
                + "cam_b_from_cam_a: X_cam_b = T @ X_cam_a (stored image orientation); world_b_from_world_a = inv(P_b) @ P_a. carm_angle_deg: rotation about "
                + "the patient's S axis, 0 = source posterior, + = detector towards the patient's left (LAO).");
        root.add("projections", projJson);
        root.add("cases", caseJson);
        root.addProperty("seed", s.seed());
        JsonObject sim = new JsonObject();
        sim.addProperty("i0_photons_per_reference_pixel", s.xray().i0());
        sim.addProperty("reference_pixel_mm", s.xray().referencePixelMm());
        sim.addProperty("blur_sigma_mm", s.xray().blurSigmaMm());
        sim.addProperty("rays_per_pixel", s.xray().supersample() * s.xray().supersample());
        sim.addProperty("poisson_noise", s.xray().noise());
        sim.addProperty("ray_step_mm", s.stepMm());
        sim.addProperty("gt_seg_min_path_mm", s.segMinPathMm());
        sim.addProperty("source_to_isocentre_mm", s.poses().sourceToIsoMm());
        root.add("simulation", sim);
        DeepFluoroWriter.Specimen specimen = new DeepFluoroWriter.Specimen(src.name(), src.hu(), src.segmentation(), src.landmarksLps(), projections);
        return new Result(specimen, params, root, plans);
    }

    static JsonObject caseJson(int index, List<String> ids, List<Rigid> p, Rigid e) {
        JsonObject c = new JsonObject();
        c.addProperty("case", index);
        JsonArray idArray = new JsonArray();
        ids.forEach(idArray::add);
        c.add("projections", idArray);
        JsonArray rel = new JsonArray();
        for (int a = 0; a < ids.size(); a++) {
            for (int b = 0; b < ids.size(); b++) {
                if (a == b) continue;
                JsonObject r = new JsonObject();
                r.addProperty("from", ids.get(a));
                r.addProperty("to", ids.get(b));
                r.add("cam_b_from_cam_a", MultiViewCases.json(DeepFluoroGeometry.camBFromCamA(p.get(a), p.get(b), e)));
                r.add("world_b_from_world_a", MultiViewCases.json(DeepFluoroGeometry.worldBFromWorldA(p.get(a), p.get(b))));
                rel.add(r);
            }
        }
        c.add("relative", rel);
        return c;
    }

    /** Writes the HDF5 file and its sidecar ({@code out} with .json in place of .h5), each atomically. */
    public static Path write(Path out, Result r) throws IOException {
        DeepFluoroWriter.write(out, r.projParams(), List.of(r.specimen()));
        JsonObject side = new JsonObject();
        side.addProperty("file", out.getFileName().toString());
        for (Map.Entry<String, com.google.gson.JsonElement> en : r.sidecar().entrySet()) side.add(en.getKey(), en.getValue());
        Path json = sidecarPath(out);
        MultiViewCases.writeJson(json, side);
        return json;
    }

    public static Path sidecarPath(Path h5) {
        String name = h5.getFileName().toString();
        String base = name.toLowerCase().endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
        return h5.resolveSibling(base + ".json");
    }
}
