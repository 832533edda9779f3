package org.crossview.refine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.FilePredictions;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.Similarities;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Volume;

/**
 * The whole method on the projections of one specimen of a DeepFluoro-layout file (the code behind
 * {@code crossview register}): for each case, the raw X-rays are preprocessed (crop, log, resample to the
 * top pyramid level; stored orientation), a start is chosen (by default the coarse network's predictions,
 * see {@link Start}), and the case's one pose is refined against all its views at once. Each view's
 * estimate is returned as the file's {@code cam-to-pelvis-vol} (P = volFromCam·E, the file's pose shift
 * undone).
 *
 * <p>The ground-truth poses in the file enter only through the relative transforms of a case's views
 * (DeepFluoro's protocol, {@link MultiViewCase#fromStoredPoses}), and in the explicit study start
 * {@link Start#PERTURBED_TRUTH}; never for stopping.
 */
public final class FileRegistration implements AutoCloseable {

    /** Where the refinement of a case starts. */
    public enum Start {
        /** The coarse network's per-view predictions (and their consensus); the best at the coarsest level wins. The method's default. */
        COARSE,
        /** The nominal AP view at the CT's isocentre (turned 180° for views stored upside down). */
        AP,
        /** A study start: the true pose moved by a sampled {@link InitialError}. Uses the ground truth; for robustness studies only. */
        PERTURBED_TRUTH
    }

    /**
     * @param size top pyramid level (pixels per side after preprocessing)
     * @param similarity a {@link Similarities#byName} name (mncc, gncc, mncc+gncc, ncc, patchN)
     * @param stepMm ray-marching step; 0 = the CT's smallest voxel spacing, at most 1 mm
     * @param truncationMask mask rays through the CT's cut faces ({@link TruncationMask})
     * @param boneMask restrict the similarity to the bone's image ({@link BoneMask})
     * @param perturbation the study start's error size ({@link Start#PERTURBED_TRUTH} only)
     */
    public record Options(int size, int levels, String similarity, int maxIterationsPerLevel, double stepMm, String backend,
            boolean truncationMask, boolean boneMask, Start start, InitialError perturbation, long seed) {
        public Options {
            if (size < 8) throw new IllegalArgumentException("--size: must be ≥ 8 pixels, got " + size);
            if (levels < 1 || (size >> (levels - 1)) < 8) {
                throw new IllegalArgumentException("--levels: " + levels + " levels leave fewer than 8 pixels at the coarsest level of a " + size + "² image");
            }
            Similarities.byName(similarity); // fails early on an unknown name
            if (start == Start.PERTURBED_TRUTH && perturbation == null) throw new IllegalArgumentException("--init perturb: needs an error size");
        }

        /** The method's defaults: 128² top level, 3 levels, mNCC, truncation mask, coarse start. */
        public static Options defaults() {
            return new Options(128, 3, "mncc", 300, 0, "auto", true, false, Start.COARSE, null, 0);
        }

        public Options withStart(Start s, InitialError e) {
            return new Options(size, levels, similarity, maxIterationsPerLevel, stepMm, backend, truncationMask, boneMask, s, e, seed);
        }
    }

    /** A case to register: its projections (reference first) and their camera frames relative to the reference's. */
    public record CaseSpec(String name, List<String> projections, List<Rigid> camRefFromCam) {
        public CaseSpec {
            projections = List.copyOf(projections);
            camRefFromCam = List.copyOf(camRefFromCam);
            if (projections.isEmpty() || projections.size() != camRefFromCam.size()) {
                throw new IllegalArgumentException("case " + name + ": one relative transform per projection is required");
            }
        }

        /** From the data package's case (which stores camFromRefCam, the inverse). */
        public static CaseSpec of(MultiViewCase c) {
            List<Rigid> t = new ArrayList<>();
            for (Rigid r : c.camFromRefCam()) t.add(r.inverse());
            return new CaseSpec(c.name(), c.projections(), t);
        }
    }

