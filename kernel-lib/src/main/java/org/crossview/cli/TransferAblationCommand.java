package org.crossview.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.LossWeights;
import org.crossview.coarse.Nd4jThreads;
import org.crossview.coarse.PoseParameterisation;
import org.crossview.coarse.TransferScore;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;

/**
 * {@code crossview transfer-ablation}: what each set of training-image nuisances buys on X-rays the project did
 * not render. One coarse model per variant, trained on the file's CT only (no ground truth), each scored alone
 * on the file's X-rays against the nominal start ({@link TransferScore}).
 */
public final class TransferAblationCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview transfer-ablation --data F.h5 [--specimen S] [--relative F.json] --out table.csv",
            "         [--variants 'none;legacy;all;all,-objects'] [--train-steps 400] [--train-size 64] [--seed 1] [--cases 4]",
            "         [--weights λp,λI,λxp,λxI] [--net tutorial|paper|..] [--sampling S] [--step-mm S] [--backend auto|cpu|opencl]",
            "         [--models DIR] [--reuse] [--nd4j-threads 1] [--translation shift|centre] (the network's translation outputs, see crossview train)",
            "  Variants are --domain-rand specs separated by ';'. Each model is written to DIR (default: next to --out) as",
            "  <out-stem>.<variant>.model.zip; --reuse loads an existing one instead of training. table.csv: one row per",
            "  variant (coarse alone and its multi-view consensus: mTRE mean/median, % views better than nominal, % < 10 mm),",
            "  plus the nominal start; <out-stem>.views.csv: every view's mTRE per variant. --relative groups the views into",
            "  the file's cases (sidecar JSON), and its C-arm angles give each view's nominal start and, unless --sampling is",
            "  given, the training views' orbit (as register); without it each projection is scored alone. --weights and --net as for train",
            "  (every variant is trained with them; the loss-weight ablation sweeps --weights: plans/ablation-*.json).");

    @Override
    public String name() {
        return "transfer-ablation";
    }

    @Override
    public String summary() {
        return "train one coarse model per domain-randomisation variant on a file's CT, score each on its X-rays vs the nominal start";
    }

    @Override
    public int run(String[] args) throws Exception {
        CoarseRun.Options t = CoarseRun.Options.tutorial();
        Path data = null, relative = null, out = null, models = null;
        boolean samplingGiven = false;
        String specimen = null, variants = "none;legacy;all;all,-objects", sampling = t.sampling(), backend = t.backend(), net = t.net();
        LossWeights weights = t.weights();
        int steps = 400, size = 64, cases = t.casesPerBatch(), threads = 1;
        long seed = 1;
        double stepMm = t.stepMm();
        boolean reuse = false;
        PoseParameterisation.Translation translation = t.translation();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(Options.value(args, ++i, a));
                case "--specimen" -> specimen = Options.value(args, ++i, a);
                case "--relative" -> relative = Path.of(Options.value(args, ++i, a));
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--variants" -> variants = Options.value(args, ++i, a);
                case "--train-steps" -> steps = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--train-size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--cases" -> cases = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--seed" -> seed = seed(Options.value(args, ++i, a));
                case "--weights" -> weights = LossWeights.parse(Options.value(args, ++i, a));
                case "--net" -> net = Options.value(args, ++i, a);
                case "--sampling" -> {
                    sampling = Options.value(args, ++i, a);
                    samplingGiven = true;
                }
                case "--step-mm" -> stepMm = Options.positive(Options.value(args, ++i, a), a);
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--models" -> models = Path.of(Options.value(args, ++i, a));
                case "--reuse" -> reuse = true;
                case "--translation" -> translation = PoseParameterisation.Translation.parse(Options.value(args, ++i, a), a);
                case "--nd4j-threads" -> threads = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data == null || out == null) throw new IllegalArgumentException("--data and --out are required\n" + USAGE);
        Options.requireFileIfGiven(data, "--data");
        Options.requireFileIfGiven(relative, "--relative");
        Options.requireWritableOutput(out, "--out");
        if (models != null) Options.requireWritableOutput(models.resolve("probe.model.zip"), "--models");
        List<String> specs = new ArrayList<>();
        for (String v : variants.split(";")) {
            if (v.isBlank()) continue;
            specs.add(DomainRandomisation.parse(v).spec()); // fail before any training
        }
        if (specs.isEmpty()) throw new IllegalArgumentException("--variants: no variant given");
        Nd4jThreads.limit(threads);
        PrintStream log = System.err;
        Path dir = models != null ? models : (out.toAbsolutePath().getParent());
        Files.createDirectories(dir);
        String stem = stem(out);

        CtSource ct = CtSource.deepFluoro(data, specimen);
        CoarseRun.Options base = t.toBuilder().weights(weights).steps(steps).inputSize(size).seed(seed).casesPerBatch(cases).net(net)
                .sampling(sampling).domainRand(DomainRandomisation.DEFAULT).stepMm(stepMm).backend(backend)
                .logEvery(Math.max(1, Math.min(t.logEvery(), steps / 10))).checkpointEvery(0).fresh(true).evaluation(0, t.evalSize())
                .translation(translation).build();
        // As register trains: over the sidecar's C-arm angles when it gives them (an explicit --sampling is kept).
        if (!samplingGiven && relative != null) base = base.forCarmAnglesDeg(org.crossview.data.CarmAngles.read(relative));
        List<String> table = new ArrayList<>();
        table.add("variant,start,views,mtre_mean_mm,mtre_median_mm,better_than_nominal_pct,under_10mm_pct,train_seconds");
        List<String> perView = new ArrayList<>();
        perView.add("variant,specimen,projection,case,rot180_for_up,coarse_mm,consensus_mm,nominal_mm");
        List<TransferScore.ViewScore> last = null;
        long t0 = System.nanoTime();
        try (DeepFluoroFile f = DeepFluoroFile.open(data)) {
            DeepFluoroSpecimen s = specimen == null ? f.specimen(0) : f.specimen(specimen);
            List<MultiViewCase> mv = relative == null ? null : MultiViewCases.read(relative);
            java.util.Map<String, Double> carmAngles = relative == null ? java.util.Map.of() : org.crossview.data.CarmAngles.read(relative);
            for (int k = 0; k < specs.size(); k++) {
                String spec = specs.get(k);
                Path model = dir.resolve(stem + "." + slug(spec) + ".model.zip");
                double seconds = 0;
                if (!(reuse && Files.isRegularFile(model))) {
                    long ts = System.nanoTime();
                    CoarseRun.run(ct, base.withDomainRand(spec), model, log);
                    seconds = (System.nanoTime() - ts) / 1e9;
                }
                List<TransferScore.ViewScore> scores = TransferScore.score(CoarseModel.load(model), s, mv, ct.isocentreLps(), carmAngles);
                last = scores;
                TransferScore.Summary alone = TransferScore.summarise(scores, false), cons = TransferScore.summarise(scores, true);
                table.add(row(spec, "coarse", alone, seconds));
                if (mv != null) table.add(row(spec, "coarse+consensus", cons, seconds));
                for (TransferScore.ViewScore v : scores) {
                    perView.add(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.3f,%.3f,%.3f", csv(spec), v.specimen(), v.projection(), v.caseIndex(),
                            v.rot180ForUp() ? 1 : 0, v.coarseMm(), v.consensusMm(), v.nominalMm()));
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                log.printf(Locale.ROOT, "transfer-ablation: [%d/%d] %s: coarse %s; consensus %s  [%.0f s elapsed, ~%.0f s left]%n", k + 1, specs.size(), spec,
                        alone.format(), cons.format(), elapsed, elapsed / (k + 1) * (specs.size() - k - 1));
            }
        }
        table.add(row("-", "nominal", TransferScore.summariseNominal(last), 0));
        org.crossview.io.AtomicWrite.writeString(out, String.join("\n", table) + "\n");
        Path views = out.resolveSibling(stem + ".views.csv");
        org.crossview.io.AtomicWrite.writeString(views, String.join("\n", perView) + "\n");
        System.out.println(String.join("\n", table));
        log.println("transfer-ablation: wrote " + out + " and " + views);
        return 0;
    }

    private static String row(String spec, String start, TransferScore.Summary s, double seconds) {
        return String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.0f,%.0f,%.0f", csv(spec), start, s.views(), s.meanMm(), s.medianMm(), s.betterThanNominalPct(),
                s.under10MmPct(), seconds);
    }

    private static long seed(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: expected an integer, got '" + v + "'");
        }
    }

    private static String csv(String s) {
        return s.contains(",") ? "\"" + s + "\"" : s;
    }

    /** A file-name-safe form of a spec: all,-objects → all_no-objects. */
    static String slug(String spec) {
        return spec.replace(",-", "_no-").replace(",+", "_").replace(",", "_").replaceAll("[^A-Za-z0-9_.-]", "");
    }

    private static String stem(Path out) {
        String n = out.getFileName().toString();
        return n.endsWith(".csv") ? n.substring(0, n.length() - 4) : n;
    }
}
