package org.crossview.refine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Rigid;
import org.crossview.io.AtomicWrite;
import org.crossview.io.CsvField;

/**
 * The registration output: one row per projection, {@code specimen,projection,m00,…,m33} (the estimated
 * DeepFluoro {@code cam-to-pelvis-vol} P = volFromCam·E, row-major), then {@code case} (the index of the
 * multi-view case the projection was registered in), {@code views} (that case's projections, ';'-separated),
 * {@code coarse_seconds} and {@code refine_seconds} (the case's times; shared by its rows), and the case's start
 * and verdict: {@code start} (the chosen start's label), {@code attempts} (refinements run), {@code search_seconds},
 * {@code verdict} (converged / suspect, empty when not judged), {@code final_loss}, {@code worst_view_similarity},
 * {@code disagreement_mm} ({@link Verdict}). Files without the later columns (older versions) still read.
 * Written to a temporary file beside the target and renamed, so a reader never sees half a file.
 */
public final class PosesCsv {
    private PosesCsv() {}

    public static final List<String> MATRIX_COLUMNS;

    static {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m.add("m" + i + j);
        MATRIX_COLUMNS = List.copyOf(m);
    }

    /** One projection's estimate; {@code start} may be empty, {@code verdict} null (not judged). */
    public record Row(String specimen, String projection, Rigid camToPelvisVol, int caseIndex, List<String> caseViews,
            double coarseSeconds, double refineSeconds, String start, int attempts, double searchSeconds, Verdict verdict) {
        public Row {
            if (start != null && (start.contains(",") || start.contains("\n"))) throw new IllegalArgumentException("start label: no commas or newlines, got '" + start + "'");
        }

        /** Without start or verdict (e.g. coarse predictions alone). */
        public Row(String specimen, String projection, Rigid camToPelvisVol, int caseIndex, List<String> caseViews,
                double coarseSeconds, double refineSeconds) {
            this(specimen, projection, camToPelvisVol, caseIndex, caseViews, coarseSeconds, refineSeconds, "", 0, Double.NaN, null);
        }
    }

    public static String header() {
        return "specimen,projection," + String.join(",", MATRIX_COLUMNS) + ",case,views,coarse_seconds,refine_seconds"
                + ",start,attempts,search_seconds,verdict,final_loss,worst_view_similarity,disagreement_mm";
    }

    /** Writes all rows atomically (temp file + rename); on failure the target is left as it was. */
    public static void write(Path file, List<Row> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) lines.add(line(r));
        writeLines(file, lines);
    }

    /** Writes the header and rows already formatted by {@link #line} (e.g. kept in a journal), atomically. */
    public static void writeLines(Path file, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder(header()).append('\n');
        for (String l : lines) text.append(l).append('\n');
        AtomicWrite.writeString(file, text.toString());
    }

    /** One row as written (without its newline). */
    public static String line(Row r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.specimen()).append(',').append(r.projection());
        for (double x : r.camToPelvisVol().toArray()) sb.append(',').append(String.format(Locale.ROOT, "%.9g", x));
        sb.append(',').append(r.caseIndex()).append(',').append(String.join(";", r.caseViews()));
        sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.coarseSeconds()));
        sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.refineSeconds()));
        sb.append(',').append(r.start() == null ? "" : r.start()).append(',').append(r.attempts());
        sb.append(',').append(num("%.3f", r.searchSeconds()));
        Verdict v = r.verdict();
        sb.append(',').append(v == null ? "" : v.label());
        sb.append(',').append(v == null ? "" : num("%.6g", v.finalLoss()));
        sb.append(',').append(v == null ? "" : num("%.6g", v.worstViewSimilarity()));
        sb.append(',').append(v == null ? "" : num("%.4g", v.disagreementMm()));
        return sb.toString();
    }

    /**
     * Reads the file back, in file order. A bad field is an error naming the file, line and column
     * ({@code poses.csv line 3, column "m00": "abc" is not a number}).
     */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + ": empty poses file");
        List<String> head = List.of(lines.get(0).split(",", -1));
        if (!head.containsAll(MATRIX_COLUMNS) || !head.contains("specimen") || !head.contains("projection")) {
            throw new IOException(file + ": header lacks specimen, projection or m00…m33");
        }
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) continue;
            Fields f = new Fields(file, n + 1, head, lines.get(n).split(",", -1));
            double[] m = new double[16];
            for (int k = 0; k < 16; k++) m[k] = CsvField.number(file, n + 1, MATRIX_COLUMNS.get(k), f.text(MATRIX_COLUMNS.get(k)));
            String attempts = f.text("attempts");
            rows.add(new Row(f.text("specimen"), f.text("projection"), Rigid.ofNearlyRigid(file + " line " + (n + 1), m),
                    head.contains("case") ? CsvField.integer(file, n + 1, "case", f.text("case")) : -1,
                    head.contains("views") ? List.of(f.text("views").split(";")) : List.of(),
                    f.number("coarse_seconds"), f.number("refine_seconds"), f.text("start"),
                    attempts.isEmpty() ? 0 : CsvField.integer(file, n + 1, "attempts", attempts),
                    f.number("search_seconds"), verdict(f)));
        }
        return rows;
    }

    /** One line's fields by column name; a column the file lacks (an older version) reads as empty. */
    private record Fields(Path file, int line, List<String> head, String[] values) {
        Fields {
            if (values.length != head.size()) throw new IllegalArgumentException(file + " line " + line + ": " + values.length + " fields, the header has " + head.size());
        }

        String text(String column) {
            int c = head.indexOf(column);
            return c < 0 ? "" : values[c];
        }

        double number(String column) {
            return CsvField.numberOrNaN(file, line, column, text(column));
        }
    }

    private static Verdict verdict(Fields f) {
        String v = f.text("verdict");
        if (v.isEmpty()) return null;
        boolean converged = switch (v) {
            case "converged" -> true;
            case "suspect" -> false;
            default -> throw new IllegalArgumentException(CsvField.where(f.file(), f.line(), "verdict") + ": must be converged or suspect, got \"" + v + "\"");
        };
        return new Verdict(converged, f.number("final_loss"), f.number("worst_view_similarity"), f.number("disagreement_mm"));
    }

    private static String num(String format, double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, format, x);
    }
}
