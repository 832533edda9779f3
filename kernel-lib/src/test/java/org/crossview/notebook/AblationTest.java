package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.crossview.coarse.CoarseEvaluation;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.LossWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class AblationTest {
    @Test
    void paperVariantsAddTheTermsOneByOne() {
        List<Ablation.Variant> v = Ablation.paperVariants();
        assertEquals(5, v.size());
        assertEquals(new LossWeights(0.01, 0, 0, 0), v.get(0).weights());
        assertEquals(new LossWeights(0.01, 1, 0.01, 1), v.get(4).weights());
        for (Ablation.Variant x : v.subList(1, 4)) assertTrue(x.weights().image() > 0, x.name() + " keeps the image term");
        assertTrue(v.get(2).weights().crossPose() > 0 && v.get(2).weights().crossImage() == 0);
        assertTrue(v.get(3).weights().crossPose() == 0 && v.get(3).weights().crossImage() > 0);
    }

    @Test
    void everyVariantIsScoredOnTheSameHeldOutCases(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        try {
            CoarseRun.Options base = CoarseOptions.withEvaluation(CoarseExperimentTest.tinyOptions(1), 2, 16);
            List<Ablation.Variant> variants = List.of(new Ablation.Variant("pose", new LossWeights(0.01, 0, 0, 0)),
                    new Ablation.Variant("pose+image", new LossWeights(0.01, 1, 0, 0)));
            Ablation a = Ablation.run(CoarseExperimentTest.tinyCt(), base, variants, new PrintStream(new ByteArrayOutputStream(), true));
            CoarseEvaluation.Result first = a.outcomes().get(0).evaluation(), second = a.outcomes().get(1).evaluation();
            assertEquals(4, first.startMm().length, "2 cases × 2 views");
            assertTrue(Arrays.equals(first.startMm(), second.startMm()), "same held-out cases (same start errors)");
            Table t = a.table(false);
            assertEquals(List.of("reference pose (no registration)", "pose", "pose+image"), t.stringColumn("variant").asList());
            assertEquals(Math.round(first.start().mean() * 100) / 100.0, t.doubleColumn("mTRE mean (mm)").get(0), 1e-9);
            assertEquals(Math.round(second.coarse().median() * 100) / 100.0, t.doubleColumn("mTRE median (mm)").get(2), 1e-9);
            assertEquals(3, a.boxChart("t", true).getSeriesCollection().size());
        } finally {
            System.clearProperty("crossview.home");
        }
    }
}
