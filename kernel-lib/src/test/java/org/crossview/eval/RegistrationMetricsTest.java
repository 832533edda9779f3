package org.crossview.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class RegistrationMetricsTest {
    static final Camera CAM = Camera.deepFluoroFullRes().binned(8);
    /** AP-like view: source 750 mm posterior of the origin. */
    static final Rigid TRUTH = Rigid.of(1, 0, 0, 0, 0, 0, 1, 750, 0, -1, 0, 0);
    static final List<double[]> LANDMARKS = List.of(new double[] {40, 10, -20}, new double[] {-35, -5, 15}, new double[] {5, 30, 60},
            new double[] {-10, -25, -50});

    @Test
    void pureTranslationGivesExactlyThatDistance() {
        // a translation in the camera frame (right) and one in the volume frame (left): every landmark moves by |d|
        Rigid camShift = TRUTH.compose(Rigid.translation(3, -4, 12));
        ProjectionError e = RegistrationMetrics.compute(CAM, TRUTH, camShift, LANDMARKS);
        assertEquals(13, e.mTreMm(), 1e-9);
        assertEquals(13, e.translationMm(), 1e-9);
        assertEquals(0, e.rotationDeg(), 1e-9);
        assertEquals(4, e.landmarks());
        ProjectionError v = RegistrationMetrics.compute(CAM, TRUTH, Rigid.translation(0.6, 0.8, 0).compose(TRUTH), LANDMARKS);
        assertEquals(1, v.mTreMm(), 1e-9);
        assertEquals(0, RegistrationMetrics.compute(CAM, TRUTH, TRUTH, LANDMARKS).mTreMm(), 0);
    }

    @Test
    void rotationAboutTheCentroid() {
        double[] c = new double[3];
        for (double[] x : LANDMARKS) for (int k = 0; k < 3; k++) c[k] += x[k] / LANDMARKS.size();
        double angle = Math.toRadians(4);
        double[] axis = {0, 0, 1}; // about the volume's S axis through the centroid
        Rigid turn = Rigid.translation(c[0], c[1], c[2]).compose(Rigid.rotation(axis, angle)).compose(Rigid.translation(-c[0], -c[1], -c[2]));
        Rigid est = turn.compose(TRUTH); // the volume turned: X seen where turn⁻¹X was
        ProjectionError e = RegistrationMetrics.compute(CAM, TRUTH, est, LANDMARKS);
        assertEquals(4, e.rotationDeg(), 1e-9);
        assertEquals(0, e.translationMm(), 1e-9);
        double expect = 0;
        for (double[] x : LANDMARKS) expect += 2 * Math.sin(angle / 2) * Math.hypot(x[0] - c[0], x[1] - c[1]) / LANDMARKS.size();
        assertEquals(expect, e.mTreMm(), 1e-9);
    }

    @Test
    void projectionDistanceOnTheDetector() {
        // shifting the camera-frame points by (d, 0, 0) moves each projection by f·d/|z| on the detector
        double d = 2;
        ProjectionError e = RegistrationMetrics.compute(CAM, TRUTH, TRUTH.compose(Rigid.translation(-d, 0, 0)), LANDMARKS);
        double expect = 0;
        for (double[] x : LANDMARKS) expect += CAM.sourceToDetectorMm() * d / Math.abs(TRUTH.inverse().apply(x)[2]) / LANDMARKS.size();
        assertEquals(expect, e.mPdMm(), 1e-9);
        assertEquals(4, e.projectedLandmarks());
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class, () -> RegistrationMetrics.compute(CAM, TRUTH, TRUTH, List.of()));
        assertThrows(IllegalArgumentException.class, () -> RegistrationMetrics.compute(CAM, TRUTH, TRUTH, List.of(new double[] {Double.NaN, 0, 0})));
        assertThrows(IllegalArgumentException.class, () -> RegistrationMetrics.compute(CAM, null, TRUTH, LANDMARKS));
    }

    @Test
    void tablesSummariseAndWriteCsv(@TempDir Path dir) throws Exception {
        List<ResultTables.Row> rows = new ArrayList<>();
        double[] treA = {0.5, 1.5, 3, 12}, treB = {0.2, 0.9};
        for (int i = 0; i < treA.length; i++) rows.add(new ResultTables.Row("A", String.format("%03d", i), i < 2 ? "0" : "1", err(treA[i])));
        for (int i = 0; i < treB.length; i++) rows.add(new ResultTables.Row("B", String.format("%03d", i), "", err(treB[i])));
        Table s = ResultTables.perSpecimen(rows);
        assertEquals(3, s.rowCount());
        assertEquals("A", s.stringColumn("specimen").get(0));
        assertEquals(17.0 / 4, s.doubleColumn("mtre_mm_mean").get(0), 1e-12);
        assertEquals(2.25, s.doubleColumn("mtre_mm_median").get(0), 1e-12);
        double mean = 17.0 / 4, ss = 0;
        for (double x : treA) ss += (x - mean) * (x - mean);
        assertEquals(Math.sqrt(ss / 3), s.doubleColumn("mtre_mm_sd").get(0), 1e-12);
        assertEquals(75, s.doubleColumn("success_under_10mm_pct").get(0), 1e-12);
        assertEquals(50, s.doubleColumn("success_under_2mm_pct").get(0), 1e-12);
        assertEquals(25, s.doubleColumn("success_under_1mm_pct").get(0), 1e-12);
        assertEquals("all", s.stringColumn("specimen").get(2));
        assertEquals(6, s.intColumn("n").get(2));
        assertEquals(100.0 * 3 / 6, s.doubleColumn("success_under_1mm_pct").get(2), 1e-12);

        Table cases = ResultTables.perCase(rows);
        assertEquals(4, cases.rowCount()); // A/0, A/1, B/000, B/001
        assertEquals(1.0, cases.doubleColumn("mtre_mm").get(0), 1e-12);
        assertEquals("000;001", cases.stringColumn("projections").get(0));

        Path csv = dir.resolve("sub/table.csv");
        ResultTables.writeCsv(ResultTables.perProjection(rows), csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(7, lines.size());
        assertEquals("specimen,projection,case,landmarks,mtre_mm,mpd_mm,rot_deg,trans_mm", lines.get(0));
        try (var files = Files.list(csv.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        String text = ResultTables.summaryText(s);
        assertEquals(true, text.contains("4.25 ± "), text);
    }

    private static ProjectionError err(double tre) {
        return new ProjectionError(tre, tre / 2, tre / 10, tre, 4, 4);
    }
}
