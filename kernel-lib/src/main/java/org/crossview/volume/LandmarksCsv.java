package org.crossview.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.io.CsvField;

/** 3D landmarks as CSV: header {@code name,x_lps_mm,y_lps_mm,z_lps_mm}, one landmark a line. */
public final class LandmarksCsv {
    public static final String HEADER = "name,x_lps_mm,y_lps_mm,z_lps_mm";

    private LandmarksCsv() {}

    /** Writes atomically (temporary sibling, then rename). */
    public static void write(Path file, Map<String, double[]> landmarksLps) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, double[]> e : landmarksLps.entrySet()) {
            double[] p = e.getValue();
            if (e.getKey().contains(",") || e.getKey().contains("\n")) throw new IllegalArgumentException("landmark name: must not contain ',' or a newline: " + e.getKey());
            sb.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f%n", e.getKey(), p[0], p[1], p[2]));
        }
        org.crossview.io.AtomicWrite.writeString(file, sb.toString());
    }

    /** Reads a file written by {@link #write}; errors name the file and line. */
    public static Map<String, double[]> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw new IOException(file + ": line 1: expected the header '" + HEADER + "'");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f.length != 4) throw new IOException(file + ": line " + (n + 1) + ": expected 4 fields, got " + f.length);
            String[] columns = HEADER.split(",");
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) p[a] = CsvField.number(file, n + 1, columns[a + 1], f[a + 1]);
            out.put(f[0], p);
        }
        return out;
    }
}
