package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtLoaderTest {
    @Test
    void phantomComesWithDeepFluoroLabelsAndLandmarks() throws Exception {
        SimulatedDataset.Source ct = CtLoader.load("phantom", 10);
        assertEquals(10, ct.hu().spacingMm()[0], 0);
        assertEquals(7, ct.segmentation().names().size());
        assertEquals("left-hemipelvis", ct.segmentation().names().get(1));
        assertEquals(14, ct.landmarksLps().size());
        double[] iso = CtLoader.isocentreLps(ct);
        assertEquals(0, iso[0], 1e-9, "the phantom is symmetric in L");
    }

    @Test
    void niftiWithLandmarksBesideItIsCoarsenedToTheVoxelSize(@TempDir Path dir) throws Exception {
        float[] d = new float[8 * 8 * 8];
        for (int i = 0; i < d.length; i++) d[i] = 100 + i % 7;
        Path nii = dir.resolve("patient.nii.gz");
        Nifti.write(nii, new Volume(8, 8, 8, new double[] {1, 1, 1}, new double[] {0, 0, 0}, d));
        LandmarksCsv.write(dir.resolve("patient.landmarks.csv"), Map.of("tip", new double[] {1, 2, 3}));
        SimulatedDataset.Source coarse = CtLoader.load(nii.toString(), 2);
        assertEquals("patient", coarse.name());
        assertEquals(2, coarse.hu().spacingMm()[0], 1e-9);
        assertEquals(4, coarse.hu().nx());
        assertNull(coarse.segmentation());
        assertArrayEquals(new double[] {1, 2, 3}, coarse.landmarksLps().get("tip"), 1e-6);
        assertEquals(8, CtLoader.load(nii.toString(), 0).hu().nx(), "0 keeps the file's grid");
        assertEquals(8, CtLoader.load(nii.toString(), 0.5).hu().nx(), "never refined");
    }

    @Test
    void aSpecimenOfADeepFluoroFile(@TempDir Path dir) throws Exception {
        Path h5 = TestDatasets.write(dir.resolve("df.h5"), 2);
        SimulatedDataset.Source first = CtLoader.load(h5.toString(), 0);
        assertEquals("17-1882", first.name());
        SimulatedDataset.Source second = CtLoader.load(h5 + ":18-1109", 0);
        assertEquals("18-1109", second.name());
        assertEquals(Map.of(1, "left-thing", 2, "right-thing"), Map.copyOf(second.segmentation().names()));
        assertEquals(4, second.landmarksLps().size());
        assertEquals(20, second.hu().nx());
    }

    @Test
    void badSpecsSayWhatIsExpected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CtLoader.load("pelvis.mha", 2));
        assertTrue(e.getMessage().contains("phantom"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CtLoader.load(" ", 2));
        assertThrows(IllegalArgumentException.class, () -> CtLoader.load(dir.resolve("missing.nii.gz").toString(), 2));
        assertTrue(Files.notExists(dir.resolve("missing.nii.gz")));
    }
}
