package org.crossview.notebook;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.ExtraVolumes;
import org.crossview.coarse.Checkpoints;
import org.crossview.coarse.CoarseEvaluation;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CoarseTrainer;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.HeldOutXrays;
import org.crossview.coarse.NetSpec;
import org.crossview.coarse.ObservedCase;
import org.crossview.coarse.PoseParameterisation;
import org.crossview.coarse.PoseSampling;
import org.crossview.coarse.SyntheticBatch;
import org.crossview.coarse.SyntheticData;
import org.crossview.coarse.TrainerSettings;
import org.crossview.coarse.TrainingImages;
import org.crossview.coarse.ViewLayout;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Rotations;
import org.crossview.image.Image;
import org.crossview.plot.Panels;
import org.crossview.plot.Pictures;
import org.crossview.plot.StatCharts;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The coarse stage of one CT as the notebooks show it: the synthetic training data, the network, a training run
 * ({@link CoarseRun#run}, the code behind {@code crossview train}; its model is cached under
 * {@code build/cache/coarse}, keyed by the CT's content and the training settings, so a notebook run again — or
 * another notebook with the same settings — reuses it), and its predictions on held-out simulated X-rays.
 *
 * <p>The synthetic data are wired exactly as {@link CoarseRun#run} wires them (same renderer step, pose
 * parameterisation, sampling, view layout and augmentation), so what is shown is what the network is trained on.
 */
public final class CoarseExperiment implements AutoCloseable {
    private final CtSource ct;
    private final CoarseRun.Options options;
    private final Renderer renderer;
    private final ExtraVolumes extras;
    private final SyntheticData data;
    private final PoseParameterisation parameterisation;

    /** A finished training run. */
    public record Trained(Path modelFile, CoarseModel model, List<CoarseTrainer.HistoryRow> history, double trainSeconds, boolean fromCache) {
        /** Loss curves, total and per term, against the step, each relative to its first logged value ({@link LossCurves}). */
        public XYChart lossChart(String title) {
            return LossCurves.chart(history, title);
        }
    }

    private CoarseExperiment(CtSource ct, CoarseRun.Options options) {
        this.ct = ct;
        this.options = options;
        RenderSettings rs = new RenderSettings(stepMm(ct, options));
        PoseSampling sampling = PoseSampling.parse(options.sampling());
        DomainRandomisation dr = DomainRandomisation.parse(options.domainRand());
        this.parameterisation = options.parameterisation(ct.isocentreLps());
        this.renderer = Renderers.create(options.backend(), ct.mu(), rs);
        this.extras = ExtraVolumes.open(dr, ct.mu(), options.backend(), rs);
        this.data = new SyntheticData(renderer, extras, CoarseRun.camera(options.inputSize()), parameterisation, sampling,
                ViewLayout.of(options.views()), dr);
    }

    /** The experiment for a CT and settings (opens renderers: close it, or use try-with-resources). */
    public static CoarseExperiment of(CtSource ct, CoarseRun.Options options) {
        return new CoarseExperiment(ct, options);
    }

    public CtSource ct() { return ct; }
    public CoarseRun.Options options() { return options; }
    public SyntheticData data() { return data; }
    public Renderer renderer() { return renderer; }
    public PoseParameterisation parameterisation() { return parameterisation; }

    /** The ray step {@link CoarseRun#run} uses: the option, or the CT's finest spacing (at least 1 mm). */
    static double stepMm(CtSource ct, CoarseRun.Options o) {
        if (o.stepMm() > 0) return o.stepMm();
        double[] s = ct.mu().spacingMm();
        return Math.max(1.0, Math.min(s[0], Math.min(s[1], s[2])));
    }

    /** The trainer settings {@link CoarseRun#run} derives from the options. */
    public TrainerSettings trainerSettings() {
        NetSpec spec = NetSpec.parse(options.net(), options.inputSize());
        return new TrainerSettings(spec, options.steps(), options.casesPerBatch(), options.seed(), options.learningRate(),
                Math.max(1, options.steps() / 20), 0.05, options.logEvery(), options.checkpointEvery(), DataType.FLOAT);
    }

    /** DL4J's layer-by-layer summary of a fresh network of these settings (shapes and parameter counts). */
    public String networkSummary() {
        return CoarseTrainer.newNetwork(trainerSettings()).summary();
    }

    /**
     * The relative poses Δ of the first training cases (steps 0, 1, … of the run's seed, every case of each batch),
     * drawn exactly as {@link SyntheticData#batch} draws them: rotation as an axis-angle vector in degrees and
     * translation in mm, both in the reference isocentre frame (x = image columns, y = image rows, z = towards the
     * source), and the C-arm angle between the first two views.
     */
    public Table sampledPoses(int cases) {
        IntColumn step = IntColumn.create("step"), caseCol = IntColumn.create("case");
        DoubleColumn[] cols = {DoubleColumn.create("rx_deg"), DoubleColumn.create("ry_deg"), DoubleColumn.create("rz_deg"),
            DoubleColumn.create("tx_mm"), DoubleColumn.create("ty_mm"), DoubleColumn.create("tz_mm")};
        DoubleColumn separation = DoubleColumn.create("view_separation_deg");
        int perBatch = options.casesPerBatch();
        for (int i = 0; i < cases; i++) {
            int s = i / perBatch, c = i % perBatch;
            SplittableRandom rng = SyntheticData.caseRandom(options.seed(), s, c);
            Rigid delta = data.sampling().sample(rng);
            Rigid[] views = data.layout().sampleOffsets(rng);
            double[] w = Rotations.logSO3(delta.rotation());
            double[] t = delta.translation();
            step.append(s);
            caseCol.append(c);
            for (int a = 0; a < 3; a++) {
                cols[a].append(Math.toDegrees(w[a]));
                cols[a + 3].append(t[a]);
            }
            separation.append(views.length > 1 ? Math.toDegrees(views[0].inverse().compose(views[1]).angleRad()) : 0.0);
        }
        Table t = Table.create("sampled training poses (relative to the AP reference)", step, caseCol);
        t.addColumns(cols);
        t.addColumns(separation);
        return t;
    }

    /** Two scatter plots of {@link #sampledPoses}: the rotation components and the translation components. */
    public BufferedImage posesFigure(Table poses) {
        Map<String, double[][]> rot = new LinkedHashMap<>();
        rot.put("ωx (about image columns)", new double[][] {col(poses, "ry_deg"), col(poses, "rx_deg")});
        rot.put("ωz (in-plane)", new double[][] {col(poses, "ry_deg"), col(poses, "rz_deg")});
        Map<String, double[][]> tr = new LinkedHashMap<>();
        tr.put("ty (along rows)", new double[][] {col(poses, "tx_mm"), col(poses, "ty_mm")});
        tr.put("tz (depth)", new double[][] {col(poses, "tx_mm"), col(poses, "tz_mm")});
        XYChart a = StatCharts.scatter("rotations of " + poses.rowCount() + " sampled cases", "ωy: C-arm LAO/RAO axis (deg)", "deg", rot);
        XYChart b = StatCharts.scatter("translations", "tx along image columns (mm)", "mm", tr);
        return Panels.charts(a, b);
    }

    private static double[] col(Table t, String name) {
        return t.doubleColumn(name).asDoubleArray();
    }

    /**
     * The first training batch as pictures: one row per case, for each view the clean DRR at the sampled pose (the
     * target of the image terms) and the augmented network input.
     */
    public BufferedImage batchGrid(int cases, int enlarge) {
        SyntheticBatch b = data.batch(options.seed(), 0, cases);
        Camera cam = b.camera();
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        for (int c = 0; c < b.cases(); c++) {
            List<BufferedImage> row = new ArrayList<>();
            List<String> title = new ArrayList<>();
            for (int v = 0; v < b.views(); v++) {
                int i = b.index(c, v);
                double sep = v == 0 ? 0 : Math.toDegrees(b.camIFromCamJ(c, 0, v).angleRad());
                row.add(Pictures.enlarge(Pictures.grey(b.target(i)), enlarge));
                title.add(v == 0 ? String.format(Locale.ROOT, "case %d, view 0: DRR", c) : String.format(Locale.ROOT, "view %d (%.0f° on): DRR", v, sep));
                row.add(Pictures.enlarge(Pictures.grey(new Image(cam.cols(), cam.rows(), b.input(i))), enlarge));
                title.add("its network input");
            }
            rows.add(row);
            titles.add(title);
        }
        return Panels.grid(rows, titles);
    }

    /**
     * The network input of the first sampled training pose (case 0 of batch 0, view 0) made under another
     * domain-randomisation spec, with its nuisances drawn from {@code draw}: the same pose and DRR, only the
     * image formation changes. Draws of one spec differ from each other; the {@code none} input is the DRR seen
     * through the real-image preprocessing.
     */
    public Image trainingInput(String drSpec, long draw) {
        DomainRandomisation dr = DomainRandomisation.parse(drSpec);
        Camera cam = data.camera();
        SplittableRandom caseRng = SyntheticData.caseRandom(options.seed(), 0, 0);
        Rigid caseOffset = data.sampling().sample(caseRng);
        Rigid[] pose = {parameterisation.volFromCamOfRelative(caseOffset.compose(data.layout().sampleOffsets(caseRng)[0]))};
        float[] drr = renderer.render(cam, pose)[0].data();
        ExtraVolumes.View extra = extras.render(cam, pose)[0];
        boolean missing = (dr.needsBoneImage() && extra.bone() == null) || (dr.needsTissueImages() && extra.tissueLow() == null);
        if (missing) {
            try (ExtraVolumes all = ExtraVolumes.open(DomainRandomisation.parse("all"), ct.mu(), options.backend(), new RenderSettings(stepMm(ct, options)))) {
                extra = all.render(cam, pose)[0];
            }
        }
        TrainingImages images = new TrainingImages(dr, parameterisation.isocentreLps());
        SplittableRandom rng = new SplittableRandom(draw * 0x9E3779B97F4A7C15L + options.seed());
        TrainingImages.CaseDraw cd = dr.isLegacy() ? null : images.drawCase(rng);
        return new Image(cam.cols(), cam.rows(), images.networkInput(cam, pose[0], drr, extra, cd, rng));
    }

    /**
     * The first sampled pose under {@code none}, {@code legacy} and {@code all} (then {@code allDraws} more draws of
     * {@code all}), beside a foreign X-ray already preprocessed as the network's input (null: left out).
     */
    public BufferedImage domainRandomisationGrid(int allDraws, Image foreign, String foreignTitle, int enlarge) {
        List<BufferedImage> top = new ArrayList<>(), bottom = new ArrayList<>();
        List<String> topTitles = new ArrayList<>(), bottomTitles = new ArrayList<>();
        for (String spec : new String[] {"none", "legacy", "all"}) {
            top.add(Pictures.enlarge(Pictures.grey(trainingInput(spec, 0)), enlarge));
            topTitles.add("'" + spec + "'");
        }
        if (foreign != null) {
            top.add(Pictures.enlarge(Pictures.grey(foreign), enlarge * data.camera().cols() / foreign.cols()));
            topTitles.add(foreignTitle);
        }
        for (int d = 1; d <= allDraws; d++) {
            bottom.add(Pictures.enlarge(Pictures.grey(trainingInput("all", d)), enlarge));
            bottomTitles.add("'all', draw " + d);
        }
        return bottom.isEmpty() ? Panels.grid(List.of(top), List.of(topTitles)) : Panels.grid(List.of(top, bottom), List.of(topTitles, bottomTitles));
    }

    /**
     * Trains with {@link CoarseRun#run} (progress lines to {@code log}), or loads the model a previous run with the same
     * CT and training settings left in the cache.
     */
    public Trained train(PrintStream log) throws IOException {
        Path dir = Scale.cacheDir("coarse").resolve(cacheKey());
        Path model = dir.resolve("model.zip");
        Path seconds = dir.resolve("train-seconds.txt");
        // A model or checkpoint written by an older version of the library may no longer load: drop it and train again.
        discardIfUnreadable(model, log);
        discardIfUnreadable(dir.resolve("model.ckpt.zip"), log);
        boolean cached = Files.isRegularFile(model) && Files.isRegularFile(seconds);
        double trainSeconds;
        if (cached) {
            trainSeconds = Double.parseDouble(Files.readString(seconds, StandardCharsets.UTF_8).trim());
            log.println(String.format(Locale.ROOT, "coarse: reusing the model trained earlier with these settings (%s, %.0f s of training);"
                    + " delete %s to train again", model, trainSeconds, dir));
        } else {
            Files.createDirectories(dir);
            CoarseRun.Outcome o = CoarseRun.run(ct, CoarseOptions.withEvaluation(options, 0, options.evalSize()), model, log);
            trainSeconds = o.trainSeconds();
            org.crossview.io.AtomicWrite.writeString(seconds, Double.toString(trainSeconds));
        }
        return new Trained(model, CoarseModel.load(model), Checkpoints.history(model), trainSeconds, cached);
    }

    private static void discardIfUnreadable(Path modelFile, PrintStream log) throws IOException {
        if (!Files.isRegularFile(modelFile)) return;
        try {
            CoarseModel.load(modelFile);
        } catch (IOException | RuntimeException e) {
            log.println("coarse: cannot read the cached " + modelFile.getFileName() + " (" + e.getMessage() + "); training again");
            Files.delete(modelFile);
        }
    }

    /** The cache folder name: a digest of the CT's μ, isocentre and name, and the options that decide training. */
    String cacheKey() {
        StringBuilder sb = new StringBuilder();
        var mu = ct.mu();
        sb.append(mu.nx()).append('x').append(mu.ny()).append('x').append(mu.nz()).append(Arrays.toString(mu.spacingMm()))
                .append(Arrays.hashCode(mu.data()));
        for (double x : ct.isocentreLps()) sb.append(String.format(Locale.ROOT, ",%.2f", x));
        sb.append('|').append(CoarseOptions.trainingKey(options));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) hex.append(String.format("%02x", d[i]));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Simulated X-rays the network never saw, exactly as {@link CoarseRun#run} scores a model: poses from a stream
     * disjoint from training, the full detector at {@code size}², detector blur and Poisson noise, log domain.
     */
    public List<ObservedCase> heldOut(int cases, int size) {
        return HeldOutXrays.simulate(renderer, CoarseRun.camera(size), parameterisation, data.sampling(), data.layout(), cases, options.seed(),
                options.evalPhotons(), 1.0);
    }

    /** mTRE of the reference pose, the per-view predictions and their multi-view consensus on the held-out cases. */
    public CoarseEvaluation.Result evaluate(CoarseModel model, List<ObservedCase> cases) {
        return CoarseEvaluation.evaluate(model, cases, ct.scoringPoints());
    }

    /**
     * Held-out X-rays with the CT's landmarks (or scoring points) projected at the true pose (green crosses) and at
     * the network's prediction for that view (red crosses), one row per case; titles give each view's mTRE.
     */
    public BufferedImage predictionOverlays(CoarseModel model, List<ObservedCase> cases, int count, int enlarge) {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        double[][] points = ct.scoringPoints();
        for (int c = 0; c < Math.min(count, cases.size()); c++) {
            ObservedCase oc = cases.get(c);
            Rigid[] predicted = model.predict(oc.camera(), oc.logImages());
            List<BufferedImage> row = new ArrayList<>();
            List<String> title = new ArrayList<>();
            for (int v = 0; v < oc.views(); v++) {
                BufferedImage p = Pictures.enlarge(Pictures.grey(oc.logImages()[v]), enlarge);
                p = Pictures.withPoints(p, project(oc.camera(), oc.trueVolFromCam()[v], points), enlarge, Color.GREEN, false);
                p = Pictures.withPoints(p, project(oc.camera(), predicted[v], points), enlarge, Color.RED, false);
                row.add(p);
                title.add(String.format(Locale.ROOT, "%s view %d: mTRE %.1f mm", oc.name(), v,
                        CoarseEvaluation.mtreMm(oc.trueVolFromCam()[v], predicted[v], points)));
            }
            rows.add(row);
            titles.add(title);
        }
        return Panels.caption(Panels.grid(rows, titles), "green: landmarks at the true pose   red: at the coarse network's prediction");
    }

    /** Pixel positions of volume points seen by a camera at a pose (points behind the source are left out). */
    static Map<String, double[]> project(Camera camera, Rigid volFromCam, double[][] pointsLps) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Rigid camFromVol = volFromCam.inverse();
        for (int i = 0; i < pointsLps.length; i++) {
            double[] uv = camera.project(camFromVol.apply(pointsLps[i]));
            if (Double.isFinite(uv[0]) && Double.isFinite(uv[1])) out.put("p" + i, uv);
        }
        return out;
    }

    @Override
    public void close() {
        renderer.close();
        extras.close();
    }
}
