package org.crossview.render.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.BrickedVolume;
import org.crossview.render.CpuRenderer;
import org.crossview.render.EmptySpace;
import org.crossview.render.Linearisation;
import org.crossview.render.PaddedVolume;
import org.crossview.render.Projector;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.render.opencl.OpenClDevice;
import org.crossview.render.opencl.OpenClDevices;
import org.crossview.render.opencl.OpenClRenderer;
import org.crossview.volume.Volume;

/**
 * The render benchmark behind {@code crossview bench render}: DRRs/s and samples/s of each back end,
 * forward and forward + pose gradient, against {@code plastimatch drr} on the same scene in the same run,
 * and against the bare trilinear gather loop ({@link GatherLimit}). Every figure is the median of the rounds, ours and
 * plastimatch's alike (one measurement of each per round, the same number of rounds), with the runs interleaved round by
 * round so that load from other users hits both alike; compare the ratios, not the absolute figures. (A minimum would
 * favour whichever side happened to catch a quiet moment: plastimatch's CPU time per DRR is a difference of two runs, and
 * its minimum reads low under load.)
 */
public final class RenderBenchmark {
    private RenderBenchmark() {}

    /**
     * stepMm NaN: plastimatch's uniform step, {@link PlastimatchDrr#UNIFORM_STEP_FRACTION} of the smallest voxel spacing
     * of each scene. Besides {@link Renderers#known} back ends, {@value #UNSKIPPED} and {@value #OPENCL_UNSKIPPED} are the
     * Java and OpenCL renderers without empty-space skipping (the same numbers, every sample marched), to show what
     * skipping gains in the same run, and {@value #JOSEPH_SCALAR} Joseph's projector without vector lanes.
     */
    public record Settings(List<String> backends, int[] sizes, int batch, double stepMm, double secondsPerMeasurement, int rounds,
            boolean plastimatch) {}

    /** Bench-only back end name: {@link CpuRenderer} marching every sample in the support box. */
    public static final String UNSKIPPED = "cpu-noskip";
    /** Bench-only back end name: Joseph's projector one ray at a time, without vector lanes (what the packets gain). */
    public static final String JOSEPH_SCALAR = "joseph-scalar";
    /** Bench-only back end name: the OpenCL renderer (preferred device) marching every sample. */
    public static final String OPENCL_UNSKIPPED = "opencl-noskip";

    /**
     * One timed configuration: the median over the rounds of the wall-clock rate and of the CPU time per DRR (all
     * threads; less sensitive than wall time to other users' load on a shared machine). samplesPerDrr is ours for the same scene
     * (plastimatch's clip differs by ~1 %); NaN for the exact (Siddon) renderers. cpuSecondsPerDrrRounds: each round's
     * CPU time per DRR, in round order (the spread shows how noisy the run was).
     */
    public record Measurement(String scene, String renderer, String mode, int size, double stepMm, int batch, double drrPerSecond,
            double cpuSecondsPerDrr, double samplesPerDrr, double[] cpuSecondsPerDrrRounds) {
        public double samplesPerSecond() {
            return drrPerSecond * samplesPerDrr;
        }

        public double samplesPerCpuSecond() {
            return samplesPerDrr / cpuSecondsPerDrr;
        }
    }

