package org.crossview.fuzz;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.CoarseLoss;
import org.crossview.loss.CrossViewPoseTerm;
import org.crossview.loss.GlobalNcc;
import org.crossview.loss.GradientNcc;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.ImageTerms;
import org.crossview.loss.PatchNcc;
import org.crossview.loss.PoseDistance;
import org.crossview.loss.PoseDistances;
import org.crossview.loss.PoseTerm;
import org.crossview.loss.RefinementObjective;
import org.crossview.loss.Similarities;
import org.crossview.loss.TermValue;
import org.crossview.refine.MultiViewRefiner;
import org.crossview.refine.RefinementResult;
import org.crossview.refine.RefinementSettings;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.opencl.OpenClDevices;
import org.crossview.render.opencl.OpenClRenderer;

/**
 * Issue 15's "no NaN, ever": drives random {@link FuzzScene}s through the renderer (Java, and OpenCL on every
 * {@code openClEvery}-th case where a device exists), every image similarity and its gradient, the pose
 * distances, the cross-view pose and image terms, the coarse loss, the refinement objective and one refinement
 * step (two Adam iterations). Every output must be finite (and every similarity within [−1, 1]), or the call
 * must throw an {@link IllegalArgumentException} with a message; anything else (NaN, ∞, another exception) is
 * a failure, reported with the case seed that reproduces it.
 *
 * <p>Case i of master seed s uses the case seed {@link #caseSeed}(s, i), so any one case can be re-run alone.
 */
public final class NoNanFuzzer {
    /** Similarities are bounded by 1 in magnitude; float rounding of the sums may exceed it by this much. */
    private static final double SIMILARITY_SLACK = 1e-5;

    /**
     * @param seed master seed
     * @param count cases (each a new volume, cameras, poses and images)
     * @param firstCase index of the first case (to re-run one case: its index and count 1)
     * @param openClEvery run the OpenCL renderer on every this-many-th case (0 = never)
     */
    public record Settings(long seed, int count, int firstCase, int openClEvery) {
        public Settings {
            if (count < 1) throw new IllegalArgumentException("count: must be ≥ 1, got " + count);
            if (firstCase < 0) throw new IllegalArgumentException("first case: must be ≥ 0, got " + firstCase);
            if (openClEvery < 0) throw new IllegalArgumentException("OpenCL share: must be ≥ 0, got " + openClEvery);
        }
    }

    private final Settings settings;
    private final boolean openCl;
    private final FuzzTally tally = new FuzzTally();

    public NoNanFuzzer(Settings settings) {
        this.settings = settings;
        this.openCl = settings.openClEvery() > 0 && OpenClDevices.available();
    }

    /** Whether the OpenCL renderer takes part, and if not, why (for the report). */
    public String openClStatus() {
        if (settings.openClEvery() == 0) return "OpenCL renderer: off";
        if (!openCl) return "OpenCL renderer skipped: no OpenCL device (" + OpenClDevices.list().problem() + ")";
        return "OpenCL renderer on every " + settings.openClEvery() + "th case, device " + OpenClDevices.best().map(Object::toString).orElse("?");
    }

