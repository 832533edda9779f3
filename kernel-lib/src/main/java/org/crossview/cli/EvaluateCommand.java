package org.crossview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.eval.ProjectionError;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.eval.ResultTables;
import org.crossview.eval.VerdictReport;
import org.crossview.geometry.Rigid;
import org.crossview.refine.PosesCsv;
import tech.tablesaw.api.Table;

/**
 * {@code crossview evaluate --data F.h5 --poses poses.csv [--out table.csv]}: scores estimated poses against a
 * DeepFluoro-layout file's ground truth and 3D landmarks (DESIGN.md §7), prints the per-specimen summary and
 * writes the per-projection, per-case and per-specimen tables as CSV.
 */
public final class EvaluateCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview evaluate --data F.h5 --poses poses.csv [--out table.csv] [--pose-shift none|minus-half-mm]",
            "  poses.csv: one row per projection, columns specimen,projection,m00,...,m33 (the estimated cam-to-pelvis-vol P,",
            "  row-major, as DeepFluoro stores it); extra columns are allowed, and a 'case' column groups a multi-view case.",
            "  Writes OUT (per projection), OUT-stem.cases.csv and OUT-stem.specimens.csv; OUT defaults to POSES-stem.eval.csv.",
            "  --pose-shift: how the file's (and the estimates') P are used; must match how the estimates were written.",
            "  " + ResultTables.MTRE_DEFINITION + "; translation error at the landmarks' centroid.",
            "  When poses.csv holds verdicts (crossview register), also prints each case's verdict with its numbers and mTRE,",
            "  and how well 'suspect' predicts failure (views with mTRE ≥ 2 mm): the 2×2 table, precision and recall.");

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score estimated poses (poses.csv) against a DeepFluoro file: mTRE, mPD, rotation/translation, success rates";
    }

    @Override
    public int run(String[] args) throws Exception {
        Path data = null, poses = null, out = null;
        DeepFluoroGeometry.PoseShift shift = DeepFluoroGeometry.PoseShift.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--poses" -> poses = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--pose-shift" -> shift = DeepFluoroGeometry.PoseShift.parse(value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data == null || poses == null) throw new IllegalArgumentException("--data and --poses are required\n" + USAGE);
        Options.requireFileIfGiven(poses, "--poses");
        if (out == null) out = sibling(poses, ".eval.csv");
        Options.requireWritableOutput(out, "--out");
        List<ResultTables.Row> rows = evaluate(data, poses, shift);
        Table perProjection = ResultTables.perProjection(rows);
        Table perCase = ResultTables.perCase(rows);
        Table perSpecimen = ResultTables.perSpecimen(rows);
        System.out.print(ResultTables.summaryText(perSpecimen));
        Path casesFile = sibling(out, ".cases.csv"), specimensFile = sibling(out, ".specimens.csv");
        ResultTables.writeCsv(perProjection, out);
        ResultTables.writeCsv(perCase, casesFile);
        ResultTables.writeCsv(perSpecimen, specimensFile);
        System.out.println("wrote " + out + ", " + casesFile + ", " + specimensFile);
        printVerdicts(PosesCsv.read(poses), rows);
        return 0;
    }

    /** Each judged case's verdict beside its mean mTRE, then the verdict-vs-truth table (per view); nothing when no row is judged. */
    static void printVerdicts(List<PosesCsv.Row> estimates, List<ResultTables.Row> scored) {
        List<VerdictReport.Judged> judged = new ArrayList<>();
        Map<String, double[]> perCase = new LinkedHashMap<>(); // key → sum mTRE, views
        Map<String, PosesCsv.Row> first = new LinkedHashMap<>();
        for (int i = 0; i < estimates.size(); i++) {
            PosesCsv.Row e = estimates.get(i);
            if (e.verdict() == null) continue;
            double mtre = scored.get(i).error().mTreMm();
            judged.add(new VerdictReport.Judged(!e.verdict().converged(), mtre));
            String key = e.specimen() + " case " + e.caseIndex();
            perCase.computeIfAbsent(key, k -> new double[2]);
            perCase.get(key)[0] += mtre;
            perCase.get(key)[1]++;
            first.putIfAbsent(key, e);
        }
        if (judged.isEmpty()) return;
        System.out.println("case verdicts: verdict, final loss, worst view similarity, view disagreement mm, start, attempts | mean mTRE mm");
        for (Map.Entry<String, PosesCsv.Row> c : first.entrySet()) {
            PosesCsv.Row r = c.getValue();
            double[] m = perCase.get(c.getKey());
            System.out.printf(Locale.ROOT, "  %-18s %-9s %.4f %.3f %6.1f  %-28s %d | %.2f%n", c.getKey(), r.verdict().label(), r.verdict().finalLoss(),
                    r.verdict().worstViewSimilarity(), r.verdict().disagreementMm(), r.start(), r.attempts(), m[0] / m[1]);
        }
        System.out.print(VerdictReport.of(judged, SUCCESS_MTRE_MM).text());
    }

    /** A view counts as a success below this mTRE (the "views < 2 mm"). */
    static final double SUCCESS_MTRE_MM = 2.0;

    /** Scores every row of the poses file against the data file's ground truth. */
    public static List<ResultTables.Row> evaluate(Path data, Path poses, DeepFluoroGeometry.PoseShift shift) throws java.io.IOException {
        List<PosesCsv.Row> estimates = PosesCsv.read(poses);
        if (estimates.isEmpty()) throw new IllegalArgumentException(poses + ": no poses");
        List<String> header = List.of(Files.readAllLines(poses).get(0).split(",", -1));
        boolean hasCase = header.contains("case");
        List<ResultTables.Row> rows = new ArrayList<>();
        try (DeepFluoroFile file = DeepFluoroFile.open(data, shift)) {
            Rigid camFromWorld = file.camFromWorld();
            int n = 0;
            for (PosesCsv.Row e : estimates) {
                n++;
                if (!file.specimenNames().contains(e.specimen())) {
                    throw new IllegalArgumentException(poses + " row " + n + ": specimen '" + e.specimen() + "' is not in " + data
                            + " (it holds " + String.join(", ", file.specimenNames()) + ")");
                }
                DeepFluoroSpecimen s = file.specimen(e.specimen());
                String id = projectionId(s, e.projection());
                if (id == null) {
                    throw new IllegalArgumentException(poses + " row " + n + ": projection '" + e.projection() + "' is not in specimen " + s.name());
                }
                DeepFluoroProjection p = s.projection(id);
                if (!p.hasPoses()) {
                    throw new IllegalArgumentException(data + ": " + p.hdfPath() + " has no gt-poses: this file holds no ground truth (e.g. from `crossview import`) "
                            + "and evaluate needs it; look at the result with: crossview overlay --data " + data + " --poses " + poses);
                }
                Map<String, double[]> lands = s.landmarksLps();
                if (lands.isEmpty()) throw new IllegalArgumentException(data + ": specimen " + s.name() + " has no vol-landmarks to score with");
                Rigid est = DeepFluoroGeometry.volFromCam(e.camToPelvisVol(), camFromWorld, shift);
                ProjectionError err = RegistrationMetrics.compute(p.camera(), p.volFromCam(), est, lands.values());
                rows.add(new ResultTables.Row(s.name(), id, hasCase ? String.valueOf(e.caseIndex()) : "", err));
            }
        }
        return rows;
    }

    /** The projection group name for an id as written ("7" finds "007"). */
    private static String projectionId(DeepFluoroSpecimen s, String id) {
        if (s.projectionIds().contains(id)) return id;
        try {
            int k = Integer.parseInt(id.trim());
            for (String p : s.projectionIds()) if (Integer.parseInt(p) == k) return p;
        } catch (NumberFormatException ex) {
            return null;
        }
        return null;
    }

    private static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(stem + suffix);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }
}
