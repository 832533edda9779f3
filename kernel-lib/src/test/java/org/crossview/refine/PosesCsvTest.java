package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosesCsvTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsPosesAndColumns() throws Exception {
        Rigid a = Rigid.exp(0.1, -0.2, 0.3, 10, -400, 25), b = Rigid.exp(-0.5, 0.1, 0.05, -3, 2, 700);
        Path f = dir.resolve("poses.csv");
        PosesCsv.write(f, List.of(
                new PosesCsv.Row("17-1882", "000", a, 0, List.of("000", "001"), 12.5, 3.25),
                new PosesCsv.Row("17-1882", "001", b, 0, List.of("000", "001"), 12.5, 3.25)));
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.get(0).startsWith("specimen,projection,m00,m01,m02,m03,m10,"), lines.get(0));
        assertTrue(lines.get(0).contains(",m33,"));
        List<PosesCsv.Row> back = PosesCsv.read(f);
        assertEquals(2, back.size());
        assertTrue(back.get(0).camToPelvisVol().maxAbsDiff(a) < 1e-6);
        assertTrue(back.get(1).camToPelvisVol().maxAbsDiff(b) < 1e-6);
        assertEquals(List.of("000", "001"), back.get(1).caseViews());
        assertEquals(3.25, back.get(1).refineSeconds(), 1e-9);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file may be left beside the output");
        }
    }

    @Test
    void roundTripsStartAndVerdictColumnsAndReadsOldFiles() throws Exception {
        Path f = dir.resolve("poses.csv");
        Verdict suspect = new Verdict(false, 0.0421, 0.6125, 17.5);
        PosesCsv.write(f, List.of(
                new PosesCsv.Row("s", "000", Rigid.identity(), 0, List.of("000"), 1.5, 2.5, "carm:000 ry+25°", 2, 0.75, suspect),
                new PosesCsv.Row("s", "001", Rigid.identity(), 1, List.of("001"), 1.5, 2.5)));
        List<PosesCsv.Row> back = PosesCsv.read(f);
        assertEquals("carm:000 ry+25°", back.get(0).start());
        assertEquals(2, back.get(0).attempts());
        assertEquals(0.75, back.get(0).searchSeconds(), 1e-9);
        assertEquals(suspect, back.get(0).verdict());
        assertEquals(null, back.get(1).verdict());
        assertTrue(Double.isNaN(back.get(1).searchSeconds()));

        Path old = dir.resolve("old.csv"); // the columns before verdicts existed
        List<String> lines = Files.readAllLines(f);
        int keep = 2 + 16 + 4;
        List<String> cut = new ArrayList<>();
        for (String line : lines) cut.add(String.join(",", List.of(line.split(",", -1)).subList(0, keep)));
        Files.write(old, cut);
        PosesCsv.Row r = PosesCsv.read(old).get(0);
        assertEquals(null, r.verdict());
        assertEquals("", r.start());
        assertEquals(2.5, r.refineSeconds(), 1e-9);
    }

    @Test
    void aWriteThatFailsMidwayLeavesNoFile() throws Exception {
        Path f = dir.resolve("poses.csv");
        List<PosesCsv.Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) rows.add(new PosesCsv.Row("s", String.format("%03d", i), Rigid.identity(), i, List.of(), 0, 0));
        rows.add(new PosesCsv.Row("s", "bad", null, 0, List.of(), 0, 0)); // fails after 1000 rows were written
        assertThrows(NullPointerException.class, () -> PosesCsv.write(f, rows));
        assertFalse(Files.exists(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    /** A malformed field names the file, the line and the column; the file is written readable by all (0644). */
    @Test
    void aBadFieldIsReportedWithFileLineAndColumn() throws Exception {
        Path f = dir.resolve("poses.csv");
        Rigid a = Rigid.exp(0.1, -0.2, 0.3, 10, -400, 25);
        PosesCsv.write(f, List.of(new PosesCsv.Row("s", "000", a, 0, List.of("000"), 1, 2), new PosesCsv.Row("s", "001", a, 0, List.of("001"), 1, 2)));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        List<String> head = List.of(lines.get(0).split(",", -1));
        for (String column : List.of("m12", "refine_seconds", "case")) {
            List<String> bad = new ArrayList<>(lines);
            String[] fields = bad.get(2).split(",", -1);
            fields[head.indexOf(column)] = "abc";
            bad.set(2, String.join(",", fields));
            Files.write(f, bad);
            String m = assertThrows(IllegalArgumentException.class, () -> PosesCsv.read(f)).getMessage();
            assertTrue(m.startsWith(f + " line 3, column \"" + column + "\": \"abc\" is not a"), m);
        }
    }
}