    /** The case seed of case {@code index} under master seed {@code seed} (SplitMix64 of both). */
    public static long caseSeed(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs every case; a progress line (with time left) at most every {@code progressSeconds} on {@code progress} (null: none). */
    public FuzzTally run(PrintStream progress, double progressSeconds) {
        long start = System.nanoTime(), lastReport = start;
        for (int k = 0; k < settings.count(); k++) {
            int index = settings.firstCase() + k;
            runCase(index);
            long now = System.nanoTime();
            if (progress != null && (now - lastReport) * 1e-9 >= progressSeconds) {
                lastReport = now;
                double elapsed = (now - start) * 1e-9, left = elapsed / (k + 1) * (settings.count() - k - 1);
                progress.printf(Locale.ROOT, "fuzz: %d/%d cases, %d evaluations, %d failures, %.0f s elapsed, ~%.0f s left%n", k + 1,
                        settings.count(), tally.evaluations(), tally.failures().size(), elapsed, left);
            }
        }
        return tally;
    }

    public FuzzTally tally() {
        return tally;
    }

    /** Generates case {@code index} and evaluates every component on it. */
    public void runCase(int index) {
        long seed = caseSeed(settings.seed(), index);
        FuzzScene scene;
        try {
            scene = FuzzScenes.generate(seed);
        } catch (RuntimeException e) {
            tally.failed(new FuzzTally.Failure("scene generator", index, seed, "?", e.toString()));
            return;
        }
        Case c = new Case(index, scene);
        Random r = new Random(seed ^ 0x5DEECE66DL); // the components' own choices (which similarity, weights ...)
        double[] stepFactors = {0.05, 0.3 + 1.7 * r.nextDouble(), 0.3 + 1.7 * r.nextDouble(), 10, 1000};
        double step = FuzzScenes.minSpacing(scene.mu()) * stepFactors[r.nextInt(stepFactors.length)];
        Renderer cpu = c.make("render", () -> new CpuRenderer(scene.mu(), new RenderSettings(step), r.nextBoolean()));
        renderChecks(c, "render", cpu);
        if (openCl && index % settings.openClEvery() == 0) {
            Renderer cl = c.make("render-opencl", () -> new OpenClRenderer(scene.mu(), new RenderSettings(step)));
            try {
                renderChecks(c, "render-opencl", cl);
            } finally {
                if (cl != null) cl.close();
            }
        }
        se3Checks(c, r);
        similarityChecks(c, r);
        poseDistanceChecks(c, r);
        List<Named> sims = similarities(r);
        ImageSimilarity similarity = sims.get(r.nextInt(sims.size())).similarity();
        List<PoseDistance> all = distances(r, scene);
        PoseDistance distance = all.get(r.nextInt(all.size()));
        c.check("cross-view-pose", () -> {
            TermValue t = new CrossViewPoseTerm(distance).evaluate(scene.views(), scene.predictedVolFromCam());
            requireFinite("value", t.value());
            requireFinite("gradient", t.gradient());
        });
        if (cpu == null) return; // the volume was rejected: nothing to render
        c.check("image-terms", () -> {
            ImageTerms.Result t = new ImageTerms(cpu, similarity).evaluate(scene.views(), scene.predictedVolFromCam(), true, true);
            requireFinite("image term value", t.image().value());
            requireFinite("image term gradient", t.image().gradient());
            requireFinite("cross-view image term value", t.crossImage().value());
            requireFinite("cross-view image term gradient", t.crossImage().gradient());
        });
        c.check("coarse-loss", () -> {
            double[] w = new double[4];
            for (int k = 0; k < 4; k++) w[k] = r.nextInt(4) == 0 ? 0 : Math.pow(10, -3 + 3 * r.nextDouble());
            CoarseLoss.Result res = new CoarseLoss(cpu, new CoarseLoss.Weights(w[0], w[1], w[2], w[3]), distance, similarity)
                    .evaluate(scene.views(), scene.predictedVolFromCam(), scene.trueVolFromCam());
            requireFinite("total", res.total());
            double[] terms = {res.pose(), res.image(), res.crossPose(), res.crossImage()};
            for (int k = 0; k < 4; k++) if (w[k] > 0) requireFinite("term " + k, terms[k]);
            requireFinite("gradient", res.gradient());
        });
        c.check("coarse-loss batched", () -> {
            // Two cases in one call (as a training batch): the renderer sees both cases' poses per camera.
            CoarseLoss.Result[] res = new CoarseLoss(cpu, CoarseLoss.Weights.defaults(), distance, similarity).evaluateAll(
                    List.of(scene.views(), scene.views()), List.of(scene.predictedVolFromCam(), scene.trueVolFromCam()),
                    List.of(scene.trueVolFromCam(), scene.predictedVolFromCam()));
            for (CoarseLoss.Result x : res) {
                requireFinite("total", x.total());
                requireFinite("gradient", x.gradient());
            }
        });
        Rigid predictedRef = scene.predictedVolFromCam()[0].compose(scene.views().get(0).camRefFromCam().inverse());
        c.check("refinement-objective", () -> {
            RefinementObjective.Result res = new RefinementObjective(cpu, similarity).evaluate(scene.views(), predictedRef);
            requireFinite("value", res.value());
            requireFinite("gradient", res.gradient());
            for (Image im : res.rendered()) requireFinite("DRR", im);
        });
        int levels = 1 + r.nextInt(2);
        c.check("refine-step", () -> {
            RefinementSettings s = RefinementSettings.defaults(similarity).withLevels(levels).withMaxIterationsPerLevel(2);
            RefinementResult res = new MultiViewRefiner(cpu, s).refine(scene.views(), predictedRef, scene.pivotVolMm());
            requireFinite("loss", res.finalLoss());
            requireFinite("pose", res.volFromCamRef());
            for (Rigid p : res.volFromCamPerView()) requireFinite("view pose", p);
        });
    }

    /** DRRs at the true and predicted poses of every view, and the pose gradient with the scene's d(loss)/d(image). */
    private static void renderChecks(Case c, String name, Renderer renderer) {
        if (renderer == null) return;
        FuzzScene s = c.scene;
        for (int v = 0; v < s.views().size(); v++) {
            Camera cam = s.views().get(v).camera();
            Rigid[] poses = {s.trueVolFromCam()[v], s.predictedVolFromCam()[v]};
            Image dLoss = s.dLossdImage()[v];
            c.check(name, () -> {
                for (Image im : renderer.render(cam, poses)) requireFinite("DRR", im);
            });
            c.check(name + "-gradient", () -> requireFinite("pose gradient", renderer.poseGradient(cam, poses, new Image[] {dLoss, dLoss})));
        }
    }

    /** exp and log of se(3) on tangents from 1e-300 to 1e300 (an optimiser's or a network's output): a finite pose, or a clear error. */
    private static void se3Checks(Case c, Random r) {
        for (int k = 0; k < 4; k++) {
            double[] xi = new double[6];
            double scale = Math.pow(10, -300 + 600 * r.nextDouble());
            for (int i = 0; i < 6; i++) xi[i] = scale * r.nextGaussian();
            if (k == 0) for (int i = 0; i < 3; i++) xi[i] = r.nextGaussian() * Math.PI; // rotations up to and beyond π
            c.check("se3 exp/log", () -> {
                Rigid t = Rigid.exp(xi);
                requireFinite("exp", t);
                requireFinite("log", t.log());
                requireFinite("log of the inverse", t.inverse().log());
            });
        }
        // A stored (float32) rotation near π or 0: entries off by up to 1e-5, within Rigid.of's rigidity tolerance.
        double angle = r.nextBoolean() ? Math.PI - 1e-9 * r.nextDouble() : 1e-9 * r.nextDouble();
        double[] m = Rigid.rotation(new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian() + 1e-3}, angle).toArray();
        for (int i = 0; i < 12; i++) if (i % 4 != 3) m[i] += 1e-5 * (r.nextDouble() - 0.5);
        c.check("se3 log of a noisy rotation", () -> {
            Rigid t = Rigid.of(java.util.Arrays.copyOf(m, 12));
            requireFinite("log", t.log());
            requireFinite("angle", t.angleRad());
        });
    }

