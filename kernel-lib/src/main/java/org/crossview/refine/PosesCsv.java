package org.crossview.refine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Rigid;
import org.crossview.io.AtomicWrite;

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

    /** Reads the file back: projection key "specimen/projection" → estimated cam-to-pelvis-vol, in file order. */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + ": empty poses file");
        String[] head = lines.get(0).split(",", -1);
        int m00 = List.of(head).indexOf("m00");
        int spec = List.of(head).indexOf("specimen"), proj = List.of(head).indexOf("projection");
        if (m00 < 0 || spec < 0 || proj < 0) throw new IOException(file + ": header lacks specimen, projection or m00…m33");
        int caseCol = List.of(head).indexOf("case"), viewsCol = List.of(head).indexOf("views");
        int coarseCol = List.of(head).indexOf("coarse_seconds"), refineCol = List.of(head).indexOf("refine_seconds");
        int startCol = List.of(head).indexOf("start"), attemptsCol = List.of(head).indexOf("attempts"), searchCol = List.of(head).indexOf("search_seconds");
        int verdictCol = List.of(head).indexOf("verdict"), lossCol = List.of(head).indexOf("final_loss");
        int worstCol = List.of(head).indexOf("worst_view_similarity"), disagreeCol = List.of(head).indexOf("disagreement_mm");
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) continue;
            String[] f = lines.get(n).split(",", -1);
            if (f.length != head.length) throw new IOException(file + ": line " + (n + 1) + " has " + f.length + " fields, header has " + head.length);
            double[] m = new double[16];
            for (int k = 0; k < 16; k++) m[k] = Double.parseDouble(f[m00 + k]);
            rows.add(new Row(f[spec], f[proj], Rigid.ofNearlyRigid(file + " line " + (n + 1), m),
                    caseCol < 0 ? -1 : Integer.parseInt(f[caseCol]),
                    viewsCol < 0 ? List.of() : List.of(f[viewsCol].split(";")),
                    coarseCol < 0 ? Double.NaN : Double.parseDouble(f[coarseCol]),
                    refineCol < 0 ? Double.NaN : Double.parseDouble(f[refineCol]),
                    startCol < 0 ? "" : f[startCol],
                    attemptsCol < 0 || f[attemptsCol].isEmpty() ? 0 : Integer.parseInt(f[attemptsCol]),
                    parse(f, searchCol),
                    verdict(file, n + 1, f, verdictCol, lossCol, worstCol, disagreeCol)));
        }
        return rows;
    }

    private static Verdict verdict(Path file, int line, String[] f, int verdictCol, int lossCol, int worstCol, int disagreeCol) {
        if (verdictCol < 0 || f[verdictCol].isEmpty()) return null;
        boolean converged = switch (f[verdictCol]) {
            case "converged" -> true;
            case "suspect" -> false;
            default -> throw new IllegalArgumentException(file + " line " + line + ": verdict must be converged or suspect, got '" + f[verdictCol] + "'");
        };
        return new Verdict(converged, parse(f, lossCol), parse(f, worstCol), parse(f, disagreeCol));
    }

    private static double parse(String[] f, int col) {
        return col < 0 || f[col].isEmpty() ? Double.NaN : Double.parseDouble(f[col]);
    }

    private static String num(String format, double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, format, x);
    }
}
