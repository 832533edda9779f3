package org.crossview.coarse.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.coarse.Augmentation;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.ExtraVolumes;
import org.crossview.coarse.TrainingVolume;
import org.crossview.volume.Volume;
import org.crossview.coarse.CoarseLossObjective;
import org.crossview.coarse.CoarseObjective;
import org.crossview.coarse.KeypointHead;
import org.crossview.coarse.KeypointObjective;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CoarseTrainer;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.Nd4jThreads;
import org.crossview.coarse.NetSpec;
import org.crossview.coarse.PoseParameterisation;
import org.crossview.coarse.PoseSampling;
import org.crossview.coarse.ProfiledRenderer;
import org.crossview.coarse.StepProfile;
import org.crossview.coarse.SyntheticData;
import org.crossview.coarse.TrainerSettings;
import org.crossview.coarse.ViewLayout;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The training benchmark behind {@code crossview bench train}: samples/s of coarse training steps with
 * {@code crossview register}'s settings ({@link CoarseRun.Options#tutorial()}), for the trainer
 * configurations given, round-robin in one run (so load from other users hits all alike), with the
 * wall time of every phase of a step as a share of the step.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /** What is timed: {@code rounds} × {@code steps} steps per configuration after {@code warmupSteps} untimed ones. */
    public record Settings(int size, int views, int cases, String backend, double stepMm, int warmupSteps, int steps, int rounds, List<Config> configs) {}

    /**
     * One trainer configuration: the loss's DRRs and VJPs in one renderer call per batch (else one per view),
     * how the trainer executes ({@link CoarseTrainer.Execution}), ND4J's native threads, whether the data
     * stream gets its own renderer instance (else it shares the loss's, as {@code CoarseRun} does), and
     * whether the CT is rendered as {@code CoarseRun} now does by default, averaged to the network's pixel
     * footprint and marched in footprint steps ({@link TrainingVolume}; fewer samples per ray: a different,
     * coarser loss, so its losses do not agree with the others'), or as it is at the old auto step; and the loss
     * images' binning ({@link CoarseLossObjective#binned}; 0: what {@code CoarseRun} does for the input size). The
     * "after-keypoints" path trains the keypoint head ({@link org.crossview.coarse.KeypointHead}) instead: its loss
     * renders nothing; "after-default" trains what {@code train} trains by default ({@link CoarseRun.Options#DEFAULT_NET}:
     * the larger network, heatmap keypoints), so the ratio before / after-default is the speed a user sees;
     * "after-default-layers" is that with the step's passes through DL4J's layers instead of {@code coarse.DirectTrainingPass},
     * "after-default-dl4j-bn" that with DL4J's batch normalisation instead of the Java one ({@code coarse.BatchNormTraining}).
     */
    public record Config(String name, boolean batchedLoss, CoarseTrainer.Execution execution, int nd4jThreads, boolean ownDataRenderer,
            boolean footprint, int lossBinning) {
        public static final List<String> NAMES = List.of("before", "batched", "prefetch", "fused", "after", "after-batched", "after-own-data",
                "after-nd4j2", "after-full-ct", "after-conv2d-bp", "after-loss-binned", "after-loss-full", "after-keypoints", "after-default", "after-default-layers", "after-default-dl4j-bn");

        public Config(String name, boolean batchedLoss, CoarseTrainer.Execution execution, int nd4jThreads, boolean ownDataRenderer, boolean footprint) {
            this(name, batchedLoss, execution, nd4jThreads, ownDataRenderer, footprint, name.startsWith("after") ? 0 : 1);
        }

        public static Config byName(String name) {
            CoarseTrainer.Execution original = CoarseTrainer.Execution.original(), fast = CoarseTrainer.Execution.fast();
            return switch (name) {
                case "before" -> new Config(name, false, original, 1, false, false);
                case "batched" -> new Config(name, true, original, 1, false, false);
                case "prefetch" -> new Config(name, false, new CoarseTrainer.Execution(true, false), 1, false, false);
                case "fused" -> new Config(name, false, new CoarseTrainer.Execution(false, true), 1, false, false);
                case "after" -> new Config(name, false, fast, 1, false, true);
                case "after-batched" -> new Config(name, true, fast, 1, false, true);
                case "after-own-data" -> new Config(name, false, fast, 1, true, true);
                case "after-nd4j2" -> new Config(name, false, fast, 2, false, true);
                case "after-full-ct" -> new Config(name, false, fast, 1, false, false);
                case "after-conv2d-bp" -> new Config(name, false, new CoarseTrainer.Execution(true, true, false), 1, false, true);
                case "after-loss-binned" -> new Config(name, false, fast, 1, false, true, 2);
                case "after-loss-full" -> new Config(name, false, fast, 1, false, true, 1);
                case "after-keypoints", "after-default" -> new Config(name, false, fast, 1, false, true);
                case "after-default-layers" -> new Config(name, false, new CoarseTrainer.Execution(true, true, true, true), 1, false, true);
                case "after-default-dl4j-bn" -> new Config(name, false, new CoarseTrainer.Execution(true, true, true, false), 1, false, true);
                default -> throw new IllegalArgumentException("--paths: unknown '" + name + "' (known: " + String.join(", ", NAMES) + ")");
            };
        }
    }

    /** One configuration's figures: samples/s (wall), CPU seconds per sample, and its phase profile. */
    public record Result(Config config, double stepMm, double samplesPerSecond, double cpuSecondsPerSample, Map<String, Long> phases,
            Map<String, Long> threadCpu, long wallNanos, int stepsTimed, List<Double> losses) {}

    public record Report(String scene, String renderer, double stepMm, Settings settings, List<Result> results) {}

    /** A trainer and its profile, set up for one configuration. */
    private static final class Run implements AutoCloseable {
        final Config config;
        final StepProfile profile = new StepProfile();
        final Renderer lossBackend, dataBackend, lossRenderer;
        final ExtraVolumes extras;
        final CoarseTrainer trainer;
        final double stepMm;
        long wallNanos, cpuNanos;
        int stepsTimed;
        final List<Double> losses = new ArrayList<>();

        Run(Config config, CtSource ct, Settings s, double stepMm) {
            this.config = config;
            Camera cam = CoarseRun.camera(s.size());
            TrainingVolume tv = config.footprint() ? TrainingVolume.forCamera(ct.mu(), cam, CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM)
                    : new TrainingVolume(ct.mu(), stepMm, 1);
            Volume mu = tv.mu();
            this.stepMm = tv.stepMm();
            RenderSettings rs = new RenderSettings(this.stepMm);
            CoarseRun.Options o = CoarseRun.Options.tutorial();
            lossBackend = Renderers.create(s.backend(), mu, rs);
            dataBackend = config.ownDataRenderer() ? Renderers.create(s.backend(), mu, rs) : lossBackend;
            lossRenderer = new ProfiledRenderer(lossBackend, profile, "loss");
            PoseParameterisation param = o.parameterisation(ct.isocentreLps());
            // "before" makes its images as the trainer did before (log-domain augmentation); every other path as train does now.
            DomainRandomisation dr = config.name().equals("before") ? DomainRandomisation.legacy(Augmentation.defaults())
                    : DomainRandomisation.parse(o.domainRand());
            extras = ExtraVolumes.open(dr, mu, s.backend(), rs);
            SyntheticData data = new SyntheticData(new ProfiledRenderer(dataBackend, profile, "data"),
                    extras.map(r -> new ProfiledRenderer(r, profile, "data.extra")), cam, param, PoseSampling.parse(o.sampling()),
                    ViewLayout.of(s.views()), dr);
            CoarseLossObjective loss = CoarseLossObjective.of(o.weights(), lossRenderer, o.poseDistance(), o.similarity(), ct.isocentreLps(),
                    cam.sourceToDetectorMm());
            if (config.batchedLoss()) loss = loss.batched();
            CoarseObjective objective = loss.binned(config.lossBinning() == 0 ? CoarseRun.lossBinning(s.size()) : config.lossBinning());
            int total = s.warmupSteps() + s.rounds() * s.steps();
            // The paper's pose head for every path but the keypoint ones, whatever train's default head is.
            NetSpec spec = switch (config.name()) {
                case "after-keypoints" -> NetSpec.parse("tutorial", s.size()).withKeypoints(KeypointHead.DEFAULT_COUNT);
                case "after-default", "after-default-layers", "after-default-dl4j-bn" -> NetSpec.parse(CoarseRun.Options.DEFAULT_NET, s.size());
                default -> NetSpec.parse("tutorial", s.size());
            };
            if (spec.keypoints() > 0) { // as CoarseRun builds it: its loss renders nothing
                double[][] points = KeypointHead.fromCt(ct.mu(), CtSource.boneThresholdMu(), spec.keypoints(), o.seed());
                objective = new KeypointObjective(new KeypointHead(points, cam, param.volFromCamRef(), param.isoDistanceMm()), s.size(),
                        spec.softArgmax().orElse(null));
            }
            TrainerSettings ts = new TrainerSettings(spec, total, s.cases(), o.seed(), o.learningRate(), Math.max(1, total / 20), 0.05, 0, 0, DataType.FLOAT);
            trainer = new CoarseTrainer(CoarseTrainer.newNetwork(ts), data, objective, ts).execute(config.execution());
            trainer.profileInto(profile);
        }

        void steps(int n, boolean timed) {
            Nd4jThreads.limit(config.nd4jThreads());
            if (!timed) {
                for (int i = 0; i < n; i++) losses.add(trainer.step().evaluation().total());
                trainer.awaitPrefetch();
                profile.reset();
                return;
            }
            long c0 = cpuNanos(), t0 = System.nanoTime();
            for (int i = 0; i < n; i++) losses.add(trainer.step().evaluation().total());
            trainer.awaitPrefetch(); // its next batch is this configuration's work: finish it inside its own clock
            wallNanos += System.nanoTime() - t0;
            cpuNanos += cpuNanos() - c0;
            stepsTimed += n;
        }

        @Override
        public void close() {
            lossBackend.close();
            if (dataBackend != lossBackend) dataBackend.close();
            extras.close();
        }
    }

    public static Report run(CtSource ct, Settings s, PrintStream progress) {
        double stepMm = s.stepMm() > 0 ? s.stepMm() : Math.max(1.0, Math.min(ct.mu().spacingMm()[0], Math.min(ct.mu().spacingMm()[1], ct.mu().spacingMm()[2])));
        List<Run> runs = new ArrayList<>();
        try {
            for (Config c : s.configs()) runs.add(new Run(c, ct, s, stepMm));
            for (Run r : runs) {
                progress.printf(Locale.ROOT, "bench train: %s: %d warm-up steps ...%n", r.config.name(), s.warmupSteps());
                r.steps(s.warmupSteps(), false);
            }
            long start = System.nanoTime();
            for (int round = 0; round < s.rounds(); round++) {
                for (Run r : runs) {
                    r.steps(s.steps(), true);
                    double done = (round * runs.size() + runs.indexOf(r) + 1.0) / (s.rounds() * runs.size());
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    progress.printf(Locale.ROOT, "bench train: round %d/%d %s done (%.0f s, about %.0f s left)%n", round + 1, s.rounds(), r.config.name(),
                            elapsed, elapsed / done - elapsed);
                }
            }
            List<Result> results = new ArrayList<>();
            int samplesPerStep = s.cases() * s.views();
            for (Run r : runs) {
                double samples = (double) r.stepsTimed * samplesPerStep;
                results.add(new Result(r.config, r.stepMm, samples / (r.wallNanos / 1e9), r.cpuNanos / 1e9 / samples, r.profile.snapshot(),
                        r.profile.threadCpuSnapshot(), r.wallNanos, r.stepsTimed,
                        List.copyOf(r.losses)));
            }
            return new Report(ct.name(), runs.get(0).lossBackend.name(), stepMm, s, results);
        } finally {
            for (Run r : runs) r.close();
        }
    }

    /**
     * The phases of a profile as shares of the timed wall time. The training thread's phases add up to 100 %;
     * the data rows below them say how much data work there was, on the training thread or (prefetching) on
     * the background thread, overlapped with the step.
     */
    static Map<String, Double> shares(Result r) {
        Map<String, Long> p = r.phases();
        Map<String, Double> out = new LinkedHashMap<>();
        double wall = r.wallNanos();
        long data = p.getOrDefault("data", 0L), made = p.getOrDefault("data.made", 0L);
        long dataRender = p.getOrDefault("data.render", 0L), bone = p.getOrDefault("data.extra.render", 0L);
        long forward = p.getOrDefault("forward", 0L), backward = p.getOrDefault("backward", 0L), update = p.getOrDefault("update", 0L);
        long loss = p.getOrDefault("loss", 0L), lossRender = p.getOrDefault("loss.render", 0L), vjp = p.getOrDefault("loss.vjp", 0L);
        out.put("data: make / wait for the batch", data / wall);
        out.put("network forward (ND4J)", forward / wall);
        out.put("loss: render at predicted poses", lossRender / wall);
        out.put("loss: renderer VJP", vjp / wall);
        out.put("loss: NCC, pose terms, rest", (loss - lossRender - vjp) / wall);
        out.put("network backward (ND4J)", backward / wall);
        out.put("updater (Adam)", update / wall);
        out.put("other (e.g. finishing the prefetch)", (r.wallNanos() - data - forward - loss - backward - update) / wall);
        out.put("data work (any thread): all", made / wall);
        out.put("  render DRRs", dataRender / wall);
        out.put("  render bone/tissue images", bone / wall);
        out.put("  augment + preprocess", (made - dataRender - bone) / wall);
        return out;
    }

    public static String table(Report rep) {
        StringBuilder sb = new StringBuilder();
        Settings s = rep.settings();
        sb.append(String.format(Locale.ROOT, "# bench train: %s, renderer %s (auto step %.2f mm), %d² input, %d cases × %d views per step, %d×%d timed steps, %d cores%n",
                rep.scene(), rep.renderer(), rep.stepMm(), s.size(), s.cases(), s.views(), s.rounds(), s.steps(), Runtime.getRuntime().availableProcessors()));
        List<Result> rs = rep.results();
        sb.append(String.format(Locale.ROOT, "%-34s", "share of step wall time"));
        for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14s", r.config().name()));
        sb.append('\n');
        List<Map<String, Double>> shares = rs.stream().map(TrainBenchmark::shares).toList();
        for (String phase : shares.get(0).keySet()) {
            sb.append(String.format(Locale.ROOT, "%-34s", phase));
            for (Map<String, Double> m : shares) sb.append(String.format(Locale.ROOT, " %13.1f%%", 100 * m.get(phase)));
            sb.append('\n');
        }
        for (String[] phase : new String[][] {{"forward", "ND4J forward, CPU ms per step"}, {"backward", "ND4J backward, CPU ms per step"},
                {"update", "updater, CPU ms per step"}}) {
            sb.append(String.format(Locale.ROOT, "%-34s", phase[1]));
            for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14.1f", r.threadCpu().getOrDefault(phase[0], 0L) / 1e6 / r.stepsTimed()));
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-34s", "ray step (mm)"));
        for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14.2f", r.stepMm()));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-34s", "ms per step"));
        for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14.1f", r.wallNanos() / 1e6 / r.stepsTimed()));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-34s", "samples/s (wall)"));
        for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14.1f", r.samplesPerSecond()));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-34s", "CPU ms per sample (all threads)"));
        for (Result r : rs) sb.append(String.format(Locale.ROOT, " %14.1f", 1e3 * r.cpuSecondsPerSample()));
        sb.append('\n');
        if (rs.size() > 1) {
            Result base = rs.get(0);
            for (Result r : rs.subList(1, rs.size())) {
                int steps = Math.min(base.losses().size(), r.losses().size());
                double maxDiff = 0;
                for (int i = 0; i < steps; i++) maxDiff = Math.max(maxDiff, relative(base.losses().get(i), r.losses().get(i)));
                sb.append(String.format(Locale.ROOT, "speed-up %s / %s: %.2f× (wall), %.2f× (CPU per sample); loss of the first step agrees to %.1e, "
                        + "of all %d steps to %.1e relative%n", r.config().name(), base.config().name(), r.samplesPerSecond() / base.samplesPerSecond(),
                        base.cpuSecondsPerSample() / r.cpuSecondsPerSample(), relative(base.losses().get(0), r.losses().get(0)), steps, maxDiff));
            }
        }
        return sb.toString();
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-12, Math.abs(a));
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            if (t >= 0) return t;
        }
        return System.nanoTime();
    }
}
