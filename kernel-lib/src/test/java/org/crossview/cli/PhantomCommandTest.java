package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesHuLabelsAndLandmarksThatReadBack() throws Exception {
        Path out = tmp.resolve("p.nii.gz"), labels = tmp.resolve("l.nii.gz"), lm = tmp.resolve("lm.csv");
        int rc = Main.run(new String[] {"phantom", "--voxel-mm", "8", "--out", out.toString(), "--labels", labels.toString(), "--landmarks", lm.toString()});
        assertEquals(0, rc);
        Phantom want = PelvisPhantom.generate(8);
        Volume hu = Nifti.read(out);
        assertArrayEquals(want.hu().data(), hu.data());
        assertArrayEquals(want.hu().originMm(), hu.originMm(), 1e-4);
        assertArrayEquals(want.labels().data(), Nifti.read(labels).data());
        Map<String, double[]> back = LandmarksCsv.read(lm);
        assertEquals(14, back.size());
        assertArrayEquals(want.landmarksLps().get("GSN-r"), back.get("GSN-r"), 1e-4);
    }

    @Test
    void badArgumentsFailWithExitCode() {
        assertEquals(1, Main.run(new String[] {"phantom", "--voxel-mm", "zero"}));
        assertEquals(1, Main.run(new String[] {"phantom", "--bogus"}));
        assertTrue(Main.run(new String[] {"phantom", "--help"}) == 0);
    }
}
