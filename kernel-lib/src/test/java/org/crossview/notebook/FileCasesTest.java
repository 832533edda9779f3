package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.FilePredictions;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.Landmark2D;
import org.crossview.data.MultiViewCase;
import org.crossview.data.XrayView;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.refine.StudyCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated files, their cases as the refinement reads them, and the coarse predictions' frame, on a coarse phantom. */
class FileCasesTest {
    @TempDir
    static Path home;
    static Path file;

    @BeforeAll
    static void simulate() throws Exception {
        System.setProperty("crossview.home", home.toString());
        // two cases of two views; case 1 is stored upside down (every other case)
        file = SimulatedFiles.phantom(6.0, new SimulatedFiles.Settings(2, 2, 48, 3, 1, 3.0), s -> {});
        System.clearProperty("crossview.home");
    }

    @AfterEach
    void clear() {
        System.clearProperty("crossview.home");
    }

    @Test
    void simulatedFilesAreCachedBySettings() throws Exception {
        System.setProperty("crossview.home", home.toString());
        assertTrue(file.startsWith(home.resolve("build/cache/simulated")));
        long modified = Files.getLastModifiedTime(file).toMillis();
        List<String> said = new ArrayList<>();
        assertEquals(file, SimulatedFiles.phantom(6.0, new SimulatedFiles.Settings(2, 2, 48, 3, 1, 3.0), said::add));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "not written again");
        assertTrue(said.get(0).startsWith("reusing"), said.toString());
        Path other = SimulatedFiles.phantom(6.0, new SimulatedFiles.Settings(1, 2, 48, 4, 1, 3.0), s -> {});
        assertTrue(!other.equals(file) && Files.isRegularFile(other), "other settings, other file");
    }

    @Test
    void cubeCornersAreEightPointsAtHalfTheSideOnEveryAxis() {
        Map<String, double[]> c = SimulatedFiles.cubeCorners(new double[] {10, 20, 30}, 100);
        assertEquals(8, c.size());
        for (double[] p : c.values()) {
            assertEquals(50, Math.abs(p[0] - 10), 1e-12);
            assertEquals(50, Math.abs(p[1] - 20), 1e-12);
            assertEquals(50, Math.abs(p[2] - 30), 1e-12);
        }
        assertEquals(-40, c.get("cube-x-y-z")[0], 1e-12);
    }

    @Test
    void studyCasesReproduceTheFilesLandmarksAndRelativeGeometry() throws Exception {
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen s = f.specimen(0);
            List<MultiViewCase> mv = FileCases.cases(s, 2, 0, 0);
            assertEquals(2, mv.size(), "the sidecar's two cases");
            List<StudyCase> cases = FileCases.read(s, mv, 32);
            assertEquals(2, cases.size());
            for (int k = 0; k < 2; k++) {
                StudyCase c = cases.get(k);
                for (int v = 0; v < 2; v++) {
                    CaseView view = c.views().get(v);
                    assertEquals(32, view.camera().cols());
                    // independent answer: the file's 2D landmarks after the same preprocessing
                    XrayView x = s.view(mv.get(k).projections().get(v), FileCases.preprocessing(s, 32));
                    Rigid camFromVol = c.volFromCamTrue(v).inverse();
                    int checked = 0;
                    for (Landmark2D l : x.landmarks().values()) {
                        double[] uv = view.camera().project(camFromVol.apply(s.landmarksLps().get(l.name())));
                        assertEquals(l.u(), uv[0], 0.02, l.name());
                        assertEquals(l.v(), uv[1], 0.02, l.name());
                        checked++;
                    }
                    assertTrue(checked >= 10, "landmarks checked: " + checked);
                }
            }
        }
    }

    @Test
    void coarsePredictionsAreInTheTurnedFrameOfTheStudyCases() throws Exception {
        System.setProperty("crossview.home", home.toString());
        CoarseModel model;
        try (CoarseExperiment exp = CoarseExperiment.of(CoarseExperimentTest.tinyCt(), CoarseExperimentTest.tinyOptions(1))) {
            model = exp.train(new PrintStream(new ByteArrayOutputStream(), true)).model();
        }
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen s = f.specimen(0);
            MultiViewCase turned = FileCases.cases(s, 2, 0, 0).get(1);
            assertTrue(s.projection(turned.projections().get(0)).rot180ForUp(), "case 1 is stored upside down");
            Rigid[] ours = FileCases.coarsePredictions(model, s, turned);
            for (int v = 0; v < 2; v++) {
                Rigid stored = FilePredictions.predict(model, s.projection(turned.projections().get(v)));
                Rigid expected = stored.compose(DeepFluoroGeometry.rot180AboutCamZ());
                assertTrue(expected.maxAbsDiff(ours[v]) < 1e-6, "view " + v + ": " + expected + " vs " + ours[v]);
            }
        }
    }
}
