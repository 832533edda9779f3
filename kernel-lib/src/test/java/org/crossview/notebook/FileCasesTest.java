package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.volume.Nifti;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated files (cached by settings) and the cases of a specimen, on a coarse phantom. */
class FileCasesTest {
    @TempDir
    static Path home;
    static Path file;

    @BeforeAll
    static void simulate() throws Exception {
        System.setProperty("crossview.home", home.toString());
        // two cases of two views; case 1 is stored upside down (every other case)
        file = SimulatedFiles.simulate("phantom", 6.0, new SimulatedFiles.Settings(2, 2, 48, 3, 1, 3.0), s -> {}).file();
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
        SimulatedFiles.Specimen again = SimulatedFiles.simulate("phantom", 6.0, new SimulatedFiles.Settings(2, 2, 48, 3, 1, 3.0), said::add);
        assertEquals(file, again.file());
        assertEquals("00-phantom", again.specimen());
        assertEquals(file + ":00-phantom", again.ctSpec());
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "not written again");
        assertTrue(said.get(0).startsWith("reusing"), said.toString());
        Path other = SimulatedFiles.simulate("phantom", 6.0, new SimulatedFiles.Settings(1, 2, 48, 4, 1, 3.0), s -> {}).file();
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
    void casesComeFromTheSidecarOfASimulatedFile() throws Exception {
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen s = f.specimen(0);
            List<MultiViewCase> mv = FileCases.cases(s, 2, 0, 0);
            assertEquals(List.of(List.of("000", "001"), List.of("002", "003")), mv.stream().map(MultiViewCase::projections).toList());
            assertEquals(1, FileCases.cases(s, 2, 1, 0).size(), "at most maxCases");
            // the sidecar's relative transform equals the one implied by the stored ground-truth poses
            MultiViewCase fromPoses = MultiViewCase.fromStoredPoses("x", s, mv.get(1).projections());
            assertTrue(fromPoses.camFromRefCam().get(1).maxAbsDiff(mv.get(1).camFromRefCam().get(1)) < 1e-3);
        }
    }

    @Test
    void aCtWithoutLandmarksIsScoredAtCubeCornersAboutItsCentre(@TempDir Path dir) throws Exception {
        System.setProperty("crossview.home", home.toString());
        Volume hu = CoarseExperimentTest.tinyCt().mu();
        float[] d = hu.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = d[i] > 0.03f ? 1000 : d[i] > 0 ? 40 : -1000;
        Path nii = dir.resolve("block.nii.gz");
        Nifti.write(nii, hu.withData(d));
        SimulatedFiles.Specimen sim = SimulatedFiles.simulate(nii.toString(), 0, new SimulatedFiles.Settings(1, 1, 32, 0, 1, 4.0), s -> {});
        assertEquals("block", sim.specimen());
        try (DeepFluoroFile f = DeepFluoroFile.open(sim.file())) {
            Map<String, double[]> lm = f.specimen(sim.specimen()).landmarksLps();
            assertEquals(8, lm.size());
            double[] centre = hu.centreLps();
            for (double[] p : lm.values()) for (int a = 0; a < 3; a++) assertEquals(50, Math.abs(p[a] - centre[a]), 1e-3);
            assertTrue(f.specimen(sim.specimen()).hasSegmentation(), "bone labels made from HU > 300");
        }
    }

    @Test
    void thePhantomSpecGivesTheSameAttenuationAndIsocentreAsCtSourcePhantom() throws Exception {
        CtSource a = CtSpec.load("phantom", 6.0), b = CtSource.phantom(6.0);
        assertTrue(java.util.Arrays.equals(a.mu().data(), b.mu().data()), "same μ, so the coarse cache is shared");
        for (int k = 0; k < 3; k++) assertEquals(b.isocentreLps()[k], a.isocentreLps()[k], 1e-9);
        assertEquals(b.landmarksLps().keySet(), a.landmarksLps().keySet());
    }
}
