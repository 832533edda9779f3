package org.crossview.cli;

import java.nio.file.Path;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.LossWeights;
import org.crossview.coarse.Nd4jThreads;
import org.crossview.coarse.PoseParameterisation;

/** {@code crossview train}: trains the coarse pose network on DRRs of one CT, then scores it on held-out simulated X-rays. */
public final class TrainCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview train (--data F.h5 [--specimen S] | --phantom [--phantom-voxel 2] | --ct F.nii.gz [--landmarks L.csv])",
            "         --out model.zip",
            "         [--views 3] [--weights λp,λI,λxp,λxI] [--steps " + CoarseRun.Options.DEFAULT_STEPS + "] [--size 64] [--seed 1] [--cases 3] [--lr 3e-3]",
            "         [--net " + CoarseRun.Options.DEFAULT_NET + "|tutorial|paper|W:B1,B2,..[:nobn][:gap][:kpN|:hmN[:fine]]] [--sampling wide|gaussian|uniform[:scale][,orbit=DEG|,orbit=FROM..TO]]",
            "         [--domain-rand all|none|legacy|all,-scatter,-objects,...] [--no-augment (= --domain-rand none)]",
            "         [--step-mm S] [--backend auto|cpu|opencl] [--log-every 25] [--checkpoint-every 100] [--fresh]",
            "         [--pose-loss points|geodesic|double-geodesic|log-se3] [--similarity ncc|mncc|gncc|patchN] [--translation shift|centre]",
            "         [--eval-cases 20] [--eval-size 192] [--eval-photons 1e4] [--nd4j-threads 1]",
            "  Trains on the fly (DRRs rendered per batch; batch s is a function of (seed, s)), writes model.zip (DL4J zip",
            "  + crossview-model.json), model.loss.png, and resumes from model.ckpt.zip if an interrupted run left one",
            "  (--fresh starts over). A zero weight switches its loss term off: --weights 0.01,1,0,1 drops the cross-view",
            "  pose term. --domain-rand: the training images' nuisances (" + DomainRandomisation.DEFAULT + " by default; components: bone, noise, blur,",
            "  falloff, heel, scatter, tissue, collimator, objects, contrast; legacy = the former log-domain augmentation).",
            "  --net ...:hmN: a keypoint head (the default): the network places N keypoints of the CT's bone in the image, each",
            "  read from a score map on the last feature grid (soft-argmax; :fine puts the maps on twice that grid, the last",
            "  stage's features upsampled onto the stage before it), and the pose is fitted to them (all views of a case at",
            "  once, with their known C-arm geometry), each keypoint weighed by its error measured on fresh synthetic views after",
            "  training, against the training spread as prior; trained on the keypoints alone (no renders in the loss, --weights",
            "  unused). :kpN regresses the N positions directly. Without either: the pose head of the paper, trained with --weights.",
            "  --sampling ...,orbit=: the C-arm also turned anywhere within ±DEG, or from FROM to TO degrees (LAO +), about the",
            "  patient's long axis (register does this over the C-arm angles of its --relative JSON).",
            "  --translation: what the network's last three outputs mean: shift (the pose's translation about the isocentre)",
            "  or centre (where the isocentre projects + its log-magnification depth); default " + CoarseRun.Options.DEFAULT_TRANSLATION.label() + ".",
            "  After training, --eval-cases held-out simulated X-rays (never seen in training) are scored: mTRE.");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train the coarse pose network on DRRs of a CT (multi-view, cross-view losses), then score it";
    }

    @Override
    public int run(String[] args) throws Exception {
        CoarseRun.Options d = CoarseRun.Options.tutorial();
        int views = d.views(), steps = d.steps(), size = d.inputSize(), cases = d.casesPerBatch(), logEvery = d.logEvery();
        int ckptEvery = d.checkpointEvery(), evalCases = d.evalCases(), evalSize = d.evalSize(), threads = 1;
        long seed = d.seed();
        double lr = d.learningRate(), stepMm = d.stepMm(), photons = d.evalPhotons();
        LossWeights weights = d.weights();
        String net = d.net(), sampling = d.sampling(), backend = d.backend(), data = null, specimen = null, out = null;
        String poseDistance = d.poseDistance(), similarity = d.similarity();
        String domainRand = d.domainRand();
        PoseParameterisation.Translation translation = d.translation();
        boolean fresh = false, phantom = false;
        String ctFile = null, landmarks = null;
        double phantomVoxel = 2.0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = value(args, ++i, a);
                case "--specimen" -> specimen = value(args, ++i, a);
                case "--phantom" -> phantom = true;
                case "--phantom-voxel" -> phantomVoxel = positiveDouble(value(args, ++i, a), a);
                case "--ct" -> ctFile = value(args, ++i, a);
                case "--landmarks" -> landmarks = value(args, ++i, a);
                case "--out" -> out = value(args, ++i, a);
                case "--views" -> views = positiveInt(value(args, ++i, a), a);
                case "--weights" -> weights = LossWeights.parse(value(args, ++i, a));
                case "--steps" -> steps = positiveInt(value(args, ++i, a), a);
                case "--size" -> size = positiveInt(value(args, ++i, a), a);
                case "--seed" -> seed = parseLong(value(args, ++i, a), a);
                case "--cases" -> cases = positiveInt(value(args, ++i, a), a);
                case "--lr" -> lr = positiveDouble(value(args, ++i, a), a);
                case "--net" -> net = value(args, ++i, a);
                case "--sampling" -> sampling = value(args, ++i, a);
                case "--no-augment" -> domainRand = "none";
                case "--domain-rand" -> domainRand = DomainRandomisation.parse(value(args, ++i, a)).spec();
                case "--step-mm" -> stepMm = positiveDouble(value(args, ++i, a), a);
                case "--backend" -> backend = value(args, ++i, a);
                case "--log-every" -> logEvery = positiveInt(value(args, ++i, a), a);
                case "--checkpoint-every" -> ckptEvery = positiveInt(value(args, ++i, a), a);
                case "--fresh" -> fresh = true;
                case "--eval-cases" -> evalCases = nonNegativeInt(value(args, ++i, a), a);
                case "--eval-size" -> evalSize = positiveInt(value(args, ++i, a), a);
                case "--eval-photons" -> photons = positiveDouble(value(args, ++i, a), a);
                case "--nd4j-threads" -> threads = positiveInt(value(args, ++i, a), a);
                case "--pose-loss" -> poseDistance = value(args, ++i, a);
                case "--similarity" -> similarity = value(args, ++i, a);
                case "--translation" -> translation = PoseParameterisation.Translation.parse(value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (out == null) throw new IllegalArgumentException("--out: required (the model.zip to write)\n" + USAGE);
        Options.requireWritableOutput(Path.of(out), "--out");
        int sources = (data != null ? 1 : 0) + (phantom ? 1 : 0) + (ctFile != null ? 1 : 0);
        if (sources != 1) throw new IllegalArgumentException("give exactly one of --data F.h5, --phantom and --ct F.nii.gz\n" + USAGE);
        if (landmarks != null && ctFile == null) throw new IllegalArgumentException("--landmarks: only with --ct");
        Nd4jThreads.limit(threads);
        CtSource ct;
        if (phantom) {
            ct = CtSource.phantom(phantomVoxel);
        } else if (ctFile != null) {
            ct = CtSource.nifti(Path.of(ctFile), landmarks == null ? null : Path.of(landmarks));
        } else {
            ct = CtSource.deepFluoro(Path.of(data), specimen);
        }
        CoarseRun.Options o = new CoarseRun.Options(views, weights, steps, size, seed, cases, lr, net, sampling, domainRand, stepMm, backend, logEvery,
                ckptEvery, fresh, evalCases, evalSize, photons, d.rotationScaleRad(), d.translationScaleMm(), poseDistance, similarity, translation);
        CoarseRun.run(ct, o, Path.of(out), System.out);
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }

    private static int positiveInt(String s, String option) {
        int v = nonNegativeInt(s, option);
        if (v < 1) throw new IllegalArgumentException(option + ": must be ≥ 1, got " + s);
        return v;
    }

    private static int nonNegativeInt(String s, String option) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) throw new IllegalArgumentException(option + ": must be ≥ 0, got " + s);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: '" + s + "'");
        }
    }

    private static long parseLong(String s, String option) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: '" + s + "'");
        }
    }

    private static double positiveDouble(String s, String option) {
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(option + ": must be positive, got " + s);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: '" + s + "'");
        }
    }
}
