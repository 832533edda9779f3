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
}
