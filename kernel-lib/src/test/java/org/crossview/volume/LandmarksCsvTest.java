package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandmarksCsvTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsOrderAndValues() throws IOException {
        Map<String, double[]> lm = new LinkedHashMap<>();
        lm.put("FH-l", new double[] {88, 0, 0});
        lm.put("ASIS-r", new double[] {-118.12345, -54.5, 62.25});
        Path f = tmp.resolve("sub/lm.csv");
        LandmarksCsv.write(f, lm);
        assertEquals("name,x_lps_mm,y_lps_mm,z_lps_mm", Files.readAllLines(f).get(0));
        Map<String, double[]> back = LandmarksCsv.read(f);
        assertEquals(lm.keySet().stream().toList(), back.keySet().stream().toList());
        assertArrayEquals(lm.get("ASIS-r"), back.get("ASIS-r"), 1e-4);
        Files.writeString(f, "name,x_lps_mm,y_lps_mm,z_lps_mm\nFH-l,1,2\n");
        IOException e = assertThrows(IOException.class, () -> LandmarksCsv.read(f));
        assertTrue(e.getMessage().contains("lm.csv") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aBadNumberNamesFileLineAndColumn() throws IOException {
        Path f = tmp.resolve("lm.csv");
        Files.writeString(f, "name,x_lps_mm,y_lps_mm,z_lps_mm\nFH-l,1,2,3\nFH-r,1,x2,3\n");
        String m = assertThrows(IllegalArgumentException.class, () -> LandmarksCsv.read(f)).getMessage();
        assertEquals(f + " line 3, column \"y_lps_mm\": \"x2\" is not a number", m);
        LandmarksCsv.write(f, Map.of("a", new double[] {1, 2, 3}));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