    /** One case's result: per view (in the case's order) the estimate as volFromCam and as the file's cam-to-pelvis-vol. */
    public record Outcome(CaseSpec spec, List<Rigid> volFromCam, List<Rigid> camToPelvisVol, Rigid startVolFromCamRef,
            double coarseSeconds, double refineSeconds, RefinementResult refinement) {}

    private final DeepFluoroFile file;
    private final DeepFluoroSpecimen specimen;
    private final CtSource ct;
    private final CoarseModel model;
    private final Options options;
    private final List<Renderer> renderers = new ArrayList<>();
    private final MultiViewRefiner refiner;
    private final Random random;
    private final double stepMm;
    private final Map<String, CaseSpec> studyCases = new HashMap<>();

    /** @param model the coarse model; required for {@link Start#COARSE} only */
    public FileRegistration(DeepFluoroFile file, DeepFluoroSpecimen specimen, CtSource ct, CoarseModel model, Options options) {
        if (options.start() == Start.COARSE && model == null) throw new IllegalArgumentException("the coarse start needs a coarse model");
        this.file = file;
        this.specimen = specimen;
        this.ct = ct;
        this.model = model;
        this.options = options;
        this.random = new Random(options.seed());
        this.stepMm = options.stepMm() > 0 ? options.stepMm() : Math.min(1.0, minSpacing(ct.mu()));
        RenderSettings rs = new RenderSettings(stepMm);
        Renderer renderer = renderer(ct.mu(), rs);
        RefinementSettings settings = RefinementSettings.defaults(Similarities.byName(options.similarity()))
                .withLevels(options.levels()).withMaxIterationsPerLevel(options.maxIterationsPerLevel());
        this.refiner = new MultiViewRefiner(renderer, settings);
        List<MultiViewRefiner.MaskProvider> masks = new ArrayList<>();
        if (options.truncationMask()) {
            TruncationMask t = TruncationMask.forVolume(ct.mu(), v -> renderer(v, rs));
            if (t != null) masks.add(t);
        }
        if (options.boneMask()) masks.add(BoneMask.forVolume(ct.mu(), CtSource.boneThresholdMu(), v -> renderer(v, rs)));
        if (!masks.isEmpty()) refiner.withMaskProvider(product(masks));
    }

    /** The renderer back end and ray step, for logs. */
    public String describeRenderer() {
        return renderers.get(0).name() + String.format(" (step %.2f mm)", stepMm);
    }

    public MultiViewRefiner refiner() {
        return refiner;
    }

    /** The views of a case as the refiner sees them (preprocessed, stored orientation). */
    public List<CaseView> views(CaseSpec c) {
        List<CaseView> views = new ArrayList<>();
        for (int v = 0; v < c.projections().size(); v++) {
            DeepFluoroProjection p = specimen.projection(c.projections().get(v));
            XrayView raw = XrayView.of(p);
            Preprocess.Settings ps = Preprocess.Settings.deepFluoro(raw.camera()).withTurnUp(false)
                    .withNormalisation(Preprocess.Normalisation.NONE).withSize(options.size());
            XrayView x = Preprocess.apply(raw, ps);
            views.add(new CaseView(p.id(), x.camera(), x.image(), null, c.camRefFromCam().get(v)));
        }
        return views;
    }

    /**
     * The case with its answer, for {@link RobustnessStudy}: preprocessed views, the reference view's true
     * pose, the specimen's 3D landmarks, and the isocentre as pivot.
     */
    public StudyCase studyCase(CaseSpec c) {
        Rigid truth = specimen.projection(c.projections().get(0)).volFromCam();
        double[][] landmarks = specimen.landmarksLps().values().toArray(new double[0][]);
        if (landmarks.length == 0) throw new IllegalArgumentException(file.path() + ": specimen " + specimen.name() + " has no vol-landmarks to score with");
        studyCases.put(c.name(), c);
        return new StudyCase(c.name(), views(c), truth, landmarks, ct.isocentreLps());
    }

