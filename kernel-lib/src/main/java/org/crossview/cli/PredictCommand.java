package org.crossview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.FilePredictions;
import org.crossview.coarse.Nd4jThreads;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.refine.PosesCsv;

/**
 * {@code crossview predict}: the coarse stage alone on a DeepFluoro-layout file; writes poses.csv for
 * {@code crossview evaluate} (or as the refiner's start).
 */
public final class PredictCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview predict --model model.zip --data F.h5 --out poses.csv [--specimen S] [--cases cases.json|csv] [--no-consensus]",
            "         [--nd4j-threads 1]",
            "  Predicts each projection's pose with a model from 'crossview train' (log transform, turned upright where flagged,",
            "  resampled to the network's size). With --cases (e.g. the sidecar JSON of 'crossview simulate'), the views of a",
            "  case are made consistent with their known relative transforms (unless --no-consensus); C-arm angles in it centre a",
            "  keypoint model's fit on each view's nominal pose (as in register). Then:",
            "  crossview evaluate --data F.h5 --poses poses.csv");

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "coarse poses of a DeepFluoro file's X-rays from a trained model (poses.csv)";
    }

    @Override
    public int run(String[] args) throws Exception {
        String model = null, data = null, out = null, specimen = null, cases = null;
        boolean consensus = true;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--model" -> model = value(args, ++i, a);
                case "--data" -> data = value(args, ++i, a);
                case "--out" -> out = value(args, ++i, a);
                case "--specimen" -> specimen = value(args, ++i, a);
                case "--cases" -> cases = value(args, ++i, a);
                case "--no-consensus" -> consensus = false;
                case "--nd4j-threads" -> {
                    String v = value(args, ++i, a);
                    try {
                        threads = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(a + ": not an integer: '" + v + "'");
                    }
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (model == null || data == null || out == null) throw new IllegalArgumentException("--model, --data and --out are required\n" + USAGE);
        Options.requireWritableOutput(Path.of(out), "--out");
        Nd4jThreads.limit(threads);
        CoarseModel m = CoarseModel.load(Path.of(model));
        System.err.println(m.describe());
        List<MultiViewCase> caseList = cases == null ? null : MultiViewCases.read(Path.of(cases));
        java.util.Map<String, Double> carmAngles = cases == null ? java.util.Map.of() : org.crossview.data.CarmAngles.read(Path.of(cases));
        List<PosesCsv.Row> rows = new ArrayList<>();
        try (DeepFluoroFile f = DeepFluoroFile.open(Path.of(data))) {
            List<String> names = specimen == null ? f.specimenNames() : List.of(specimen);
            for (String name : names) {
                DeepFluoroSpecimen s = f.specimen(name);
                java.util.function.Function<String, org.crossview.geometry.Rigid> nominal = id -> null;
                if (!carmAngles.isEmpty()) {
                    org.crossview.coarse.NominalPoses nominals = new org.crossview.coarse.NominalPoses(
                            org.crossview.coarse.CtSource.deepFluoro(Path.of(data), name).isocentreLps(), carmAngles);
                    nominal = id -> nominals.ifKnown(s.projection(id));
                }
                for (FilePredictions.Prediction p : FilePredictions.predict(m, f, s, caseList, consensus, nominal)) {
                    rows.add(new PosesCsv.Row(p.specimen(), p.projection(), p.camToPelvisVol(), p.caseIndex(), p.caseViews(), p.seconds(), 0));
                }
                System.err.printf("%s: %d projections predicted%n", name, rows.size());
            }
        }
        PosesCsv.write(Path.of(out), rows);
        System.err.println("wrote " + out + " (" + rows.size() + " rows)");
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }
}
