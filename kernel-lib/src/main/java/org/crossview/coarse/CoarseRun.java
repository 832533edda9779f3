package org.crossview.coarse;

import org.crossview.geometry.CArm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.volume.Volume;
import org.crossview.plot.Charts;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One coarse-stage experiment end to end, the code behind {@code crossview train} and the notebooks:
 * train on DRRs of one CT (resuming from the checkpoint when one matches), write model.zip and a
 * loss-curve PNG, then score the model on held-out simulated X-rays.
 */
public final class CoarseRun {
    private CoarseRun() {}

    /**
     * The loss's images: the network's binned by this factor ({@link CoarseLossObjective#binned}; 1 = as they are).
     * 2 trains 1.6× faster ({@code crossview bench train --paths before,after,after-loss-binned}) but measured a little
     * worse on the head file's foreign X-rays (coarse alone, 1000 steps, two seeds: 57.4 vs 52.8 mm mean), so it is off.
     */
    public static final int LOSS_IMAGE_BINNING = 1;

    /** Batches of fresh synthetic views a keypoint model's error is measured on after training ({@link KeypointCalibration}). */
    static final int CALIBRATION_BATCHES = 16;

    /** Everything a run needs besides the CT. */
    public record Options(int views, LossWeights weights, int steps, int inputSize, long seed, int casesPerBatch, double learningRate,
            String net, String sampling, String domainRand, double stepMm, String backend, int logEvery, int checkpointEvery, boolean fresh,
            int evalCases, int evalSize, double evalPhotons, double rotationScaleRad, double translationScaleMm, String poseDistance, String similarity,
            PoseParameterisation.Translation translation) {

        /** What the translation outputs mean unless a run says otherwise. */
        public static final PoseParameterisation.Translation DEFAULT_TRANSLATION = PoseParameterisation.Translation.SHIFT;

        /** With the default translation outputs ({@link #DEFAULT_TRANSLATION}). */
        public Options(int views, LossWeights weights, int steps, int inputSize, long seed, int casesPerBatch, double learningRate, String net,
                String sampling, String domainRand, double stepMm, String backend, int logEvery, int checkpointEvery, boolean fresh, int evalCases,
                int evalSize, double evalPhotons, double rotationScaleRad, double translationScaleMm, String poseDistance, String similarity) {
            this(views, weights, steps, inputSize, seed, casesPerBatch, learningRate, net, sampling, domainRand, stepMm, backend, logEvery, checkpointEvery,
                    fresh, evalCases, evalSize, evalPhotons, rotationScaleRad, translationScaleMm, poseDistance, similarity, DEFAULT_TRANSLATION);
        }

        /**
         * The coarse network {@code train} and {@code register} train unless told otherwise: widths 16-32-64, one block in
         * the first stage and two in the others, with a heatmap keypoint head ({@link KeypointHead}, {@link SoftArgmax})
         * whose score maps sit on the 16² grid ({@link NetSpec#withFineMaps}). Measured on the shared
         * foreign-simulator samples (closing notes of 2026-12-06): keypoint heads' case fits beat the pose head trained with
         * the paper's four terms; once the fit weighed each keypoint by its measured error, the heatmap head's case fits beat
         * the regressed keypoints' on both files in two seeds, and widths 16-32-64 beat 8-16-32 (its score maps need no
         * flattening layer, so the wider network costs little); its maps are trained to peak where the point is
         * ({@link KeypointObjective#HEATMAP_SHAPE_WEIGHT}), which sharpened the case fits; a second block in the last two
         * stages and fine maps (closing note of 2026-12-07) each cut the network's keypoint error on fresh synthetic views
         * and the head's single-view errors, together most. The pose head stays available ({@code --net tutorial}) and is
         * what the notebooks train to reproduce the paper's loss ablations.
         */
        public static final String DEFAULT_NET = "16:1,2,2:hm" + KeypointHead.DEFAULT_COUNT + ":fine";

        /** Training steps by default: a keypoint step renders no loss images, so 4000 of them take about as long as 2000 pose-head steps did. */
        public static final int DEFAULT_STEPS = 4000;

        public static Options tutorial() {
            return new Options(3, LossWeights.defaults(), DEFAULT_STEPS, 64, 1, 3, 3e-3, DEFAULT_NET, "wide", DomainRandomisation.DEFAULT, 0, "auto", 25, 100,
                    false, 20, 192, 1e4, 0.25, 50, "points", "ncc");
        }

        /**
         * The same run trained where the C-arm was: given the acquisition's recorded C-arm angles (LAO +, by projection;
         * {@link org.crossview.data.CarmAngles}), the sampling's orbit spans them ({@link PoseSampling.Orbit}), so that
         * the network sees every view angle of the acquisition and spends none of its capacity elsewhere. Why not the
         * whole orbit always: at tutorial scale a network trained over ±90° places keypoints worse near AP (measured in
         * the closing note of 2026-12-06, fourth session). Unchanged without angles or when the sampling has an orbit.
         */
        public Options forCarmAnglesDeg(java.util.Map<String, Double> carmAnglesDeg) {
            if (carmAnglesDeg.isEmpty() || sampling.contains(",orbit=")) return this;
            double lo = carmAnglesDeg.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = carmAnglesDeg.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            return toBuilder().sampling(String.format(java.util.Locale.ROOT, "%s,orbit=%.1f..%.1f", sampling, Math.floor(lo * 10) / 10,
                    Math.ceil(hi * 10) / 10)).build();
        }

        /** The same run with other training images ({@link DomainRandomisation} spec). */
        public Options withDomainRand(String spec) {
            return toBuilder().domainRand(spec).build();
        }

        /** A copy to change some fields of: {@code o.toBuilder().steps(400).seed(2).build()}. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Copies of {@link Options} with some fields changed (the record has too many for copying by hand). */
        public static final class Builder {
            private int views, steps, inputSize, casesPerBatch, logEvery, checkpointEvery, evalCases, evalSize;
            private LossWeights weights;
            private long seed;
            private double learningRate, stepMm, evalPhotons, rotationScaleRad, translationScaleMm;
            private String net, sampling, domainRand, backend, poseDistance, similarity;
            private boolean fresh;
            private PoseParameterisation.Translation translation;

            private Builder(Options o) {
                views = o.views; weights = o.weights; steps = o.steps; inputSize = o.inputSize; seed = o.seed; casesPerBatch = o.casesPerBatch;
                learningRate = o.learningRate; net = o.net; sampling = o.sampling; domainRand = o.domainRand; stepMm = o.stepMm;
                backend = o.backend; logEvery = o.logEvery; checkpointEvery = o.checkpointEvery; fresh = o.fresh; evalCases = o.evalCases;
                evalSize = o.evalSize; evalPhotons = o.evalPhotons; rotationScaleRad = o.rotationScaleRad;
                translationScaleMm = o.translationScaleMm; poseDistance = o.poseDistance; similarity = o.similarity; translation = o.translation;
            }

            public Builder views(int v) { views = v; return this; }
            public Builder weights(LossWeights w) { weights = w; return this; }
            public Builder steps(int v) { steps = v; return this; }
            public Builder inputSize(int v) { inputSize = v; return this; }
            public Builder seed(long v) { seed = v; return this; }
            public Builder casesPerBatch(int v) { casesPerBatch = v; return this; }
            public Builder net(String v) { net = v; return this; }
            public Builder sampling(String v) { sampling = v; return this; }
            public Builder domainRand(String v) { domainRand = v; return this; }
            public Builder stepMm(double v) { stepMm = v; return this; }
            public Builder backend(String v) { backend = v; return this; }
            public Builder logEvery(int v) { logEvery = v; return this; }
            public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
            public Builder fresh(boolean v) { fresh = v; return this; }
            public Builder evaluation(int cases, int size) { evalCases = cases; evalSize = size; return this; }
            public Builder translation(PoseParameterisation.Translation v) { translation = v; return this; }

            public Options build() {
                return new Options(views, weights, steps, inputSize, seed, casesPerBatch, learningRate, net, sampling, domainRand, stepMm, backend,
                        logEvery, checkpointEvery, fresh, evalCases, evalSize, evalPhotons, rotationScaleRad, translationScaleMm, poseDistance,
                        similarity, translation);
            }
        }

        /** The parameterisation of a run on a CT with this isocentre. */
        public PoseParameterisation parameterisation(double[] isocentreLps) {
            return new PoseParameterisation(CArm.atIsocentre(isocentreLps, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM).apVolFromCam(),
                    CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM, rotationScaleRad, translationScaleMm, translation);
        }
    }