    /**
     * gatherLimits[i]: the bare loop for image size sizes[i] (see {@link GatherLimit}), as a measurement. Empty space: zeroVoxelFraction of the voxels are μ = 0, occupiedBrickFraction of the skipping bricks ({@link EmptySpace}) may hold a
     * non-zero sample, and marchedFraction[i] of the samples in the support box are marched at sizes[i].
     */
    public record Report(String scene, String volume, int threads, int rounds, List<Measurement> measurements, int[] sizes, Measurement[] gatherLimits,
            double imageAgreementRms, String imageAgreementNote, double zeroVoxelFraction, double occupiedBrickFraction, double[] marchedFraction,
            List<ImageError> imageErrors) {
        Measurement gatherLimit(int size) {
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] == size) return gatherLimits[i];
            }
            return null;
        }
    }

    /**
     * The accuracy cost of a back end's quadrature: relative RMS difference of its DRRs from the trilinear projector's at a fine
     * step ({@value #FINE_STEP_VOXELS} of the smallest voxel spacing), over {@link #errorPoses} at one image size.
     */
    public record ImageError(String renderer, int size, double relativeRms) {}

    private static final String IMAGE_ERROR_POSES = "the batch's first two poses";

    /** The fine step of the accuracy reference, in voxels. */
    public static final double FINE_STEP_VOXELS = 0.1;

    /** The poses of the accuracy check: the batch's first two (0° and, with the default batch of 8, 45°: the most oblique). */
    static Rigid[] errorPoses(Rigid[] poses) {
        return Arrays.copyOf(poses, Math.min(2, poses.length));
    }

    /** How the rounds are summarised, for the table and the JSON. */
    static final String STATISTIC = "median of rounds (ours and plastimatch's alike, one measurement of each per round)";

    /** One configuration's measurements, one per round; reported as their medians. */
    static final class Rounds {
        private final List<Double> rates = new ArrayList<>(), cpus = new ArrayList<>();

        void offer(double rate, double cpuPerDrr) {
            rates.add(rate);
            cpus.add(cpuPerDrr);
        }

        double drrPerSecond() {
            return median(rates);
        }

        double cpuSecondsPerDrr() {
            return median(cpus);
        }

        /** Each round's CPU time per DRR, in round order, times {@code scale}. */
        double[] cpuSecondsPerDrrRounds(double scale) {
            return cpus.stream().mapToDouble(x -> x * scale).toArray();
        }
    }

    /** The median (the mean of the middle two for an even count); NaN for none. */
    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /** Rate and CPU cost of repeated calls. */
    record Timing(double callsPerSecond, double cpuSecondsPerCall) {}

    public static Report run(String sceneName, Volume vol, Settings s, PrintStream progress) throws IOException, InterruptedException {
        double spacingDeg = 360.0 / s.batch();
        Rigid[] poses = BenchScene.gantryPoses(s.batch(), spacingDeg);
        int n = poses.length;
        double minSpacing = Math.min(vol.spacingMm()[0], Math.min(vol.spacingMm()[1], vol.spacingMm()[2]));
        double step = Double.isNaN(s.stepMm()) ? PlastimatchDrr.UNIFORM_STEP_FRACTION * minSpacing : s.stepMm();
        RenderSettings settings = new RenderSettings(step);
        List<Renderer> renderers = new ArrayList<>();
        for (String b : s.backends()) renderers.add(create(b, vol, settings));
        CpuRenderer counter = new CpuRenderer(vol, settings), counterAll = new CpuRenderer(vol, settings, false);
        // Joseph's 16-bit voxels need μ ≥ 0: counted only when a Joseph back end is timed.
        CpuRenderer josephCounter = s.backends().stream().anyMatch(b -> b.startsWith(JOSEPH)) ? new CpuRenderer(vol, settings.withProjector(Projector.JOSEPH)) : null;
        boolean pm = s.plastimatch() && PlastimatchDrr.available();
        if (s.plastimatch() && !pm) progress.println("plastimatch not found on PATH: skipping the peer comparison (apt-get install plastimatch)");
        PaddedVolume padded = new PaddedVolume(vol);
        BrickedVolume bricks = new BrickedVolume(vol);
        double[][] beams = beamDirections(vol, poses);
        List<Measurement> all = new ArrayList<>();
        double[] marched = new double[s.sizes().length];
        Measurement[] limits = new Measurement[s.sizes().length];
        double agreement = Double.NaN;
        String agreementNote = "not measured";
        try (PlastimatchDrr peer = pm ? PlastimatchDrr.prepare(vol) : null) {
            int slotsPerSize = 2 * renderers.size() + 3;
            Rounds[][] rounds = new Rounds[s.sizes().length][slotsPerSize];
            for (Rounds[] row : rounds) {
                for (int i = 0; i < row.length; i++) row[i] = new Rounds();
            }
            // Rounds interleave every configuration, so that other users' load hits all of them alike.
            for (int r = 0; r < s.rounds(); r++) {
                for (int si = 0; si < s.sizes().length; si++) {
                    int size = s.sizes()[si];
                    Camera cam = BenchScene.camera(size);
                    int slot = 0;
                    for (Renderer renderer : renderers) {
                        Timing fwd = time(() -> renderer.render(cam, poses), s.secondsPerMeasurement());
                        rounds[si][slot++].offer(fwd.callsPerSecond() * n, fwd.cpuSecondsPerCall() / n);
                        if (!renderer.name().equals("siddon")) {
                            // As the losses do it: images and Jacobians (one walk where the back end can), then the VJP.
                            Timing both = time(() -> {
                                Linearisation lin = renderer.linearise(cam, poses);
                                lin.vjp(lin.images());
                            }, s.secondsPerMeasurement());
                            rounds[si][slot].offer(both.callsPerSecond() * n, both.cpuSecondsPerCall() / n);
                        }
                        slot++;
                        progress.printf(Locale.ROOT, "%s round %d, %d², %s: forward %.2f DRR/s, %.1f CPU-ms/DRR%n", sceneName, r + 1, size,
                                renderer.name(), fwd.callsPerSecond() * n, 1e3 * fwd.cpuSecondsPerCall() / n);
                    }
                    Timing bare = GatherLimit.time(padded, bricks, beams, size, raySpacingVoxels(vol, size), step / minSpacing,
                            s.secondsPerMeasurement());
                    rounds[si][slot++].offer(bare.callsPerSecond(), bare.cpuSecondsPerCall()); // per "DRR" = per pass over the rays
                    if (pm) {
                        for (String alg : new String[] {"uniform", "exact"}) {
                            PlastimatchDrr.Run one = peer.run(alg, size, 1, spacingDeg), many = peer.run(alg, size, n, spacingDeg);
                            double rate = n / many.reportedSeconds();
                            // CPU per DRR without the volume load: the difference of an n-image and a 1-image run.
                            double cpu = (many.cpuSeconds() - one.cpuSeconds()) / (n - 1);
                            rounds[si][slot++].offer(rate, cpu);
                            progress.printf(Locale.ROOT, "%s round %d, %d², plastimatch %s: %.2f DRR/s, %.1f CPU-ms/DRR%n", sceneName, r + 1, size,
                                    alg, rate, 1e3 * cpu);
                        }
                    }
                }
            }
            for (int si = 0; si < s.sizes().length; si++) {
                int size = s.sizes()[si];
                double samples = (double) counter.sampleCount(BenchScene.camera(size), poses) / n;
                marched[si] = samples * n / counterAll.sampleCount(BenchScene.camera(size), poses);
                double josephSamples = josephCounter == null ? Double.NaN : (double) josephCounter.sampleCount(BenchScene.camera(size), poses) / n;
                int slot = 0;
                for (Renderer renderer : renderers) {
                    boolean exact = renderer.name().equals("siddon"); // no samples: voxel crossings
                    boolean joseph = renderer.name().startsWith(JOSEPH); // samples on the voxel planes: no step of its own
                    double rendererStep = exact || joseph ? Double.NaN : step, rendererSamples = exact ? Double.NaN : joseph ? josephSamples : samples;
                    Rounds f = rounds[si][slot++], g = rounds[si][slot++];
                    all.add(new Measurement(sceneName, renderer.name(), "forward", size, rendererStep, s.batch(),
                            f.drrPerSecond(), f.cpuSecondsPerDrr(), rendererSamples, f.cpuSecondsPerDrrRounds(1)));
                    if (!exact) {
                        all.add(new Measurement(sceneName, renderer.name(), "forward+gradient", size, rendererStep, s.batch(), g.drrPerSecond(),
                                g.cpuSecondsPerDrr(), rendererSamples, g.cpuSecondsPerDrrRounds(1)));
                    }
                }
                Rounds bare = rounds[si][slot++];
                long bareSamples = GatherLimit.samplesPerPass(padded, beams, size, raySpacingVoxels(vol, size), step / minSpacing);
                limits[si] = new Measurement(sceneName, "bare gather loop", "forward", size, step, s.batch(), bare.drrPerSecond() * n,
                        bare.cpuSecondsPerDrr() / n, (double) bareSamples / n, bare.cpuSecondsPerDrrRounds(1.0 / n));
                if (pm) {
                    double pmStep = PlastimatchDrr.UNIFORM_STEP_FRACTION * minSpacing;
                    Rounds u = rounds[si][slot++], e = rounds[si][slot];
                    all.add(new Measurement(sceneName, "plastimatch uniform", "forward", size, pmStep, s.batch(), u.drrPerSecond(),
                            u.cpuSecondsPerDrr(), samples / marched[si] * step / pmStep, u.cpuSecondsPerDrrRounds(1)));
                    all.add(new Measurement(sceneName, "plastimatch exact", "forward", size, Double.NaN, s.batch(), e.drrPerSecond(),
                            e.cpuSecondsPerDrr(), Double.NaN, e.cpuSecondsPerDrrRounds(1)));
                }
            }
            if (pm) {
                int size = s.sizes()[0];
                peer.run("uniform", size, 1, 0);
                float[] theirs = peer.firstImage(size);
                Image ours = new CpuRenderer(vol, new RenderSettings(PlastimatchDrr.UNIFORM_STEP_FRACTION * minSpacing))
                        .render(BenchScene.camera(size), BenchScene.gantryPose(0));
                double[] cmp = bestAgreement(ours, theirs, 10);
                agreement = cmp[0];
                agreementNote = String.format(Locale.ROOT, "our DRR vs 10 x plastimatch uniform at %d², gantry 0°, best of 8 flips/transposes (#%d)",
                        size, (int) cmp[1]);
            }
        }
        List<ImageError> errors = imageErrors(vol, renderers, s.sizes(), errorPoses(poses), minSpacing, progress);
        for (Renderer r : renderers) r.close();
        long zeros = 0;
        for (float x : vol.data()) zeros += x == 0 ? 1 : 0;
        double[] sp = vol.spacingMm();
        String spacing = sp[0] == sp[1] && sp[1] == sp[2] ? sp[0] + " mm" : String.format(Locale.ROOT, "%.3gx%.3gx%.3g mm", sp[0], sp[1], sp[2]);
        return new Report(sceneName, vol.nx() + "x" + vol.ny() + "x" + vol.nz() + " voxels of " + spacing, Runtime.getRuntime().availableProcessors(), s.rounds(), all,
                s.sizes(), limits, agreement, agreementNote, (double) zeros / vol.data().length, new EmptySpace(vol).occupiedFraction(), marched, errors);
    }

    /** Bench back end name of the Java renderer with {@link Projector#JOSEPH} (as {@link Renderers#create} names it). */
    static final String JOSEPH = "joseph";

    /** {@link ImageError}s of the sampling back ends (Siddon is another model, not a quadrature of this one). */
    private static List<ImageError> imageErrors(Volume vol, List<Renderer> renderers, int[] sizes, Rigid[] poses, double minSpacing, PrintStream progress) {
        List<ImageError> out = new ArrayList<>();
        CpuRenderer fine = new CpuRenderer(vol, new RenderSettings(FINE_STEP_VOXELS * minSpacing));
        for (int size : sizes) {
            Camera cam = BenchScene.camera(size);
            Image[] ref = fine.render(cam, poses);
            for (Renderer r : renderers) {
                if (r.name().equals("siddon")) continue;
                Image[] im = r.render(cam, poses);
                double err = 0, norm = 0;
                for (int p = 0; p < poses.length; p++) {
                    float[] a = im[p].data(), b = ref[p].data();
                    for (int i = 0; i < a.length; i++) {
                        err += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
                        norm += (double) b[i] * b[i];
                    }
                }
                out.add(new ImageError(r.name(), size, Math.sqrt(err / norm)));
                progress.printf(Locale.ROOT, "image error at %d², %s: relative RMS %.2e vs trilinear at %.2g voxel%n", size, r.name(), Math.sqrt(err / norm),
                        FINE_STEP_VOXELS);
            }
        }
        return out;
    }

    /** A back end of {@link Renderers#create}, or one of the bench-only unskipped ones under its own name. */
    private static Renderer create(String backend, Volume vol, RenderSettings settings) {
        Renderer r;
        switch (backend) {
            case UNSKIPPED -> r = new CpuRenderer(vol, settings, false);
            case JOSEPH_SCALAR -> {
                return new CpuRenderer(vol, settings.withProjector(Projector.JOSEPH), true, false); // named joseph-scalar
            }
            case OPENCL_UNSKIPPED -> {
                OpenClDevice d = OpenClDevices.require();
                r = new OpenClRenderer(vol, settings, d, OpenClRenderer.Options.defaults(d).withSkipEmpty(false));
            }
            default -> {
                return Renderers.create(backend, vol, settings);
            }
        }
        Renderer inner = r;
        return new Renderer() {
            @Override
            public Image[] render(Camera camera, Rigid[] volFromCam) {
                return inner.render(camera, volFromCam);
            }

            @Override
            public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
                return inner.poseGradient(camera, volFromCam, dLossdImage);
            }

            @Override
            public Linearisation linearise(Camera camera, Rigid[] volFromCam) {
                return inner.linearise(camera, volFromCam);
            }

            @Override
            public void close() {
                inner.close();
            }

            @Override
            public String name() {
                return backend;
            }
        };
    }

    /** The beam direction of each pose in index space (unit). */
    private static double[][] beamDirections(Volume vol, Rigid[] poses) {
        double[][] beams = new double[poses.length][];
        double[] a = vol.lpsToIndexAffine();
        for (int p = 0; p < poses.length; p++) {
            double[] d = poses[p].applyToDirection(0, 0, -1); // the beam, LPS
            double[] q = {a[0] * d[0] + a[1] * d[1] + a[2] * d[2], a[4] * d[0] + a[5] * d[1] + a[6] * d[2], a[8] * d[0] + a[9] * d[1] + a[10] * d[2]};
            double len = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
            beams[p] = new double[] {q[0] / len, q[1] / len, q[2] / len};
        }
        return beams;
    }

    /** Distance between neighbouring pixels' rays at the volume's centre, in voxels. */
    private static double raySpacingVoxels(Volume vol, int size) {
        return BenchScene.DETECTOR_MM / size * BenchScene.SOURCE_TO_CENTRE_MM / BenchScene.SOURCE_TO_DETECTOR_MM / vol.spacingMm()[0];
    }

    /** Calls per second and CPU seconds per call of {@code work}: one warm-up call, then repeated calls for ≥ {@code seconds}. */
    static Timing time(Runnable work, double seconds) {
        work.run();
        int calls = 0;
        long cpu0 = CpuClock.processNanos(), t0 = System.nanoTime(), deadline = t0 + (long) (seconds * 1e9);
        long now;
        do {
            work.run();
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        long cpu = CpuClock.processNanos() - cpu0;
        return new Timing(calls / ((now - t0) * 1e-9), cpu * 1e-9 / calls);
    }

    /**
     * Relative RMS difference between our image and scale × theirs under the best of the 8 axis flips and
     * transposes (plastimatch's image axes are its own), and the index of that symmetry.
     */
    static double[] bestAgreement(Image ours, float[] theirs, double scale) {
        int n = ours.cols();
        double bestRms = Double.POSITIVE_INFINITY;
        int bestSym = -1;
        double norm = 0;
        for (float x : ours.data()) norm += (double) x * x;
        for (int sym = 0; sym < 8; sym++) {
            double err = 0;
            for (int v = 0; v < n; v++) {
                for (int u = 0; u < n; u++) {
                    int a = (sym & 1) != 0 ? n - 1 - u : u, b = (sym & 2) != 0 ? n - 1 - v : v;
                    int idx = (sym & 4) != 0 ? a * n + b : b * n + a;
                    double d = ours.get(u, v) - scale * theirs[idx];
                    err += d * d;
                }
            }
            if (err < bestRms) {
                bestRms = err;
                bestSym = sym;
            }
        }
        return new double[] {Math.sqrt(bestRms / norm), bestSym};
    }

    /** A plain-text table with the ratios the issue asks for. */
    public static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scene %s: %s, %d cores, DRRs of a %d-pose batch (%s, %d rounds; CPU time of all threads)%n",
                r.scene(), r.volume(), r.threads(), r.measurements().isEmpty() ? 0 : r.measurements().get(0).batch(), STATISTIC, r.rounds()));
        sb.append(String.format(Locale.ROOT, "%-20s %-17s %5s %6s %9s %12s %11s %14s %9s%n", "renderer", "mode", "size", "step", "DRR/s",
                "CPU-ms/DRR", "samples/s", "samples/CPU-s", "vs bare"));
        List<Measurement> rows = new ArrayList<>(r.measurements());
        for (Measurement g : r.gatherLimits()) rows.add(g);
        for (Measurement m : rows) {
            Measurement bare = r.gatherLimit(m.size());
            boolean sampled = !Double.isNaN(m.samplesPerDrr());
            sb.append(String.format(Locale.ROOT, "%-20s %-17s %5d %6s %9.2f %12.2f %11s %14s %9s%n", m.renderer(), m.mode(), m.size(),
                    m.renderer().startsWith(JOSEPH) ? "planes" : Double.isNaN(m.stepMm()) ? "exact" : String.format(Locale.ROOT, "%.2f", m.stepMm()), m.drrPerSecond(), 1e3 * m.cpuSecondsPerDrr(),
                    sampled ? String.format(Locale.ROOT, "%.3g", m.samplesPerSecond()) : "-",
                    sampled ? String.format(Locale.ROOT, "%.3g", m.samplesPerCpuSecond()) : "-",
                    sampled && bare != null ? String.format(Locale.ROOT, "%.0f%%", 100 * m.samplesPerCpuSecond() / bare.samplesPerCpuSecond()) : "-"));
        }
        for (int i = 0; i < r.sizes().length; i++) {
            sb.append(String.format(Locale.ROOT, "empty space at %d²: %.1f%% of the voxels are μ = 0, %.1f%% of the %d³ bricks occupied, %.1f%% of the samples marched%n",
                    r.sizes()[i], 100 * r.zeroVoxelFraction(), 100 * r.occupiedBrickFraction(), EmptySpace.CELL, 100 * r.marchedFraction()[i]));
        }
        for (Measurement m : r.measurements()) {
            if (m.renderer().startsWith("plastimatch")) continue;
            for (Measurement p : r.measurements()) {
                if (p.renderer().startsWith("plastimatch") && p.size() == m.size()) {
                    sb.append(String.format(Locale.ROOT, "speed-up %s / %s forward at %d²: %.2f (DRR/s), %.2f (CPU time per DRR)%n", ratioLabel(m),
                            p.renderer(), m.size(), m.drrPerSecond() / p.drrPerSecond(), p.cpuSecondsPerDrr() / m.cpuSecondsPerDrr()));
                }
            }
        }
        for (String[] ratio : backendRatios(r)) sb.append("ratio ").append(ratio[0]).append(": ").append(ratio[1]).append('\n');
        for (ImageError e : r.imageErrors()) {
            sb.append(String.format(Locale.ROOT, "image error %s at %d²: relative RMS %.2e vs trilinear at Δ = %.2g voxel (%s)%n", e.renderer(), e.size(),
                    e.relativeRms(), FINE_STEP_VOXELS, IMAGE_ERROR_POSES));
        }
        if (r.measurements().stream().anyMatch(m -> m.renderer().startsWith(JOSEPH))) {
            sb.append("note: joseph samples lie on the voxel planes and read 4 voxels each; the bare loop's read 8\n");
        }
        if (r.measurements().stream().anyMatch(m -> m.renderer().equals(JOSEPH))) {
            sb.append("note: the bare loop reads float voxels, as cpu does; joseph reads 16-bit ones\n");
        }
        if (!Double.isNaN(r.imageAgreementRms())) {
            sb.append(String.format(Locale.ROOT, "same scene check: relative RMS difference %.2e (%s)%n", r.imageAgreementRms(), r.imageAgreementNote()));
        }
        return sb.toString();
    }

    /** The reports as one JSON document {"scenes": [...]}. */
    public static String json(List<Report> reports) {
        JsonObject doc = new JsonObject();
        JsonArray scenes = new JsonArray();
        for (Report r : reports) scenes.add(jsonObject(r));
        doc.add("scenes", scenes);
        return new GsonBuilder().setPrettyPrinting().create().toJson(doc) + "\n";
    }

    /** One report as JSON (NaN figures, e.g. plastimatch exact's samples, become null). */
    static JsonObject jsonObject(Report r) {
        JsonObject o = new JsonObject();
        o.addProperty("scene", r.scene());
        o.addProperty("volume", r.volume());
        o.addProperty("threads", r.threads());
        o.addProperty("rounds", r.rounds());
        o.addProperty("statistic", STATISTIC);
        JsonArray limits = new JsonArray();
        for (Measurement g : r.gatherLimits()) limits.add(measurementJson(g));
        o.add("bareGatherLoop", limits);
        o.add("imageAgreementRms", number(r.imageAgreementRms()));
        o.addProperty("imageAgreementNote", r.imageAgreementNote());
        JsonArray rows = new JsonArray();
        for (Measurement m : r.measurements()) rows.add(measurementJson(m));
        o.add("measurements", rows);
        o.add("zeroVoxelFraction", number(r.zeroVoxelFraction()));
        o.add("occupiedBrickFraction", number(r.occupiedBrickFraction()));
        JsonObject marched = new JsonObject();
        for (int i = 0; i < r.sizes().length; i++) marched.add("@" + r.sizes()[i], number(r.marchedFraction()[i]));
        o.add("marchedSampleFraction", marched);
        // Ours (forward, and forward + pose gradient) over plastimatch's forward DRRs: "cpu / plastimatch exact @256",
        // "cpu forward+gradient / plastimatch exact @256".
        JsonObject ratios = new JsonObject();
        for (Measurement m : r.measurements()) {
            if (m.renderer().startsWith("plastimatch")) continue;
            for (Measurement p : r.measurements()) {
                if (p.renderer().startsWith("plastimatch") && p.size() == m.size()) {
                    JsonObject ratio = new JsonObject();
                    ratio.add("byDrrPerSecond", number(m.drrPerSecond() / p.drrPerSecond()));
                    ratio.add("byCpuTimePerDrr", number(p.cpuSecondsPerDrr() / m.cpuSecondsPerDrr()));
                    ratios.add(ratioLabel(m) + " / " + p.renderer() + " @" + m.size(), ratio);
                }
            }
        }
        o.add("speedRatiosToPlastimatch", ratios);
        // "joseph @128": relative RMS of its DRRs against the trilinear projector at a fine step.
        JsonObject errors = new JsonObject();
        for (ImageError e : r.imageErrors()) errors.add(e.renderer() + " @" + e.size(), number(e.relativeRms()));
        o.add("imageErrorVsFineStep", errors);
        o.addProperty("imageErrorNote", String.format(Locale.ROOT, "relative RMS vs the trilinear projector at Δ = %.2g of the smallest voxel spacing, %s",
                FINE_STEP_VOXELS, IMAGE_ERROR_POSES));
        JsonObject backendRatios = new JsonObject();
        for (String[] ratio : backendRatios(r)) backendRatios.add(ratio[0], number(Double.parseDouble(ratio[1])));
        o.add("backendSpeedRatios", backendRatios);
        return o;
    }

    private static JsonObject measurementJson(Measurement m) {
        JsonObject row = new JsonObject();
        row.addProperty("renderer", m.renderer());
        row.addProperty("mode", m.mode());
        row.addProperty("size", m.size());
        row.add("stepMm", number(m.stepMm()));
        row.addProperty("batch", m.batch());
        row.add("drrPerSecond", number(m.drrPerSecond()));
        row.add("cpuSecondsPerDrr", number(m.cpuSecondsPerDrr()));
        JsonArray perRound = new JsonArray();
        for (double x : m.cpuSecondsPerDrrRounds()) perRound.add(number(x));
        row.add("cpuSecondsPerDrrRounds", perRound);
        row.add("samplesPerDrr", number(m.samplesPerDrr()));
        row.add("samplesPerSecond", number(m.samplesPerSecond()));
        row.add("samplesPerCpuSecond", number(m.samplesPerCpuSecond()));
        return row;
    }

    /** "cpu" for a forward row, "cpu forward+gradient" for the other mode. */
    private static String ratioLabel(Measurement m) {
        return m.mode().equals("forward") ? m.renderer() : m.renderer() + " " + m.mode();
    }

    private static JsonElement number(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    /** Each back end's speed over the Java CPU renderer's in the same run, same mode and size: {label, ratio}. */
    static List<String[]> backendRatios(Report r) {
        List<String[]> out = new ArrayList<>();
        for (Measurement m : r.measurements()) {
            if (m.renderer().equals("cpu") || m.renderer().equals("siddon") || m.renderer().startsWith("plastimatch")) continue; // *-noskip: what skipping saves
            for (Measurement c : r.measurements()) {
                if (c.renderer().equals("cpu") && c.mode().equals(m.mode()) && c.size() == m.size()) {
                    out.add(new String[] {String.format(Locale.ROOT, "%s / cpu, %s at %d²", m.renderer(), m.mode(), m.size()),
                        String.format(Locale.ROOT, "%.3f", m.drrPerSecond() / c.drrPerSecond())});
                    out.add(new String[] {String.format(Locale.ROOT, "%s / cpu, %s at %d², by CPU time per DRR", m.renderer(), m.mode(), m.size()),
                        String.format(Locale.ROOT, "%.3f", c.cpuSecondsPerDrr() / m.cpuSecondsPerDrr())});
                }
            }
        }
        return out;
    }
}
