package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseEvaluation;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.LossWeights;
import org.crossview.coarse.ObservedCase;
import org.crossview.coarse.SyntheticBatch;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class CoarseExperimentTest {
    @AfterEach
    void clearHome() {
        System.clearProperty("crossview.home");
    }

    /** A 150 × 120 × 130 mm block of "bone" with a denser ball off centre, 6 mm voxels, and four landmarks. */
    static CtSource tinyCt() {
        int nx = 30, ny = 24, nz = 26;
        double s = 6;
        double[] origin = {-nx * s / 2, -ny * s / 2, -nz * s / 2};
        float[] mu = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            double x = origin[0] + i * s, y = origin[1] + j * s, z = origin[2] + k * s;
            boolean block = Math.abs(x) < 75 && Math.abs(y) < 60 && Math.abs(z) < 65;
            boolean ball = (x - 30) * (x - 30) + y * y + (z + 20) * (z + 20) < 30 * 30;
            mu[i + nx * (j + ny * k)] = ball ? 0.05f : block ? 0.02f : 0f;
        }
        Volume v = new Volume(nx, ny, nz, new double[] {s, s, s}, origin, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, mu);
        Map<String, double[]> lm = new LinkedHashMap<>();
        lm.put("a", new double[] {30, 0, -20});
        lm.put("b", new double[] {-50, 20, 40});
        lm.put("c", new double[] {40, -30, 30});
        lm.put("d", new double[] {-20, 10, -50});
        return new CtSource("tiny", v, lm, new double[] {0, 0, 0});
    }

    static CoarseRun.Options tinyOptions(int steps) {
        return new CoarseRun.Options(2, LossWeights.defaults(), steps, 16, 3, 2, 1e-3, "tutorial", "gaussian:0.5", "all", 6.0, "cpu", 1, 0,
                false, 0, 16, 1e4, 0.25, 50, "points", "ncc");
    }

    @Test
    void sampledPosesAreTheCasesOfTheTrainingBatches() {
        try (CoarseExperiment exp = CoarseExperiment.of(tinyCt(), tinyOptions(2))) {
            Table t = exp.sampledPoses(4); // two batches of two cases
            assertEquals(4, t.rowCount());
            for (int step = 0; step < 2; step++) {
                SyntheticBatch b = exp.data().batch(3, step, 2);
                for (int c = 0; c < 2; c++) {
                    int row = step * 2 + c;
                    double[] w = new double[3], tr = new double[3];
                    for (int a = 0; a < 3; a++) {
                        w[a] = Math.toRadians(t.doubleColumn(new String[] {"rx_deg", "ry_deg", "rz_deg"}[a]).get(row));
                        tr[a] = t.doubleColumn(new String[] {"tx_mm", "ty_mm", "tz_mm"}[a]).get(row);
                    }
                    double sep = Math.toRadians(t.doubleColumn("view_separation_deg").get(row));
                    Rigid caseDelta = Rigid.of(Rigid.exp(w[0], w[1], w[2], 0, 0, 0).rotation(), tr);
                    // view 0 of two sits at −separation/2 about the isocentre frame's y axis
                    Rigid expected = caseDelta.compose(Rigid.rotation(new double[] {0, 1, 0}, -sep / 2));
                    Rigid actual = exp.parameterisation().relativeOf(b.trueVolFromCam(b.index(c, 0)));
                    assertTrue(expected.maxAbsDiff(actual) < 1e-6, "case " + row + ": table " + expected + " vs batch " + actual);
                    assertTrue(sep >= Math.toRadians(15) - 1e-9 && sep <= Math.toRadians(45) + 1e-9, "separation within 15–45°");
                }
            }
        }
    }

    @Test
    void trainsOnceThenReusesTheCachedModel(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CoarseExperiment.Trained first;
        try (CoarseExperiment exp = CoarseExperiment.of(tinyCt(), tinyOptions(2))) {
            first = exp.train(new PrintStream(log, true));
            assertFalse(first.fromCache());
            assertEquals(2, first.history().size(), "one logged row per step (logEvery 1)");
            assertTrue(Files.isRegularFile(first.modelFile()));
            assertTrue(first.modelFile().startsWith(home.resolve("build/cache/coarse")));
            List<ObservedCase> cases = exp.heldOut(1, 16);
            CoarseEvaluation.Result r = exp.evaluate(first.model(), cases);
            assertEquals(2, r.coarseMm().length, "one mTRE per view");
            BufferedImage overlay = exp.predictionOverlays(first.model(), cases, 1, 2);
            assertTrue(overlay.getWidth() >= 2 * 32);
        }
        assertTrue(log.toString().contains("step 2/2"), "progress printed: " + log);
        try (CoarseExperiment again = CoarseExperiment.of(tinyCt(), tinyOptions(2))) {
            CoarseExperiment.Trained second = again.train(new PrintStream(new ByteArrayOutputStream(), true));
            assertTrue(second.fromCache());
            assertEquals(first.modelFile(), second.modelFile());
            assertEquals(first.history().get(1).total(), second.history().get(1).total(), 0);
        }
        Files.write(first.modelFile(), new byte[] {1, 2, 3}); // e.g. written by an older version of the library
        try (CoarseExperiment again = CoarseExperiment.of(tinyCt(), tinyOptions(2))) {
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            CoarseExperiment.Trained retrained = again.train(new PrintStream(said, true));
            assertFalse(retrained.fromCache(), "an unreadable cached model is trained again");
            assertTrue(said.toString().contains("cannot read the cached model.zip"), said.toString());
            assertEquals(first.history().get(1).total(), retrained.history().get(1).total(), 1e-9, "same seed, same run");
        }
        try (CoarseExperiment other = CoarseExperiment.of(tinyCt(), tinyOptions(3))) {
            assertNotEquals(first.modelFile().getParent().getFileName().toString(), other.cacheKey(), "other settings, other model");
        }
    }

    @Test
    void trainingInputsShowTheSamePoseUnderEachSpec() {
        try (CoarseExperiment exp = CoarseExperiment.of(tinyCt(), tinyOptions(1))) {
            float[] drr = exp.data().batch(exp.options().seed(), 0, 1).target(0).data(); // case 0, view 0: the same pose
            float[] none0 = exp.trainingInput("none", 0).data(), none1 = exp.trainingInput("none", 1).data();
            // 'none' is I0·exp(−DRR) logged back with an estimated I0: the DRR up to offset and scale, whatever the draw
            assertTrue(correlation(none0, drr) > 0.99, "none vs DRR: " + correlation(none0, drr));
            assertTrue(correlation(none0, none1) > 0.9999);
            float[] all1 = exp.trainingInput("all", 1).data(), all2 = exp.trainingInput("all", 2).data();
            assertTrue(correlation(all1, all2) < 0.999, "two draws of 'all' should differ");
            assertTrue(correlation(exp.trainingInput("legacy", 0).data(), none0) < 0.9999, "legacy should differ from none");
            BufferedImage grid = exp.domainRandomisationGrid(2, exp.trainingInput("none", 0), "foreign", 2);
            assertTrue(grid.getWidth() >= 4 * 16 * 2, "four pictures in the top row: " + grid.getWidth());
        }
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
