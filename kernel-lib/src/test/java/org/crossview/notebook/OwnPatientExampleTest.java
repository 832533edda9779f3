package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.refine.FileRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own-patient folder round trip at 6 mm and 64² images: the imported detector is DeepFluoro's binned one, the
 * relative transform from the JSONs' positioner angles is the one between the true poses, and registration from the
 * nominal AP start (11.9 mm off) reaches the true poses.
 */
class OwnPatientExampleTest {
    @TempDir
    Path dir;

    @Test
    void folderImportsAndRegistersFromTheNominalStart() throws Exception {
        OwnPatientExample.Settings s = new OwnPatientExample.Settings(6, 24, new double[] {0, 30}, new double[] {6, -5, 9}, 1);
        OwnPatientExample.Folder folder = OwnPatientExample.write(dir.resolve("own"), s, m -> {});
        assertEquals(2, folder.views().size());
        OwnPatientExample.Imported imp = OwnPatientExample.importFolder(folder, dir.resolve("own.h5"), m -> {});

        Camera expected = Camera.deepFluoroFullRes().binned(24);
        try (DeepFluoroFile f = DeepFluoroFile.open(imp.h5())) {
            Camera c = f.camera();
            assertEquals(expected.cols(), c.cols());
            assertEquals(expected.fx(), c.fx(), 1e-3 * Math.abs(expected.fx()));
            DeepFluoroSpecimen sp = f.specimen(imp.specimen());
            assertFalse(sp.projection("000").hasPoses());
            // bone is dark in a raw image: the centre (through the pelvis) is darker than the brightest pixel
            float[] px = sp.projection("000").image().data();
            float max = 0;
            for (float x : px) max = Math.max(max, x);
            assertTrue(px[c.rows() / 2 * c.cols() + c.cols() / 2] < 0.8 * max);
        }
        MultiViewCase mvc = MultiViewCases.read(imp.json()).get(0);
        Rigid trueCamBFromCamA = CArm.camBFromCamA(folder.trueVolFromCam().get(0), folder.trueVolFromCam().get(1));
        double[] relErr = OwnPatientExample.errorDegMm(mvc.camFromRefCam().get(1), trueCamBFromCamA, 0);
        assertTrue(relErr[0] < 0.01 && relErr[1] < 0.05, "relative transform off by " + relErr[0] + "°, " + relErr[1] + " mm");

        FileRegistration.Options o = OwnPatientExample.tutorialOptions();
        FileRegistration.Outcome out = OwnPatientExample.register(imp, new FileRegistration.Options(o.size(), o.levels(), o.similarity(), 80,
                o.stepMm(), "cpu", o.truncationMask(), o.boneMask(), o.start(), null, 1, o.search(), o.retries()));
        for (int v = 0; v < 2; v++) {
            double[] err = OwnPatientExample.errorDegMm(out.volFromCam().get(v), folder.trueVolFromCam().get(v), CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
            System.err.printf("OwnPatientExampleTest: view %d: %.3f°, %.3f mm at the isocentre from the truth%n", v, err[0], err[1]);
            assertTrue(err[0] < 1 && err[1] < 2, "view " + v + ": " + err[0] + "°, " + err[1] + " mm");
        }
        BufferedImage panel = OwnPatientExample.overlay(imp, out, 64);
        assertTrue(panel.getWidth() >= 4 * 256 && panel.getHeight() >= 2 * 256, panel.getWidth() + "×" + panel.getHeight());
        assertEquals(List.of("000", "001"), out.spec().projections());
    }
}
