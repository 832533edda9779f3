package org.crossview.loss.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.GlobalNcc;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.PatchNcc;
import org.crossview.loss.Similarities;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.render.bench.BenchScene;
import org.crossview.volume.Volume;

/**
 * Speed of the image similarities (value + gradient w.r.t. the moving image) against one DRR's render time in
 * the same run: the ratio says what the loss adds to a registration or training step. Renders one pose per
 * call on the render benchmark's synthetic scene; the similarities run on two DRRs of that scene (the truth
 * and a slightly moved pose), single-threaded, while the renderer uses every core.
 */
public final class LossBenchmark {
    private LossBenchmark() {}

    public record Settings(String backend, int size, int volumeSize, double stepMm, double secondsPerMeasurement, int rounds) {}

    /** One timing: median seconds per call over the rounds. */
    public record Measurement(String what, double secondsPerCall) {}

    public record Report(Settings settings, String renderer, int threads, double drrSeconds, double drrWithGradientSeconds,
            List<Measurement> similarities) {}

    public static Report run(Settings s, PrintStream progress) {
        progress.printf("building the %d³ synthetic volume ...%n", s.volumeSize());
        Volume vol = BenchScene.syntheticVolume(s.volumeSize(), 20250101L);
        Camera cam = BenchScene.camera(s.size());
        Rigid truth = BenchScene.gantryPose(0);
        Rigid moved = truth.perturbRight(0.02, -0.01, 0.015, 3, -2, 4);
        try (Renderer r = Renderers.create(s.backend(), vol, new RenderSettings(s.stepMm()))) {
            Image fixed = r.render(cam, truth), moving = r.render(cam, moved);
            Rigid[] one = {moved};
            Image[] weights = {fixed};
            progress.printf("timing %s DRRs of %d² ...%n", r.name(), s.size());
            double drr = time(s, () -> r.render(cam, one));
            double drrGrad = time(s, () -> r.linearise(cam, one).vjp(weights)); // as the refinement does it
            Map<String, ImageSimilarity> sims = new LinkedHashMap<>();
            sims.put("global NCC", new GlobalNcc());
            sims.put("patch NCC 13", new PatchNcc(13));
            sims.put("patch NCC 9", new PatchNcc(9));
            sims.put("mNCC (0.5 global + 0.5 patch 13)", Similarities.mncc());
            sims.put("gradient NCC (patch 11, σ 1)", Similarities.gradientNcc());
            sims.put("0.5 mNCC + 0.5 gradient NCC", Similarities.mnccAndGradient());
            List<Measurement> out = new ArrayList<>();
            float[] g = new float[fixed.data().length];
            for (Map.Entry<String, ImageSimilarity> e : sims.entrySet()) {
                progress.printf("timing %s + gradient ...%n", e.getKey());
                out.add(new Measurement(e.getKey() + " + gradient", time(s, () -> e.getValue().evaluate(fixed, moving, null, g))));
            }
            out.add(new Measurement("patch NCC 13, value only", time(s, () -> new PatchNcc(13).value(fixed, moving, null))));
            return new Report(s, r.name(), Runtime.getRuntime().availableProcessors(), drr, drrGrad, out);
        }
    }

    /** Median over rounds of the seconds per call, each round running for the set time after a warm-up. */
    private static double time(Settings s, Runnable task) {
        long warmEnd = System.nanoTime() + (long) (0.3 * s.secondsPerMeasurement() * 1e9);
        do task.run(); while (System.nanoTime() < warmEnd);
        double[] perCall = new double[s.rounds()];
        for (int round = 0; round < s.rounds(); round++) {
            long start = System.nanoTime(), end = start + (long) (s.secondsPerMeasurement() * 1e9);
            int n = 0;
            long now;
            do {
                task.run();
                n++;
                now = System.nanoTime();
            } while (now < end);
            perCall[round] = (now - start) * 1e-9 / n;
        }
        Arrays.sort(perCall);
        return perCall[perCall.length / 2];
    }

    public static String table(Report r) {
        StringBuilder sb = new StringBuilder();
        Settings s = r.settings();
        sb.append(String.format(Locale.ROOT, "loss benchmark: %d² images, %s renderer on %d threads, %d³ synthetic volume, step %.2f mm%n",
                s.size(), r.renderer(), r.threads(), s.volumeSize(), s.stepMm()));
        sb.append(String.format(Locale.ROOT, "  one DRR: %.2f ms forward, %.2f ms forward + pose gradient (median of %d rounds)%n",
                r.drrSeconds() * 1e3, r.drrWithGradientSeconds() * 1e3, s.rounds()));
        sb.append(String.format(Locale.ROOT, "  %-46s %10s %14s %18s%n", "similarity (single thread)", "ms", "× DRR fwd", "× DRR fwd+grad"));
        for (Measurement m : r.similarities()) {
            sb.append(String.format(Locale.ROOT, "  %-46s %10.3f %14.3f %18.3f%n", m.what(), m.secondsPerCall() * 1e3,
                    m.secondsPerCall() / r.drrSeconds(), m.secondsPerCall() / r.drrWithGradientSeconds()));
        }
        return sb.toString();
    }
}