    /** What a run produced. */
    public record Outcome(Path model, Path lossPlot, CoarseEvaluation.Result evaluation, double trainSeconds, double samplesPerSecond, int stepsRun) {}

    /** {@link #LOSS_IMAGE_BINNING} where it leaves the loss images at least 32² (the network's own size below that). */
    public static int lossBinning(int inputSize) {
        return inputSize / LOSS_IMAGE_BINNING >= 32 ? LOSS_IMAGE_BINNING : 1;
    }

    /** The DeepFluoro detector resized to size² pixels (the whole 1536² area, 1020 mm SDD). */
    public static Camera camera(int size) {
        return Camera.deepFluoroFullRes().resized(size, size);
    }

    public static Outcome run(CtSource ct, Options o, Path out, PrintStream log) throws IOException {
        Path ckpt = sibling(out, ".ckpt.zip");
        Path plot = sibling(out, ".loss.png");
        Camera cam = camera(o.inputSize());
        // Auto step: the CT averaged to the network's pixel footprint (TrainingVolume); an explicit step keeps the CT as it is.
        TrainingVolume tv = o.stepMm() > 0 ? new TrainingVolume(ct.mu(), o.stepMm(), 1)
                : TrainingVolume.forCamera(ct.mu(), cam, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        Volume mu = tv.mu();
        double step = tv.stepMm();
        RenderSettings rs = new RenderSettings(step);
        PoseSampling sampling = PoseSampling.parse(o.sampling());
        DomainRandomisation dr = DomainRandomisation.parse(o.domainRand());
        PoseParameterisation param = o.parameterisation(ct.isocentreLps());
        ViewLayout layout = ViewLayout.of(o.views());
        NetSpec spec = NetSpec.parse(o.net(), o.inputSize());
        int warmup = Math.max(1, o.steps() / 20);
        TrainerSettings ts = new TrainerSettings(spec, o.steps(), o.casesPerBatch(), o.seed(), o.learningRate(), warmup, 0.05, o.logEvery(),
                o.checkpointEvery(), DataType.FLOAT);
        // A keypoint head's points: in the CT's bone, fixed by the seed, stored with the model.
        double[][] keypoints = spec.keypoints() > 0 ? KeypointHead.fromCt(ct.mu(), CtSource.boneThresholdMu(), spec.keypoints(), o.seed()) : null;
        CoarseModelInfo info = new CoarseModelInfo(cam, param, spec, ct.name(), o.sampling(), o.views(), o.weights().format(), o.steps(), o.seed(),
                dr.spec(), keypoints);

        try (Renderer renderer = Renderers.create(o.backend(), mu, rs);
                ExtraVolumes extras = ExtraVolumes.open(dr, mu, o.backend(), rs)) {
            SyntheticData data = new SyntheticData(renderer, extras, cam, param, sampling, layout, dr);
            CoarseObjective objective = info.keypointHead().<CoarseObjective>map(h -> new KeypointObjective(h, o.inputSize(), spec.softArgmax().orElse(null)))
                    .orElseGet(() -> CoarseLossObjective.of(o.weights(), renderer, o.poseDistance(), o.similarity(), ct.isocentreLps(),
                            cam.sourceToDetectorMm()).binned(lossBinning(o.inputSize())));
            log.printf("coarse: CT %s, μ %dx%dx%d%s, renderer %s (step %.2f mm), %s%n", ct.name(), mu.nx(), mu.ny(), mu.nz(),
                    tv.factor() > 1 ? " (averaged " + tv.factor() + "³ to the network's pixel footprint)" : "", renderer.name(), step, param);
            String loss = keypoints != null ? "loss: " + objective.describe()
                    : "weights λp,λI,λxp,λxI = " + o.weights().format() + " (" + objective.describe() + ")";
            log.printf("coarse: net %s, %d steps × %d cases × %d views, %s, sampling %s, domain randomisation %s, seed %d%n",
                    spec.describe(), o.steps(), o.casesPerBatch(), o.views(), loss, sampling.describe(), dr.describe(), o.seed());

            CoarseTrainer trainer;
            if (!o.fresh() && Files.isRegularFile(ckpt)) {
                trainer = CoarseTrainer.resume(ckpt, data, objective, ts);
                log.printf("coarse: resuming from %s at step %d%n", ckpt, trainer.currentStep());
            } else {
                ComputationGraph net = CoarseTrainer.newNetwork(ts);
                trainer = new CoarseTrainer(net, data, objective, ts);
                log.printf("coarse: fresh network, %d parameters%n", net.numParams());
            }
            int startStep = trainer.currentStep();
            long t0 = System.nanoTime();
            trainer.run(log, ckpt, info);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int ran = trainer.currentStep() - startStep;
            double sps = ran * (double) o.casesPerBatch() * o.views() / Math.max(seconds, 1e-9);
            if (keypoints != null) {
                // What the pose fit weighs the keypoints by: their error on views the network never saw.
                double[] sd = KeypointCalibration.keypointSd(new CoarseModel(trainer.network(), info), data, o.seed(), CALIBRATION_BATCHES, o.casesPerBatch());
                info = info.withKeypointSd(sd);
                log.printf(Locale.ROOT, "coarse: keypoint errors on %d fresh synthetic views (sd, px at %d²; the pose fit weighs each keypoint by it): %s%n",
                        CALIBRATION_BATCHES * o.casesPerBatch() * o.views(), o.inputSize(), KeypointCalibration.describePx(sd, o.inputSize()));
            }
            trainer.saveCheckpoint(out, info);
            Files.deleteIfExists(ckpt);
            savePlot(trainer.history(), plot, ct.name() + " — weights " + o.weights().format());
            log.printf("coarse: trained %d steps in %.1f s (%.1f samples/s); wrote %s and %s%n", ran, seconds, sps, out, plot);

            CoarseEvaluation.Result eval = null;
            if (o.evalCases() > 0) {
                CoarseModel model = CoarseModel.load(out);
                List<ObservedCase> cases = HeldOutXrays.simulate(renderer, camera(o.evalSize()), param, sampling, layout, o.evalCases(), o.seed(),
                        o.evalPhotons(), 1.0);
                eval = CoarseEvaluation.evaluate(model, cases, ct.scoringPoints());
                log.printf("coarse: held-out simulated X-rays: %d cases × %d views at %d² (I0 %.0f, blur 1 px, Poisson), mTRE over %d %s (mm):%n%s",
                        o.evalCases(), o.views(), o.evalSize(), o.evalPhotons(), ct.scoringPoints().length,
                        ct.landmarksLps().isEmpty() ? "cube corners" : "landmarks", eval.table());
            }
            return new Outcome(out, plot, eval, seconds, sps, ran);
        }
    }

    /** Loss curves (total and each active term) on a logarithmic axis. */
    public static XYChart lossChart(List<CoarseTrainer.HistoryRow> history, String title) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        double[] x = history.stream().mapToDouble(CoarseTrainer.HistoryRow::step).toArray();
        series.put("total", new double[][] {x, history.stream().mapToDouble(CoarseTrainer.HistoryRow::total).toArray()});
        if (!history.isEmpty()) {
            for (String term : history.get(0).terms().keySet()) {
                double[] y = history.stream().mapToDouble(r -> r.terms().getOrDefault(term, Double.NaN)).toArray();
                if (java.util.Arrays.stream(y).allMatch(Double::isFinite)) {
                    series.put(term + (term.contains("pose") ? " (mm)" : " (1−NCC)"), new double[][] {x, y});
                }
            }
        }
        XYChart chart = Charts.lines(title, "step", "loss", series);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        return chart;
    }

    static void savePlot(List<CoarseTrainer.HistoryRow> history, Path file, String title) throws IOException {
        if (history.isEmpty()) return;
        Charts.savePng(lossChart(history, title), file);
    }

    /** model.zip → model.ckpt.zip / model.loss.png next to it. */
    static Path sibling(Path out, String suffix) {
        String n = out.getFileName().toString();
        String stem = n.endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
        return out.resolveSibling(stem + suffix);
    }
}
