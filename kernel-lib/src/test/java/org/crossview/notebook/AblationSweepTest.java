package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crossview.sweep.SweepCollect;
import org.crossview.sweep.SweepPlan;
import org.crossview.sweep.SweepTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Variant A scores 10 + seed mm on every view, B 2 mm more: the readable table and the significance sentence. */
class AblationSweepTest {
    @Test
    void theReadableTableAndTheVerdictFollowTheNumbers(@TempDir Path dir) throws Exception {
        var o = new JsonParser().parse(("{'name': 'abl', 'command': 'fake', 'args': [], 'output': 'out', 'workdir': '" + dir
                + "', 'axes': {'variant': ['A', 'B'], 'seed': [1, 2, 3]}}").replace('\'', '"')).getAsJsonObject();
        SweepPlan plan = SweepPlan.parse(o, "test", Map.of(), null);
        for (SweepTask t : plan.tasks()) {
            Files.createDirectories(t.dir());
            double mm = 10 + Integer.parseInt(t.axes().get("seed")) + (t.axes().get("variant").equals("B") ? 2 : 0);
            StringBuilder csv = new StringBuilder("case,coarse_mm,consensus_mm,nominal_mm\n");
            for (int v = 0; v < 4; v++) csv.append(v / 2).append(',').append(mm).append(',').append(mm).append(",50\n");
            Files.writeString(t.dir().resolve("table.views.csv"), csv);
            Files.writeString(t.finished(), "{}");
        }
        SweepCollect.Result r = SweepCollect.collect(plan);
        AblationSweep.Xrays x = new AblationSweep.Xrays(dir.resolve("f.h5"), dir.resolve("f.json"), false, "own simulator (test)");
        Table t = AblationSweep.summary(r, x);
        assertTrue(t.name().endsWith("own simulator (test)"), t.name());
        assertEquals("A", t.stringColumn("variant").get(1));
        assertEquals("12.0 ± 1.0", t.stringColumn("coarse mTRE mean ± sd (mm)").get(1)); // seeds give 11, 12, 13
        assertEquals("[9.5, 14.5]", t.stringColumn("coarse mTRE 95% interval (mm)").get(1)); // 12 ± 4.3027 / √3
        assertEquals("14.0 ± 1.0", t.stringColumn("coarse mTRE mean ± sd (mm)").get(2));
        // six pairs (2 cases × 3 seeds), all +2 mm: exact two-sided p = 2 / 2^6 < 0.05
        String verdict = AblationSweep.significance(r);
        assertTrue(verdict.contains("'B' is 2.0 mm worse than 'A'") && verdict.contains("6 pairs"), verdict);
    }
}
