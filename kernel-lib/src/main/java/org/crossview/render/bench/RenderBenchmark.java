package org.crossview.render.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.PaddedVolume;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Volume;

/**
 * The render benchmark behind {@code crossview bench render}: DRRs/s and samples/s of each back end,
 * forward and forward + pose gradient, against {@code plastimatch drr} on the same scene in the same run,
 * and against the bare trilinear gather loop ({@link GatherLimit}). Speeds are best-of-rounds, with our
 * runs and plastimatch's interleaved round by round so that load from other users hits both alike;
 * compare the ratios, not the absolute figures.
 */
public final class RenderBenchmark {
    private RenderBenchmark() {}

    public record Settings(List<String> backends, int[] sizes, int batch, double stepMm, double secondsPerMeasurement, int rounds,
            boolean plastimatch) {}

    /** One timed configuration. samplesPerDrr is ours for the same scene (plastimatch's is within ~1 %). */
    public record Measurement(String scene, String renderer, String mode, int size, double stepMm, int batch, double drrPerSecond,
            double samplesPerDrr, double drrPerCpuSecond) {
        public double samplesPerSecond() {
            return drrPerSecond * samplesPerDrr;
        }
    }

    /** gatherLimits[i]: samples/s of the bare loop for image size sizes[i] (see {@link GatherLimit}). */
    public record Report(String scene, String volume, int threads, List<Measurement> measurements, int[] sizes, double[] gatherLimits,
            double imageAgreementRms, String imageAgreementNote) {
        double gatherLimit(int size) {
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] == size) return gatherLimits[i];
            }
            return Double.NaN;
        }
    }

    public static Report run(String sceneName, Volume vol, Settings s, PrintStream progress) throws IOException, InterruptedException {
        List<Measurement> all = new ArrayList<>();
        double spacingDeg = 360.0 / s.batch();
        Rigid[] poses = BenchScene.gantryPoses(s.batch(), spacingDeg);
        List<Renderer> renderers = new ArrayList<>();
        for (String b : s.backends()) renderers.add(Renderers.create(b, vol, new RenderSettings(s.stepMm())));
        CpuRenderer counter = new CpuRenderer(vol, new RenderSettings(s.stepMm()));
        boolean pm = s.plastimatch() && PlastimatchDrr.available();
        if (s.plastimatch() && !pm) progress.println("plastimatch not found on PATH: skipping the peer comparison (apt-get install plastimatch)");
        double agreement = Double.NaN;
        String agreementNote = "not measured";
        try (PlastimatchDrr peer = pm ? PlastimatchDrr.prepare(vol) : null) {
            double[][][] best = new double[s.sizes().length][renderers.size() * 2 + 2][2]; // [wall, per CPU-second]
            for (int r = 0; r < s.rounds(); r++) {
                for (int si = 0; si < s.sizes().length; si++) {
                    int size = s.sizes()[si];
                    Camera cam = BenchScene.camera(size);
                    int slot = 0;
                    for (Renderer renderer : renderers) {
                        double[] fwdRates = rates(() -> renderer.render(cam, poses), s.secondsPerMeasurement());
                        double fwd = fwdRates[0] * poses.length;
                        best[si][slot][0] = Math.max(best[si][slot][0], fwd);
                        best[si][slot][1] = Math.max(best[si][slot][1], fwdRates[1] * poses.length);
                        slot++;
                        if (!renderer.name().equals("siddon")) {
                            double[] both = rates(() -> {
                                Image[] drr = renderer.render(cam, poses);
                                renderer.poseGradient(cam, poses, drr);
                            }, s.secondsPerMeasurement());
                            best[si][slot][0] = Math.max(best[si][slot][0], both[0] * poses.length);
                            best[si][slot][1] = Math.max(best[si][slot][1], both[1] * poses.length);
                        }
                        slot++;
                        progress.printf(Locale.ROOT, "round %d, %d², %s: forward %.2f DRR/s%n", r + 1, size, renderer.name(), fwd);
                    }
                    if (pm) {
                        for (String alg : new String[] {"uniform", "exact"}) {
                            double seconds = peer.run(alg, size, poses.length, spacingDeg);
                            double rate = poses.length / seconds;
                            best[si][slot][0] = Math.max(best[si][slot][0], rate);
                            slot++;
                            progress.printf(Locale.ROOT, "round %d, %d², plastimatch %s: %.2f DRR/s%n", r + 1, size, alg, rate);
                        }
                    }
                }
            }
            for (int si = 0; si < s.sizes().length; si++) {
                int size = s.sizes()[si];
                Camera cam = BenchScene.camera(size);
                double samples = (double) counter.sampleCount(cam, poses) / poses.length;
                int slot = 0;
                for (Renderer renderer : renderers) {
                    all.add(new Measurement(sceneName, renderer.name(), "forward", size, renderer.name().equals("siddon") ? Double.NaN : s.stepMm(),
                            s.batch(), best[si][slot][0], samples, best[si][slot][1]));
                    slot++;
                    if (!renderer.name().equals("siddon")) {
                        all.add(new Measurement(sceneName, renderer.name(), "forward+gradient", size, s.stepMm(), s.batch(), best[si][slot][0], samples,
                                best[si][slot][1]));
                    }
                    slot++;
                }
                if (pm) {
                    double pmStep = PlastimatchDrr.UNIFORM_STEP_FRACTION * vol.spacingMm()[0];
                    all.add(new Measurement(sceneName, "plastimatch uniform", "forward", size, pmStep, s.batch(), best[si][slot++][0],
                            samples * s.stepMm() / pmStep, Double.NaN));
                    all.add(new Measurement(sceneName, "plastimatch exact", "forward", size, Double.NaN, s.batch(), best[si][slot][0], Double.NaN,
                            Double.NaN));
                }
            }
            if (pm) {
                int size = s.sizes()[0];
                peer.run("uniform", size, 1, 0);
                float[] theirs = peer.firstImage(size);
                Image ours = new CpuRenderer(vol, new RenderSettings(PlastimatchDrr.UNIFORM_STEP_FRACTION * vol.spacingMm()[0]))
                        .render(BenchScene.camera(size), BenchScene.gantryPose(0));
                double[] cmp = bestAgreement(ours, theirs, 10);
                agreement = cmp[0];
                agreementNote = String.format(Locale.ROOT, "our DRR vs 10 x plastimatch uniform at %d², gantry 0°, best of 8 flips/transposes (#%d)",
                        size, (int) cmp[1]);
            }
        }
        for (Renderer r : renderers) r.close();
        progress.println("timing the bare trilinear gather loop ...");
        PaddedVolume padded = new PaddedVolume(vol);
        double[][] beams = new double[poses.length][];
        double[] a = vol.lpsToIndexAffine();
        for (int p = 0; p < poses.length; p++) {
            double[] d = poses[p].applyToDirection(0, 0, -1); // the beam, LPS
            double[] q = {a[0] * d[0] + a[1] * d[1] + a[2] * d[2], a[4] * d[0] + a[5] * d[1] + a[6] * d[2], a[8] * d[0] + a[9] * d[1] + a[10] * d[2]};
            double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
            beams[p] = new double[] {q[0] / n, q[1] / n, q[2] / n};
        }
        double[] limits = new double[s.sizes().length];
        for (int si = 0; si < s.sizes().length; si++) {
            int size = s.sizes()[si];
            // Rays spaced like the pixels' rays at the volume's centre; sample step in voxels.
            double spacingVoxels = BenchScene.DETECTOR_MM / size * BenchScene.SOURCE_TO_CENTRE_MM / BenchScene.SOURCE_TO_DETECTOR_MM / vol.spacingMm()[0];
            limits[si] = GatherLimit.samplesPerSecond(padded, beams, size, spacingVoxels, s.stepMm() / vol.spacingMm()[0],
                    Math.max(1.0, s.secondsPerMeasurement()));
        }
        return new Report(sceneName, vol.nx() + "x" + vol.ny() + "x" + vol.nz() + " voxels of " + vol.spacingMm()[0] + " mm", Runtime.getRuntime().availableProcessors(), all, s.sizes(), limits, agreement, agreementNote);
    }

    /** Calls per second of {@code work}: one warm-up call, then repeated calls for about {@code seconds}. */
    static double callsPerSecond(Runnable work, double seconds) {
        return rates(work, seconds)[0];
    }

    /**
     * {calls per wall-clock second, calls per CPU-second of this process} of {@code work}, as in
     * {@link #callsPerSecond}. On a machine shared with other users the second is the steadier figure: it counts
     * every thread of the process (Java's pool, an OpenCL runtime's workers) but not time lost to other processes.
     * Linux counts CPU time in 10 ms ticks, so measure for a second or more.
     */
    static double[] rates(Runnable work, double seconds) {
        work.run();
        int calls = 0;
        long t0 = System.nanoTime(), deadline = t0 + (long) (seconds * 1e9), cpu0 = processCpuNanos();
        long now;
        do {
            work.run();
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        long cpu = processCpuNanos() - cpu0;
        return new double[] {calls / ((now - t0) * 1e-9), cpu > 0 ? calls / (cpu * 1e-9) : Double.NaN};
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getProcessCpuTime();
        return -1;
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
        sb.append(String.format(Locale.ROOT, "scene %s: %s, %d cores, DRRs of a %d-pose batch%n", r.scene(), r.volume(),
                r.threads(), r.measurements().isEmpty() ? 0 : r.measurements().get(0).batch()));
        sb.append(String.format(Locale.ROOT, "%-22s %-17s %5s %7s %10s %14s %9s %11s%n", "renderer", "mode", "size", "step", "DRR/s", "samples/s", "vs gather",
                "DRR/CPU-s"));
        for (Measurement m : r.measurements()) {
            sb.append(String.format(Locale.ROOT, "%-22s %-17s %5d %7s %10.2f %14s %9s %11s%n", m.renderer(), m.mode(), m.size(),
                    Double.isNaN(m.stepMm()) ? "exact" : String.format(Locale.ROOT, "%.2f", m.stepMm()), m.drrPerSecond(),
                    Double.isNaN(m.samplesPerDrr()) ? "-" : String.format(Locale.ROOT, "%.3g", m.samplesPerSecond()),
                    Double.isNaN(m.samplesPerDrr()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * m.samplesPerSecond() / r.gatherLimit(m.size())),
                    Double.isNaN(m.drrPerCpuSecond()) ? "-" : String.format(Locale.ROOT, "%.2f", m.drrPerCpuSecond())));
        }
        for (int i = 0; i < r.sizes().length; i++) {
            sb.append(String.format(Locale.ROOT, "bare trilinear gather loop, rays spaced as at %d²: %.3g samples/s%n", r.sizes()[i], r.gatherLimits()[i]));
        }
        for (Measurement m : r.measurements()) {
            if (!m.mode().equals("forward") || m.renderer().startsWith("plastimatch")) continue;
            for (Measurement p : r.measurements()) {
                if (p.renderer().startsWith("plastimatch") && p.size() == m.size()) {
                    sb.append(String.format(Locale.ROOT, "ratio %s forward / %s at %d²: %.2f%n", m.renderer(), p.renderer(), m.size(),
                            m.drrPerSecond() / p.drrPerSecond()));
                }
            }
        }
        for (String[] ratio : backendRatios(r)) sb.append("ratio ").append(ratio[0]).append(": ").append(ratio[1]).append('\n');
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
        JsonObject limits = new JsonObject();
        for (int i = 0; i < r.sizes().length; i++) limits.add(Integer.toString(r.sizes()[i]), number(r.gatherLimits()[i]));
        o.add("gatherLimitSamplesPerSecond", limits);
        o.add("imageAgreementRms", number(r.imageAgreementRms()));
        o.addProperty("imageAgreementNote", r.imageAgreementNote());
        JsonArray rows = new JsonArray();
        for (Measurement m : r.measurements()) {
            JsonObject row = new JsonObject();
            row.addProperty("renderer", m.renderer());
            row.addProperty("mode", m.mode());
            row.addProperty("size", m.size());
            row.add("stepMm", number(m.stepMm()));
            row.addProperty("batch", m.batch());
            row.add("drrPerSecond", number(m.drrPerSecond()));
            row.add("samplesPerDrr", number(m.samplesPerDrr()));
            row.add("samplesPerSecond", number(m.samplesPerSecond()));
            row.add("drrPerCpuSecond", number(m.drrPerCpuSecond()));
            rows.add(row);
        }
        o.add("measurements", rows);
        JsonObject ratios = new JsonObject();
        for (Measurement m : r.measurements()) {
            if (!m.mode().equals("forward") || m.renderer().startsWith("plastimatch")) continue;
            for (Measurement p : r.measurements()) {
                if (p.renderer().startsWith("plastimatch") && p.size() == m.size()) {
                    ratios.add(m.renderer() + " / " + p.renderer() + " @" + m.size(), number(m.drrPerSecond() / p.drrPerSecond()));
                }
            }
        }
        o.add("forwardSpeedRatios", ratios);
        JsonObject backendRatios = new JsonObject();
        for (String[] ratio : backendRatios(r)) backendRatios.add(ratio[0], number(Double.parseDouble(ratio[1])));
        o.add("backendSpeedRatios", backendRatios);
        return o;
    }

    private static JsonElement number(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    /** Each back end's speed over the Java CPU renderer's in the same run, same mode and size: {label, ratio}. */
    static List<String[]> backendRatios(Report r) {
        List<String[]> out = new ArrayList<>();
        for (Measurement m : r.measurements()) {
            if (m.renderer().equals("cpu") || m.renderer().equals("siddon") || m.renderer().startsWith("plastimatch")) continue;
            for (Measurement c : r.measurements()) {
                if (c.renderer().equals("cpu") && c.mode().equals(m.mode()) && c.size() == m.size()) {
                    out.add(new String[] {String.format(Locale.ROOT, "%s / cpu, %s at %d²", m.renderer(), m.mode(), m.size()),
                        String.format(Locale.ROOT, "%.3f", m.drrPerSecond() / c.drrPerSecond())});
                    out.add(new String[] {String.format(Locale.ROOT, "%s / cpu, %s at %d², per CPU-second", m.renderer(), m.mode(), m.size()),
                        String.format(Locale.ROOT, "%.3f", m.drrPerCpuSecond() / c.drrPerCpuSecond())});
                }
            }
        }
        return out;
    }
}