    /** The coarse model as a study's coarse stage (for cases made by {@link #studyCase}). */
    public RobustnessStudy.CoarseStage coarseStage() {
        if (model == null) throw new IllegalStateException("no coarse model");
        return sc -> {
            CaseSpec c = studyCases.get(sc.name());
            if (c == null) throw new IllegalArgumentException("case " + sc.name() + " was not made by this registration's studyCase");
            return coarsePredictions(c);
        };
    }

    /** Each view's coarse prediction (volFromCam, stored orientation). */
    public Rigid[] coarsePredictions(CaseSpec c) {
        if (model == null) throw new IllegalStateException("no coarse model");
        Rigid[] predicted = new Rigid[c.projections().size()];
        for (int v = 0; v < predicted.length; v++) predicted[v] = FilePredictions.predict(model, specimen.projection(c.projections().get(v)));
        return predicted;
    }

    /** Registers one case. */
    public Outcome register(CaseSpec c) {
        List<CaseView> views = views(c);
        long t0 = System.nanoTime();
        Rigid start = start(c, views);
        double coarseSeconds = (System.nanoTime() - t0) / 1e9;
        RefinementResult r = refiner.refine(views, start, ct.isocentreLps());
        List<Rigid> poses = r.volFromCamPerView();
        List<Rigid> stored = new ArrayList<>();
        for (Rigid pose : poses) stored.add(DeepFluoroGeometry.camToVol(pose, file.camFromWorld(), file.poseShift()));
        return new Outcome(c, poses, stored, start, coarseSeconds, r.seconds(), r);
    }

    private Rigid start(CaseSpec c, List<CaseView> views) {
        switch (options.start()) {
            case COARSE -> {
                int n = views.size();
                Rigid[] predicted = coarsePredictions(c);
                List<Rigid> candidates = new ArrayList<>(MultiViewRefiner.asReferencePoses(views, predicted));
                if (n > 1) {
                    Rigid[] refFromV = c.camRefFromCam().toArray(new Rigid[0]);
                    candidates.add(CoarseModel.consensus(predicted, refFromV)[0]);
                }
                return refiner.bestStart(views, candidates);
            }
            case AP -> {
                Rigid ap = CArm.atIsocentre(ct.isocentreLps()).apVolFromCam();
                return specimen.projection(c.projections().get(0)).rot180ForUp() ? ap.compose(DeepFluoroGeometry.rot180AboutCamZ()) : ap;
            }
            case PERTURBED_TRUTH -> {
                Rigid truth = specimen.projection(c.projections().get(0)).volFromCam();
                return options.perturbation().apply(truth, ct.isocentreLps(), random);
            }
            default -> throw new IllegalStateException("start " + options.start());
        }
    }

    private Renderer renderer(Volume v, RenderSettings rs) {
        Renderer r = Renderers.create(options.backend(), v, rs);
        renderers.add(r);
        return r;
    }

    private static MultiViewRefiner.MaskProvider product(List<MultiViewRefiner.MaskProvider> masks) {
        if (masks.size() == 1) return masks.get(0);
        return (view, pose) -> {
            org.crossview.image.Image m = masks.get(0).mask(view, pose);
            float[] acc = m.data().clone();
            for (int i = 1; i < masks.size(); i++) {
                float[] b = masks.get(i).mask(view, pose).data();
                for (int p = 0; p < acc.length; p++) acc[p] *= b[p];
            }
            return new org.crossview.image.Image(m.cols(), m.rows(), acc);
        };
    }

    private static double minSpacing(Volume v) {
        double[] s = v.spacingMm();
        return Math.min(s[0], Math.min(s[1], s[2]));
    }

    @Override
    public void close() {
        for (Renderer r : renderers) r.close();
    }
}
