package org.crossview.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Collect over hand-made task outputs: variant A scores 10 + specimen + seed mm on every view, variant B 1 mm less on
 * case 0 and 3 mm less on case 1; the nominal start is 50 mm. Expected numbers are worked out by hand below.
 */
class SweepCollectTest {
    private static SweepPlan plan(Path dir) {
        JsonObject o = SweepPlanTest.json("{'name': 'abl', 'command': 'fake', 'args': [], 'output': 'out',"
                + " 'axes': {'specimen': ['1', '2'], 'variant': ['A', 'B'], 'seed': [1, 2, 3]}}");
        o.addProperty("workdir", dir.toString());
        return SweepPlan.parse(o, "test", Map.of(), null);
    }

    private static void finish(SweepTask t) throws Exception {
        Files.createDirectories(t.dir());
        double base = 10 + Integer.parseInt(t.axes().get("specimen")) + Integer.parseInt(t.axes().get("seed"));
        boolean b = t.axes().get("variant").equals("B");
        StringBuilder csv = new StringBuilder("variant,specimen,projection,case,rot180_for_up,coarse_mm,consensus_mm,nominal_mm\n");
        for (int v = 0; v < 4; v++) {
            int c = v / 2;
            double coarse = base - (b ? (c == 0 ? 1 : 3) : 0);
            csv.append(String.format(java.util.Locale.ROOT, "all,s,%03d,%d,0,%.3f,%.3f,50\n", v, c, coarse, coarse - 2));
        }
        Files.writeString(t.dir().resolve("table.views.csv"), csv);
        Files.writeString(t.finished(), "{}");
    }

    @Test
    void seedsGiveMeanSdAndIntervalPerSpecimenAndOverall(@TempDir Path dir) throws Exception {
        SweepPlan p = plan(dir);
        for (SweepTask t : p.tasks()) finish(t);
        SweepCollect.Result r = SweepCollect.collect(p);
        Table s = r.summary();
        // rows: per specimen 1, 2, overall: the reference, A, B
        assertEquals(9, s.rowCount());
        double half = 4.302653 / Math.sqrt(3); // seeds 1,2,3 shift by 1 mm: sd 1, t(0.975, 2) / sqrt(3)
        // specimen 1, A: 10 + 1 + seed → 12, 13, 14
        assertEquals("1", s.stringColumn("specimen").get(1));
        assertEquals("A", s.stringColumn("variant").get(1));
        assertEquals(13, s.doubleColumn("coarse mTRE mean (mm)").get(1), 1e-9);
        assertEquals(1, s.doubleColumn("coarse mTRE sd (mm)").get(1), 1e-9);
        assertEquals(13 - half, s.doubleColumn("coarse mTRE 95% CI low (mm)").get(1), 1e-3);
        assertEquals(11, s.doubleColumn("consensus mTRE mean (mm)").get(1), 1e-9);
        // specimen 1, B: 2 mm less on average (1 on case 0, 3 on case 1)
        assertEquals(11, s.doubleColumn("coarse mTRE mean (mm)").get(2), 1e-9);
        // overall B: specimens averaged per seed: (12 + 13)/2 - 2 + seed offsets → 11.5, mean over seeds; the reference 50
        assertEquals("overall", s.stringColumn("specimen").get(8));
        assertEquals(11.5, s.doubleColumn("coarse mTRE mean (mm)").get(8), 1e-9);
        assertEquals(50, s.doubleColumn("coarse mTRE mean (mm)").get(6), 1e-9);
        assertEquals(8, s.intColumn("views per seed").get(8));

        Table pairs = r.pairs();
        assertEquals(1, pairs.rowCount());
        assertEquals(12, pairs.intColumn("pairs").get(0), "2 specimens × 3 seeds × 2 cases");
        assertEquals(-2, pairs.doubleColumn("B − A coarse mTRE mean (mm)").get(0), 1e-9);
        // 12 negative differences (six of 1 mm, six of 3 mm): the exact two-sided p is 2 / 2^12
        assertEquals(2 / 4096.0, pairs.doubleColumn("Wilcoxon p").get(0), 1e-4);
        assertEquals("yes", pairs.stringColumn("significant (Holm, 5%)").get(0));

        SweepCollect.write(p, r);
        assertTrue(Files.readString(p.output().resolve("abl.csv")).startsWith("specimen,variant,seeds"));
    }

    @Test
    void anUnfinishedTaskIsNamed(@TempDir Path dir) throws Exception {
        SweepPlan p = plan(dir);
        for (SweepTask t : p.tasks()) if (t.index() != 4) finish(t);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepCollect.collect(p));
        assertTrue(e.getMessage().contains(p.tasks().get(4).id()), e.getMessage());
    }
}
