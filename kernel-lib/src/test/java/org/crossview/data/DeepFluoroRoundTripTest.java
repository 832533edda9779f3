package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** write → read gives identical geometry and images; our files reproduce their landmarks and pass h5dump. */
class DeepFluoroRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsExactToFloatPrecision() throws Exception {
        Camera cam = TestDatasets.smallCamera();
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        DeepFluoroWriter.Specimen s = TestDatasets.specimen("17-1882", cam, params.camFromWorld(), 3, 7);
        Path out = DeepFluoroWriter.write(dir.resolve("rt.h5"), params, List.of(s));
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            assertEquals(cam.cols(), f.camera().cols());
            assertEquals(cam.fx(), f.camera().fx(), 1e-4 * Math.abs(cam.fx()));
            assertEquals(cam.cx(), f.camera().cx(), 1e-5);
            assertEquals(1020.0, f.camera().sourceToDetectorMm(), 1e-3);
            assertTrue(f.camFromWorld().maxAbsDiff(params.camFromWorld()) < 1e-4);
            DeepFluoroSpecimen r = f.specimen("17-1882");
            var v = r.volumeHu();
            assertArrayEquals(s.hu().data(), v.data());
            assertArrayEquals(s.hu().spacingMm(), v.spacingMm(), 1e-6);
            assertArrayEquals(s.hu().originMm(), v.originMm(), 1e-5);
            Segmentation seg = r.segmentation();
            assertArrayEquals(s.segmentation().labels().data(), seg.labels().data());
            assertEquals(s.segmentation().names(), seg.names());
            assertEquals(s.landmarksLps().keySet(), r.landmarksLps().keySet());
            for (var e : s.landmarksLps().entrySet()) assertArrayEquals(e.getValue(), r.landmarksLps().get(e.getKey()), 1e-4);
            assertEquals(List.of("000", "001", "002"), r.projectionIds());
            for (DeepFluoroWriter.Projection w : s.projections()) {
                DeepFluoroProjection p = r.projection(w.id());
                assertArrayEquals(w.image().data(), p.image().data());
                assertArrayEquals(w.segmentation().data(), p.segmentation().data());
                assertEquals(w.rot180ForUp(), p.rot180ForUp());
                GtPoses g = p.poses();
                // float32 storage: entries within 1e-7 relative (rotation) and ~1e-4 mm (translations of ~800 mm)
                assertTrue(g.camToPelvisVol().maxAbsDiff(w.poses().camToPelvisVol()) < 1e-4, g.camToPelvisVol() + " vs " + w.poses().camToPelvisVol());
                assertTrue(g.camToRightFemurVol().maxAbsDiff(w.poses().camToRightFemurVol()) < 1e-4);
                assertTrue(g.leftFemurGoodFov());
                assertFalse(g.rightFemurGoodFov());
                Map<String, Landmark2D> l = p.landmarks();
                assertFalse(l.get("far-away").inImage(), "a landmark off the detector is flagged");
                assertTrue(l.get("C").inImage());
            }
        }
    }

    @Test
    void landmarksReprojectOnOurFiles() throws Exception {
        Path out = TestDatasets.write(dir.resolve("two.h5"), 4);
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            assertEquals(List.of("17-1882", "18-1109"), f.specimenNames());
            double worst = ReprojectionCheck.maxErrorPx(f);
            System.out.printf("our writer: max landmark reprojection error %.2e px%n", worst);
            assertTrue(worst < 1e-3, "worst " + worst);
        }
        // With the −0.5 mm option the same file no longer matches: the option really moves the pose (~0.87 mm).
        try (DeepFluoroFile f = DeepFluoroFile.open(out, DeepFluoroGeometry.PoseShift.MINUS_HALF_MM)) {
            Rigid a = f.specimen(0).projection(0).volFromCam();
            Rigid b = DeepFluoroGeometry.volFromCam(f.specimen(0).projection(0).camToPelvisVol(), f.camFromWorld());
            double[] d = {a.get(0, 3) - b.get(0, 3), a.get(1, 3) - b.get(1, 3), a.get(2, 3) - b.get(2, 3)};
            assertEquals(Math.sqrt(0.75), Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), 1e-9);
            assertTrue(ReprojectionCheck.maxErrorPx(f) > 0.05);
        }
    }

    @Test
    void atomicWriteLeavesNoTemporaryFiles() throws Exception {
        TestDatasets.write(dir.resolve("a.h5"), 2);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("a.h5"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void h5dumpReadsOurFiles() throws Exception {
        Assumptions.assumeTrue(onPath("h5dump"), "skipped: h5dump (Debian hdf5-tools) not on PATH");
        Path out = TestDatasets.write(dir.resolve("dump.h5"), 2);
        String header = run("h5dump", "-H", "-p", out.toString());
        for (String expect : new String[] {"GROUP \"proj-params\"", "DATASET \"num-cols\"", "H5T_STD_U64LE", "DATASET \"rot-180-for-up\"",
                "H5T_STD_U8LE", "\"cam-to-pelvis-vol\"", "\"labels-def\"", "CHUNKED", "COMPRESSION DEFLATE", "DATASPACE  SCALAR"}) {
            assertTrue(header.contains(expect), "h5dump output lacks " + expect);
        }
        String attr = run("h5dump", "-a", "/17-1882/vol/xreg-type", out.toString());
        assertTrue(attr.contains("\"image-3D\""), attr);
        String data = run("h5dump", "-d", "/17-1882/projections/001/image/pixels", out.toString());
        assertTrue(data.contains("(47,0)"), "whole image readable");
    }

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
