package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.crossview.eval.ResultTables;
import org.crossview.refine.InitialError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStudyTest {

    @Test
    void registersEveryViewOfEveryCaseAndRunsTheRobustnessStudyOnSimulatedSpecimens(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        try {
            SimulatedFiles.Specimen specimen = SimulatedFiles.simulate("phantom", 6.0, new SimulatedFiles.Settings(2, 2, 48, 5, 1, 3.0), s -> {});
            // a pure 10 mm translation moves every landmark by exactly 10 mm: the starts' mTRE is known
            var settings = new ResultsStudy.Settings(6.0, 2, 2, 32, 4.0, 3, false, new InitialError(0, 10), List.of(new InitialError(0, 10)), 1);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ResultsStudy study = new ResultsStudy(settings, new PrintStream(log, true, StandardCharsets.UTF_8));
            study.register("phantom (simulated)", specimen);
            assertEquals(4, study.multiView().size(), "2 cases × 2 views");
            assertEquals(4, study.singleView().size());
            for (ResultTables.Row r : study.starts()) assertEquals(10.0, r.error().mTreMm(), 1e-3);
            assertEquals(List.of("phantom (simulated)"), study.specimens());
            assertTrue(study.robustness().rowCount() > 0, "the robustness study ran on the first case");
            assertTrue(study.runtimes().table("test").stringColumn("task").asList().contains("DRR 32² (one view)"));
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("== phantom (simulated): 2 cases of 2 views"), log.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("crossview.home");
        }
    }
}
