package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DeepFluoroOverviewTest {
    @Test
    void specimensTableReadsOnlyMetadata(@TempDir Path dir) throws Exception {
        try (DeepFluoroFile f = DeepFluoroFile.open(TestDatasets.write(dir.resolve("df.h5"), 3))) {
            Table t = DeepFluoroOverview.specimens(f);
            assertEquals(2, t.rowCount());
            assertEquals("17-1882", t.stringColumn("specimen").get(0));
            assertEquals(3, t.intColumn("projections").get(0));
            assertEquals(1, t.intColumn("rot-180-for-up").get(0), "the last view of each specimen is stored upside down");
            assertEquals("20×18×14 of 2.50×2.00×3.00 mm", t.stringColumn("CT").get(0));
            assertEquals(4, t.intColumn("3D landmarks").get(1));
            assertEquals("{1=left-thing, 2=right-thing}", t.stringColumn("labels").get(1));
        }
    }

    @Test
    void projectionsTableChecksTheStoredLandmarksAgainstThePoses(@TempDir Path dir) throws Exception {
        try (DeepFluoroFile f = DeepFluoroFile.open(TestDatasets.write(dir.resolve("df.h5"), 3))) {
            DeepFluoroSpecimen s = f.specimen(0);
            Table t = DeepFluoroOverview.projections(s, 0);
            assertEquals(3, t.rowCount());
            for (int r = 0; r < 3; r++) assertTrue(t.doubleColumn("max reprojection error (px)").get(r) < 1e-2, "float32 storage only");
            assertEquals(0, t.doubleColumn("beam angle to first (deg)").get(0), 1e-9);
            assertEquals(2, DeepFluoroOverview.projections(s, 2).rowCount());
        }
    }

    @Test
    void beamAngleIgnoresTheInPlaneTurn() {
        double[] iso = {0, 0, 0};
        Rigid ap = TestDatasets.apView(iso, 0, 0, 0);
        Rigid lao30Turned = TestDatasets.apView(iso, Math.toRadians(30), 0, Math.PI);
        assertEquals(30, DeepFluoroOverview.beamAngleDeg(ap, lao30Turned), 1e-9);
        assertEquals(0, DeepFluoroOverview.beamAngleDeg(ap, TestDatasets.apView(iso, 0, 0, Math.PI)), 1e-9);
    }

    @Test
    void storedAbovePreprocessedInColumns(@TempDir Path dir) throws Exception {
        try (DeepFluoroFile f = DeepFluoroFile.open(TestDatasets.write(dir.resolve("df.h5"), 3))) {
            DeepFluoroSpecimen s = f.specimen(0);
            Preprocess.Settings prep = Preprocess.Settings.deepFluoro(f.camera());
            BufferedImage p = DeepFluoroOverview.storedAndPreprocessed(s, List.of("000", "001", "002"), prep, 96, 2);
            // 48² stored pixels enlarged 2×; two columns, so two pairs of rows (the second pair half empty)
            assertEquals(6 + 2 * (96 + 6), p.getWidth());
            assertTrue(p.getHeight() > 4 * 96, "four rows of pictures: " + p.getHeight());
        }
    }
}
