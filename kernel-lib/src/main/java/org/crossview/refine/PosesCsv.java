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

/**
 * The registration output: one row per projection, {@code specimen,projection,m00,…,m33} (the estimated
 * DeepFluoro {@code cam-to-pelvis-vol} P = volFromCam·E, row-major), then {@code case} (the index of the
 * multi-view case the projection was registered in), {@code views} (that case's projections, ';'-separated),
 * {@code coarse_seconds} and {@code refine_seconds} (the case's times; shared by its rows).
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

    /** One projection's estimate. */
    public record Row(String specimen, String projection, Rigid camToPelvisVol, int caseIndex, List<String> caseViews,
            double coarseSeconds, double refineSeconds) {}

    public static String header() {
        return "specimen,projection," + String.join(",", MATRIX_COLUMNS) + ",case,views,coarse_seconds,refine_seconds";
    }

    /** Writes all rows atomically (temp file + rename); on failure the target is left as it was. */
    public static void write(Path file, List<Row> rows) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        TempFiles.deleteOnExit(tmp);
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(header());
                w.newLine();
                for (Row r : rows) {
                    StringBuilder sb = new StringBuilder();
                    sb.append(r.specimen()).append(',').append(r.projection());
                    for (double x : r.camToPelvisVol().toArray()) sb.append(',').append(String.format(Locale.ROOT, "%.9g", x));
                    sb.append(',').append(r.caseIndex()).append(',').append(String.join(";", r.caseViews()));
                    sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.coarseSeconds()));
                    sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.refineSeconds()));
                    w.write(sb.toString());
                    w.newLine();
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            TempFiles.forget(tmp);
        }
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
                    refineCol < 0 ? Double.NaN : Double.parseDouble(f[refineCol])));
        }
        return rows;
    }
}
