package org.crossview.refine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.FilePredictions;
import org.crossview.coarse.NominalPoses;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
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
        /** All of {@link #COARSE}'s and {@link #AP}'s candidates; the best by image loss wins. The method's default. */
        AUTO,
        /** The coarse network's per-view predictions (and their consensus); the best at the coarsest level wins. */
        COARSE,
        /**
         * The nominal C-arm pose at the CT's isocentre (turned 180° for views stored upside down): each view's
         * nominal pose (its C-arm angle when known, {@link #withCarmAnglesDeg}, else AP) mapped to the reference.
         */
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
     * @param search the multi-start search around the best candidates ({@link StartSearch}); null = the best plain candidate
     * @param retries how many more starts (the search's next distinct ones) a case whose {@link Verdict} is suspect gets
     */
    public record Options(int size, int levels, String similarity, int maxIterationsPerLevel, double stepMm, String backend,
            boolean truncationMask, boolean boneMask, Start start, InitialError perturbation, long seed,
            StartSearch.Settings search, int retries) {
        public Options {
            if (size < 8) throw new IllegalArgumentException("--size: must be ≥ 8 pixels, got " + size);
            if (levels < 1 || (size >> (levels - 1)) < 8) {
                throw new IllegalArgumentException("--levels: " + levels + " levels leave fewer than 8 pixels at the coarsest level of a " + size + "² image");
            }
            Similarities.byName(similarity); // fails early on an unknown name
            if (start == Start.PERTURBED_TRUTH && perturbation == null) throw new IllegalArgumentException("--init perturb: needs an error size");
            if (retries < 0) throw new IllegalArgumentException("--retries: must be ≥ 0, got " + retries);
        }

        /** Without search or retries: the start is the best plain candidate, refined once. */
        public Options(int size, int levels, String similarity, int maxIterationsPerLevel, double stepMm, String backend,
                boolean truncationMask, boolean boneMask, Start start, InitialError perturbation, long seed) {
            this(size, levels, similarity, maxIterationsPerLevel, stepMm, backend, truncationMask, boneMask, start, perturbation, seed, null, 0);
        }

        /** The method's defaults: 128² top level, 3 levels, mNCC, truncation mask, all candidates, start search, one retry. */
        public static Options defaults() {
            return new Options(128, 3, "mncc", 300, 0, "auto", true, false, Start.AUTO, null, 0, StartSearch.Settings.defaults(), 1);
        }

        public Options withStart(Start s, InitialError e) {
            return new Options(size, levels, similarity, maxIterationsPerLevel, stepMm, backend, truncationMask, boneMask, s, e, seed, search, retries);
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

    /**
     * One case's result: per view (in the case's order) the estimate as volFromCam and as the file's
     * cam-to-pelvis-vol; the start it was refined from and its label; {@code coarseSeconds} = choosing the
     * start (coarse predictions, candidate scoring, search), of which {@code searchSeconds} the search and
     * {@code searchEvaluations} its coarsest-level loss evaluations; {@code refineSeconds} = all refinements
     * (retries included) and the verdicts; {@code attempts} = refinements run; the kept refinement and its verdict.
     */
    public record Outcome(CaseSpec spec, List<Rigid> volFromCam, List<Rigid> camToPelvisVol, Rigid startVolFromCamRef,
            double coarseSeconds, double refineSeconds, RefinementResult refinement, String startLabel, double searchSeconds,
            int searchEvaluations, int attempts, Verdict verdict, List<String> coarseOutsideTraining) {}

    private final DeepFluoroFile file;
    private final DeepFluoroSpecimen specimen;
    private final CtSource ct;
    private final CoarseModel model;
    private final Options options;
    private final List<Renderer> renderers = new ArrayList<>();
    private final MultiViewRefiner refiner;
    private final double stepMm;
    private final Map<String, CaseSpec> studyCases = new HashMap<>();

    private NominalPoses nominals;

    /** @param model the coarse model; required for {@link Start#COARSE} and {@link Start#AUTO} */
    public FileRegistration(DeepFluoroFile file, DeepFluoroSpecimen specimen, CtSource ct, CoarseModel model, Options options) {
        if ((options.start() == Start.COARSE || options.start() == Start.AUTO) && model == null) {
            throw new IllegalArgumentException("the " + options.start().name().toLowerCase() + " start needs a coarse model");
        }
        this.file = file;
        this.specimen = specimen;
        this.ct = ct;
        this.nominals = new NominalPoses(ct.isocentreLps(), Map.of());
        this.model = model;
        this.options = options;
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

    /** Nominal C-arm angles per projection id ({@link org.crossview.data.CarmAngles}); views without one are taken as AP. */
    public FileRegistration withCarmAnglesDeg(Map<String, Double> anglesByProjection) {
        this.nominals = new NominalPoses(ct.isocentreLps(), anglesByProjection);
        return this;
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
        for (int v = 0; v < predicted.length; v++) {
            String id = c.projections().get(v);
            predicted[v] = FilePredictions.predict(model, XrayView.of(specimen.projection(id)), nominals.ifKnown(specimen.projection(id)));
        }
        return predicted;
    }

    /**
     * Registers one case: ranks the starts ({@link StartSearch}), refines from the best, and while the
     * {@link Verdict} says suspect and retries are left, refines again from the next distinct start; keeps the
     * refinement with the lowest final loss.
     */
    public Outcome register(CaseSpec c) {
        List<CaseView> views = views(c);
        double[] pivot = ct.isocentreLps();
        long t0 = System.nanoTime();
        StartSearch.Result search;
        List<String> rejectedCoarse = new ArrayList<>();
        if (options.start() == Start.PERTURBED_TRUTH) {
            Rigid truth = specimen.projection(c.projections().get(0)).volFromCam();
            // from the seed and the case's views alone: a resumed run's case matches an uninterrupted run's
            Rigid start = options.perturbation().apply(truth, pivot, InitialError.randomFor(options.seed(), String.join(",", c.projections())));
            search = StartSearch.search(refiner, views, List.of(new StartSearch.Candidate("perturbed-truth", start)), pivot, null);
        } else {
            search = StartSearch.search(refiner, views, candidates(c, views, rejectedCoarse), pivot, options.search());
        }
        double coarseSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        RefinementResult kept = null;
        Verdict keptVerdict = null;
        StartSearch.Ranked keptStart = null;
        int attempts = 0;
        for (StartSearch.Ranked start : search.ranked()) {
            if (attempts > options.retries()) break;
            attempts++;
            RefinementResult r = refiner.refine(views, start.volFromCamRef(), pivot);
            if (kept == null || r.finalLoss() < kept.finalLoss()) {
                kept = r;
                keptStart = start;
                keptVerdict = Verdict.assess(refiner, views, r.volFromCamRef(), r.finalLoss(), pivot);
            }
            if (keptVerdict.converged()) break;
        }
        double refineSeconds = (System.nanoTime() - t1) / 1e9;
        List<Rigid> poses = kept.volFromCamPerView();
        List<Rigid> stored = new ArrayList<>();
        for (Rigid pose : poses) stored.add(DeepFluoroGeometry.camToVol(pose, file.camFromWorld(), file.poseShift()));
        return new Outcome(c, poses, stored, keptStart.volFromCamRef(), coarseSeconds, refineSeconds, kept, keptStart.label(),
                options.search() == null ? 0 : search.seconds(), search.evaluations(), attempts, keptVerdict, List.copyOf(rejectedCoarse));
    }

    /**
     * The labelled candidate starts of a case for the chosen {@link Start}; coarse predictions left out as outside
     * the training poses are added to {@code rejectedCoarse} ("ID (extent E)").
     */
    List<StartSearch.Candidate> candidates(CaseSpec c, List<CaseView> views, List<String> rejectedCoarse) {
        List<StartSearch.Candidate> out = new ArrayList<>();
        if (options.start() == Start.COARSE || options.start() == Start.AUTO) {
            // A prediction outside the poses the network was trained on is extrapolation: it is not offered as a start,
            // nor does it vote in a pose model's consensus. A keypoint model fits the case to every view's keypoints at
            // once (robust to a bad view), and that fit is checked instead.
            boolean keypoints = model.info().keypointHead().isPresent();
            Rigid[] predicted = coarsePredictions(c);
            List<Rigid> refFromVoters = new ArrayList<>();
            List<org.crossview.data.XrayView> voters = new ArrayList<>();
            List<String> voterIds = new ArrayList<>();
            for (int v = 0; v < predicted.length; v++) {
                String id = c.projections().get(v);
                double extent = FilePredictions.extent(model, specimen.projection(id), predicted[v]);
                if (extent <= 1) out.add(new StartSearch.Candidate("coarse:" + id, predicted[v].compose(views.get(v).camRefFromCam().inverse())));
                else rejectedCoarse.add(String.format("%s (extent %.2f)", id, extent));
                if (extent <= 1 || keypoints) {
                    voters.add(org.crossview.data.XrayView.of(specimen.projection(id)));
                    voterIds.add(id);
                    refFromVoters.add(c.camRefFromCam().get(v));
                }
            }
            if (voters.size() > 1) {
                Rigid[] firstFromVoter = new Rigid[refFromVoters.size()];
                for (int v = 0; v < firstFromVoter.length; v++) firstFromVoter[v] = refFromVoters.get(0).inverse().compose(refFromVoters.get(v));
                Rigid[] joint = FilePredictions.predictConsistent(model, voters.toArray(new org.crossview.data.XrayView[0]), firstFromVoter,
                        nominals.ifKnown(specimen.projection(voterIds.get(0))));
                double extent = FilePredictions.extent(model, specimen.projection(voterIds.get(0)), joint[0]);
                if (extent <= 1) out.add(new StartSearch.Candidate("consensus", joint[0].compose(refFromVoters.get(0).inverse())));
                else rejectedCoarse.add(String.format("consensus (extent %.2f)", extent));
            }
        }
        if (options.start() == Start.AP || options.start() == Start.AUTO) out.addAll(nominalCandidates(c, views));
        return out;
    }

    /**
     * Each view's nominal C-arm pose mapped to the reference camera: at its C-arm angle when the sidecar gives
     * one ("carm:ID"), else the AP view ("ap:ID": the hypothesis that this view is the AP one); turned 180°
     * about the camera axis for views stored upside down.
     */
    private List<StartSearch.Candidate> nominalCandidates(CaseSpec c, List<CaseView> views) {
        List<StartSearch.Candidate> out = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            String id = c.projections().get(v);
            Rigid nominal = nominals.orAp(specimen.projection(id));
            out.add(new StartSearch.Candidate((nominals.known(id) ? "carm:" : "ap:") + id, nominal.compose(views.get(v).camRefFromCam().inverse())));
        }
        return out;
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