    /** Every similarity, value and gradient, of each view's observed image against a DRR and against other images. */
    private void similarityChecks(Case c, Random r) {
        FuzzScene s = c.scene;
        List<Named> all = similarities(r);
        for (int v = 0; v < s.views().size(); v++) {
            CaseView view = s.views().get(v);
            Image moving = movingImage(r, view.image(), s.views());
            for (Named named : all) {
                ImageSimilarity sim = named.similarity();
                c.check("similarity " + named.name(), () -> {
                    float[] g = new float[moving.data().length];
                    double value = sim.evaluate(view.image(), moving, view.mask(), g);
                    requireFinite("value", value);
                    if (Math.abs(value) > 1 + SIMILARITY_SLACK) throw new NonFinite("value " + value + " outside [−1, 1]");
                    requireFinite("gradient", g);
                    double loss = sim.lossAndGradient(view.image(), moving, view.mask(), g);
                    requireFinite("loss", loss);
                    requireFinite("loss gradient", g);
                });
            }
        }
    }

    /** The image a similarity compares with a view's observed one: itself (identical), a shifted or scaled copy, another view's, or noise. */
    private static Image movingImage(Random r, Image fixed, List<CaseView> views) {
        float[] a = fixed.data(), b = new float[a.length];
        switch (r.nextInt(6)) {
            case 0 -> System.arraycopy(a, 0, b, 0, a.length);
            case 1 -> {
                double scale = r.nextGaussian() * Math.pow(10, 6 * r.nextGaussian()), offset = r.nextGaussian();
                for (int i = 0; i < a.length; i++) b[i] = (float) (scale * a[i] + offset);
            }
            case 2 -> {
                for (int i = 0; i < a.length; i++) b[i] = (float) r.nextGaussian();
            }
            case 3 -> java.util.Arrays.fill(b, (float) r.nextGaussian());
            case 4 -> {
                for (int i = 0; i < a.length; i++) b[i] = a[(i + 1) % a.length];
            }
            default -> {
                Image other = views.get(r.nextInt(views.size())).image();
                if (other.data().length == a.length) System.arraycopy(other.data(), 0, b, 0, a.length);
                else b[r.nextInt(b.length)] = 1;
            }
        }
        for (int i = 0; i < b.length; i++) if (!Float.isFinite(b[i])) b[i] = 0; // huge × huge: keep the input finite
        return new Image(fixed.cols(), fixed.rows(), b);
    }

    /** A similarity under the name its evaluations are counted by (parameters drawn per case are left out). */
    private record Named(String name, ImageSimilarity similarity) {}

