package org.crossview.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Result tables (Tablesaw) of a registration run: per projection, per case (the projections registered
 * together), and per specimen plus "all", the latter with mean, sd (sample), median and the success rates
 * (mTRE &lt; 10 / 2 / 1 mm, in %). Every table's name states the mTRE definition. CSV files are written
 * atomically (temp file beside the target, then rename).
 */
public final class ResultTables {
    /** What "mTRE" means in every table (DESIGN.md §7: papers differ). */
    public static final String MTRE_DEFINITION = "3D mTRE = mean over landmarks of |T_gt^-1 X - T_est^-1 X| in the camera frame (mm)";

    private static final String[] METRICS = {"mtre_mm", "mpd_mm", "rot_deg", "trans_mm"};

    /** One evaluated projection; {@code caseId} groups the projections of a multi-view case ("" = its own case). */
    public record Row(String specimen, String projection, String caseId, ProjectionError error) {}

    private ResultTables() {}

    public static Table perProjection(List<Row> rows) {
        Table t = Table.create("per projection; " + MTRE_DEFINITION,
                StringColumn.create("specimen"), StringColumn.create("projection"), StringColumn.create("case"),
                IntColumn.create("landmarks"), DoubleColumn.create("mtre_mm"), DoubleColumn.create("mpd_mm"),
                DoubleColumn.create("rot_deg"), DoubleColumn.create("trans_mm"));
        for (Row r : rows) {
            ProjectionError e = r.error();
            t.stringColumn("specimen").append(r.specimen());
            t.stringColumn("projection").append(r.projection());
            t.stringColumn("case").append(caseOf(r));
            t.intColumn("landmarks").append(e.landmarks());
            t.doubleColumn("mtre_mm").append(e.mTreMm());
            t.doubleColumn("mpd_mm").append(e.mPdMm());
            t.doubleColumn("rot_deg").append(e.rotationDeg());
            t.doubleColumn("trans_mm").append(e.translationMm());
        }
        return t;
    }

    /** One row per case: its projections, and the mean of each metric over them. */
    public static Table perCase(List<Row> rows) {
        Map<String, List<Row>> cases = new LinkedHashMap<>();
        for (Row r : rows) cases.computeIfAbsent(r.specimen() + "\u0000" + caseOf(r), k -> new ArrayList<>()).add(r);
        Table t = Table.create("per case (means over the case's projections); " + MTRE_DEFINITION,
                StringColumn.create("specimen"), StringColumn.create("case"), StringColumn.create("projections"), IntColumn.create("n"));
        for (String m : METRICS) t.addColumns(DoubleColumn.create(m));
        for (List<Row> c : cases.values()) {
            t.stringColumn("specimen").append(c.get(0).specimen());
            t.stringColumn("case").append(caseOf(c.get(0)));
            List<String> ids = new ArrayList<>();
            for (Row r : c) ids.add(r.projection());
            t.stringColumn("projections").append(String.join(";", ids));
            t.intColumn("n").append(c.size());
            for (String m : METRICS) t.doubleColumn(m).append(values(c, m).mean());
        }
        return t;
    }

    /** One row per specimen and a final "all" row: n, mean, sd, median of each metric, success rates (%). */
    public static Table perSpecimen(List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(r.specimen(), k -> new ArrayList<>()).add(r);
        groups.put("all", rows);
        Table t = Table.create("per specimen over projections; " + MTRE_DEFINITION,
                StringColumn.create("specimen"), IntColumn.create("n"));
        for (String m : METRICS) {
            t.addColumns(DoubleColumn.create(m + "_mean"), DoubleColumn.create(m + "_sd"), DoubleColumn.create(m + "_median"));
        }
        for (double th : RegistrationMetrics.SUCCESS_THRESHOLDS_MM) t.addColumns(DoubleColumn.create(successColumn(th)));
        for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
            List<Row> rs = g.getValue();
            t.stringColumn("specimen").append(g.getKey());
            t.intColumn("n").append(rs.size());
            for (String m : METRICS) {
                DoubleColumn c = values(rs, m);
                t.doubleColumn(m + "_mean").append(c.mean());
                t.doubleColumn(m + "_sd").append(rs.size() > 1 ? c.standardDeviation() : 0.0);
                t.doubleColumn(m + "_median").append(c.median());
            }
            for (double th : RegistrationMetrics.SUCCESS_THRESHOLDS_MM) {
                int ok = 0;
                for (Row r : rs) if (r.error().mTreMm() < th) ok++;
                t.doubleColumn(successColumn(th)).append(rs.isEmpty() ? Double.NaN : 100.0 * ok / rs.size());
            }
        }
        return t;
    }

    /** A human-readable summary: "mean ± sd (median)" per metric and the success rates, per specimen and overall. */
    public static String summaryText(Table perSpecimen) {
        StringBuilder sb = new StringBuilder(MTRE_DEFINITION).append('\n');
        sb.append(String.format(Locale.ROOT, "%-10s %4s  %-24s %-24s %-24s %-24s %6s %6s %6s%n", "specimen", "n",
                "mTRE mm", "mPD mm", "rotation deg", "translation mm", "<10mm", "<2mm", "<1mm"));
        for (int i = 0; i < perSpecimen.rowCount(); i++) {
            sb.append(String.format(Locale.ROOT, "%-10s %4d ", perSpecimen.stringColumn("specimen").get(i), perSpecimen.intColumn("n").get(i)));
            for (String m : METRICS) {
                sb.append(String.format(Locale.ROOT, " %-24s", String.format(Locale.ROOT, "%.2f ± %.2f (%.2f)",
                        perSpecimen.doubleColumn(m + "_mean").get(i), perSpecimen.doubleColumn(m + "_sd").get(i),
                        perSpecimen.doubleColumn(m + "_median").get(i))));
            }
            for (double th : RegistrationMetrics.SUCCESS_THRESHOLDS_MM) {
                sb.append(String.format(Locale.ROOT, " %5.1f%%", perSpecimen.doubleColumn(successColumn(th)).get(i)));
            }
            sb.append('\n');
        }
        sb.append("(mean ± sample sd (median); mPD on the detector plane)\n");
        return sb.toString();
    }

    static String successColumn(double thresholdMm) {
        return String.format(Locale.ROOT, "success_under_%smm_pct", thresholdMm == Math.rint(thresholdMm) ? String.valueOf((int) thresholdMm) : String.valueOf(thresholdMm));
    }

    /** Writes the table as CSV: to a temporary file beside {@code file}, then renamed over it. */
    public static void writeCsv(Table table, Path file) throws IOException {
        org.crossview.io.AtomicWrite.write(file, tmp -> table.write().csv(tmp.toFile()));
    }

    private static String caseOf(Row r) {
        return r.caseId() == null || r.caseId().isEmpty() ? r.projection() : r.caseId();
    }

    private static DoubleColumn values(List<Row> rows, String metric) {
        DoubleColumn c = DoubleColumn.create(metric);
        for (Row r : rows) {
            ProjectionError e = r.error();
            c.append(switch (metric) {
                case "mtre_mm" -> e.mTreMm();
                case "mpd_mm" -> e.mPdMm();
                case "rot_deg" -> e.rotationDeg();
                default -> e.translationMm();
            });
        }
        return c;
    }
}
