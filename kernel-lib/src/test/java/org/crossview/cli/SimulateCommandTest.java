package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.Landmark2D;
import org.crossview.data.MultiViewCases;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crossview simulate --phantom end to end (coarse settings to stay fast), then the notebook-facing API on its output. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void phantomSimulationWritesAReadableDatasetAndSidecar() throws Exception {
        Path out = dir.resolve("ph.h5");
        int rc = new SimulateCommand().run(new String[] {"--phantom", "--voxel-mm", "6", "--size", "48", "--cases", "2", "--views-per-case", "2",
            "--supersample", "1", "--step-mm", "2", "--seed", "3", "--out", out.toString()});
        assertEquals(0, rc);
        assertTrue(Files.isRegularFile(dir.resolve("ph.json")));
        assertEquals(2, MultiViewCases.read(dir.resolve("ph.json")).size());
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            assertEquals(48, f.camera().cols());
            DeepFluoroSpecimen s = f.specimen("00-phantom");
            assertEquals(4, s.projectionCount());
            assertEquals(14, s.landmarksLps().size(), "the phantom's DeepFluoro landmarks");
            assertEquals(7, s.segmentation().names().size());
            Map<String, double[]> lps = s.landmarksLps();
            XrayView v = s.view("003", Preprocess.Settings.deepFluoro(f.camera()));
            for (Landmark2D l : v.landmarks().values()) {
                double[] uv = DeepFluoroGeometry.project(v.camera(), v.volFromCam(), lps.get(l.name()));
                assertEquals(uv[0], l.u(), 1e-3);
            }
            // upright: the femoral heads lie below the anterior superior iliac spines, the patient's right on the image's left
            assertTrue(v.landmarks().get("ASIS-l").v() < v.landmarks().get("FH-l").v());
            assertTrue(v.landmarks().get("FH-r").u() < v.landmarks().get("FH-l").u());
            BufferedImage pic = v.picture(3);
            assertEquals(3 * v.camera().cols(), pic.getWidth());
        }
    }

    @Test
    void badArgumentsNameTheOption() {
        SimulateCommand c = new SimulateCommand();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"--out", "x.h5"}));
        assertTrue(e.getMessage().contains("--phantom"));
        e = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"--phantom", "--out", "x.h5", "--size", "-3"}));
        assertTrue(e.getMessage().contains("--size"));
        assertThrows(java.io.IOException.class, () -> c.run(new String[] {"--ct", dir.resolve("none.nii.gz").toString(), "--out", dir.resolve("y.h5").toString()}));
        assertTrue(Files.notExists(dir.resolve("y.h5")));
    }
}