    /** The similarities: those of the method by name, and NCC/patch NCC with random patch sizes and the smallest ε (0 for global NCC). */
    private static List<Named> similarities(Random r) {
        int[] patches = {1, 2, 3, 5, 9, 13, 40};
        int p = patches[r.nextInt(patches.length)];
        return List.of(new Named("ncc", Similarities.ncc()), new Named("ncc eps=0", new GlobalNcc(0)),
                new Named("patchN", Similarities.byName("patch" + p)), new Named("patchN eps=min", new PatchNcc(p, PatchNcc.MIN_EPS_REL)),
                new Named("mncc", Similarities.mncc()), new Named("gncc", Similarities.gradientNcc()),
                new Named("gncc global sigma", new GradientNcc(new GlobalNcc(), 0.5 + 2 * r.nextDouble())),
                new Named("mncc+gncc", Similarities.mnccAndGradient()));
    }

    private static List<PoseDistance> distances(Random r, FuzzScene s) {
        double sdd = s.views().get(0).camera().sourceToDetectorMm();
        return List.of(PoseDistances.geodesic(), PoseDistances.translation(), PoseDistances.doubleGeodesic(sdd), PoseDistances.logSe3(),
                PoseDistances.logSe3(Math.pow(10, 4 * r.nextDouble())), PoseDistances.doubleGeodesic(Math.pow(10, -300 + 600 * r.nextDouble())));
    }

    /** Each pose distance between prediction and truth, truth and itself, and two views' predictions. */
    private static void poseDistanceChecks(Case c, Random r) {
        FuzzScene s = c.scene;
        int n = s.views().size();
        List<PoseDistance> all = distances(r, s);
        for (int k = 0; k < all.size(); k++) {
            PoseDistance d = all.get(k);
            String name = "pose " + (k == all.size() - 1 ? "double-geodesic any sdd" : d.name().replaceAll("-s[\\d.E-]+$", "-s#"));
            for (int v = 0; v < n; v++) {
                Rigid p = s.predictedVolFromCam()[v], t = s.trueVolFromCam()[v], o = s.predictedVolFromCam()[(v + 1) % n];
                for (Rigid[] pair : new Rigid[][] {{p, t}, {t, t}, {p, o}}) {
                    c.check(name, () -> {
                        PoseTerm term = d.evaluate(pair[0], pair[1]);
                        requireFinite("value", term.value());
                        if (term.value() < 0) throw new NonFinite("negative distance " + term.value());
                        requireFinite("gradient", term.gradient());
                    });
                }
            }
        }
    }

    /** An output that is NaN or ∞ (or out of its range). */
    private static final class NonFinite extends RuntimeException {
        NonFinite(String message) {
            super(message);
        }
    }

    /** One case: runs components and books each as passed, rejected (IllegalArgumentException) or failed. */
    private final class Case {
        final int index;
        final FuzzScene scene;

        Case(int index, FuzzScene scene) {
            this.index = index;
            this.scene = scene;
        }

        void check(String component, Runnable body) {
            try {
                body.run();
                tally.passed(component);
            } catch (NonFinite e) {
                fail(component, e.getMessage());
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) fail(component, "IllegalArgumentException without a message");
                else tally.rejected(component, e.getMessage());
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                StackTraceElement[] st = e.getStackTrace();
                fail(component, e + (st.length > 0 ? " at " + st[0] : ""));
            }
        }

        /** A renderer (booked under {@code component} when it cannot be made), or null. */
        <T> T make(String component, Supplier<T> maker) {
            try {
                return maker.get();
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) fail(component, "IllegalArgumentException without a message");
                else tally.rejected(component, e.getMessage());
            } catch (RuntimeException e) {
                fail(component, e.toString());
            }
            return null;
        }

        private void fail(String component, String problem) {
            tally.failed(new FuzzTally.Failure(component, index, scene.caseSeed(), scene.description(), problem));
        }
    }

    static void requireFinite(String what, double x) {
        if (!Double.isFinite(x)) throw new NonFinite(what + " is " + x);
    }

    static void requireFinite(String what, double[] x) {
        for (int i = 0; i < x.length; i++) if (!Double.isFinite(x[i])) throw new NonFinite(what + "[" + i + "] is " + x[i]);
    }

    static void requireFinite(String what, double[][] x) {
        for (int i = 0; i < x.length; i++) requireFinite(what + "[" + i + "]", x[i]);
    }

    static void requireFinite(String what, float[] x) {
        for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i])) throw new NonFinite(what + " pixel " + i + " is " + x[i]);
    }

    static void requireFinite(String what, Image im) {
        requireFinite(what, im.data());
    }

    static void requireFinite(String what, Rigid t) {
        requireFinite(what, t.toArray());
    }
}
