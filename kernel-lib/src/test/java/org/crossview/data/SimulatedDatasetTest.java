package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate → write → read with the real CPU renderer on a small analytic CT. */
class SimulatedDatasetTest {
    @TempDir
    Path dir;

    /** A water ellipsoid with two bone blocks (labels 1 = left, 2 = right), 3 mm voxels, LPS around (0, 0, 0). */
    static SimulatedDataset.Source phantom() {
        int nx = 48, ny = 40, nz = 40;
        double sp = 3;
        double[] origin = {-(nx - 1) * sp / 2, -(ny - 1) * sp / 2, -(nz - 1) * sp / 2};
        float[] hu = new float[nx * ny * nz], lab = new float[hu.length];
        Volume grid = new Volume(nx, ny, nz, new double[] {sp, sp, sp}, origin, hu);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double[] x = grid.indexToLps(i, j, k);
                    int n = grid.index(i, j, k);
                    boolean body = Math.pow(x[0] / 65, 2) + Math.pow(x[1] / 52, 2) + Math.pow(x[2] / 55, 2) <= 1;
                    hu[n] = body ? 0 : -1000;
                    if (Math.abs(x[1]) < 15 && Math.abs(x[2]) < 20 && Math.abs(Math.abs(x[0]) - 35) < 10) {
                        hu[n] = 1200;
                        lab[n] = x[0] > 0 ? 1 : 2; // +x = patient left
                    }
                    if (Math.abs(x[0]) < 8 && Math.abs(x[1]) < 8 && Math.abs(x[2] + 30) < 8) { // DeepFluoro's label 7: CT only, never in gt-seg
                        hu[n] = 800;
                        lab[n] = 7;
                    }
                }
            }
        }
        Map<String, double[]> lands = new LinkedHashMap<>();
        lands.put("bone-l", new double[] {35, 0, 0});
        lands.put("bone-r", new double[] {-35, 0, 0});
        lands.put("top", new double[] {0, 0, 19});
        lands.put("low", new double[] {0, 0, -30});
        Segmentation seg = Segmentation.of(grid.withData(lab), Map.of(1, "left-bone", 2, "right-bone", 7, "lower-sacrum"));
        return new SimulatedDataset.Source("00-blocks", grid, seg, lands);
    }

    static Volume huToMu(Volume hu) {
        float[] d = hu.data(), mu = new float[d.length];
        for (int i = 0; i < d.length; i++) mu[i] = (float) Math.max(0, 0.02 * (1 + d[i] / 1000));
        return hu.withData(mu);
    }

    @Test
    void simulatedFileReadsBackWithConsistentGeometryImagesAndSegmentation() throws Exception {
        Camera cam = Camera.deepFluoroFullRes().binned(32);
        SimulatedDataset.Settings s = SimulatedDataset.Settings.defaults().withCamera(cam).withCases(2, 3).withSeed(5).withStepMm(1.0)
                .withPoses(new CaseSampler.Settings(750, 3, 5, 15, 45, 5, 0.5));
        List<String> progress = new ArrayList<>();
        SimulatedDataset.Result r = SimulatedDataset.simulate(phantom(), s, SimulatedDatasetTest::huToMu, progress::add);
        assertEquals(6, progress.size());
        assertTrue(progress.get(5).contains("6/6"), progress.get(5));
        Path out = dir.resolve("sim.h5");
        Path json = SimulatedDataset.write(out, r);
        assertTrue(Files.isRegularFile(json));
        boolean sawTurned = false, sawUpright = false;
        try (DeepFluoroFile f = DeepFluoroFile.open(out)) {
            double worst = ReprojectionCheck.maxErrorPx(f);
            System.out.printf("simulated file: max landmark reprojection error %.2e px%n", worst);
            assertTrue(worst < 1e-3);
            DeepFluoroSpecimen sp = f.specimen("00-blocks");
            assertEquals(6, sp.projectionCount());
            for (DeepFluoroProjection p : sp.projections()) {
                Image raw = p.image();
                Image seg = p.segmentation();
                Landmark2D l = p.landmarks().get("bone-l");
                Landmark2D rgt = p.landmarks().get("bone-r");
                int lu = (int) Math.round(l.u()), lv = (int) Math.round(l.v());
                assertEquals(1f, seg.get(lu, lv), p.id() + ": gt-seg at the left bone's centre");
                assertEquals(2f, seg.get((int) Math.round(rgt.u()), (int) Math.round(rgt.v())), p.id());
                assertEquals(0f, seg.get(0, 0), p.id() + ": corner is background");
                Landmark2D low = p.landmarks().get("low");
                assertTrue(raw.get((int) Math.round(low.u()), (int) Math.round(low.v())) < 0.8 * raw.get(0, 0), p.id() + ": the label-7 block is in the image");
                assertEquals(0f, seg.get((int) Math.round(low.u()), (int) Math.round(low.v())), p.id() + ": but not in gt-seg (2D labels 0–6)");
                for (float x : seg.data()) assertTrue(x >= 0 && x <= 6, p.id() + ": gt-seg label " + x);
                // raw intensity: dark through bone, about I0 in the corner (air)
                assertTrue(raw.get(lu, lv) < 0.5 * raw.get(0, 0), p.id());
                assertEquals(1e4, raw.get(0, 0), 1e4 * 0.02);
                // which way is up: the "top" landmark (superior) is above the bone centre only once turned as flagged
                Preprocess.Settings prep = new Preprocess.Settings(0, true, Double.NaN, true, 1, 0, Preprocess.Normalisation.NONE);
                XrayView up = Preprocess.apply(XrayView.of(p), prep);
                assertTrue(up.landmarks().get("top").v() < up.landmarks().get("bone-l").v(), p.id());
                sawTurned |= p.rot180ForUp();
                sawUpright |= !p.rot180ForUp();
            }
            assertTrue(sawTurned && sawUpright, "every other case is stored turned");
            List<MultiViewCase> cases = MultiViewCases.read(json);
            assertEquals(2, cases.size());
            for (MultiViewCase c : cases) {
                MultiViewCase derived = MultiViewCase.fromStoredPoses(c.name(), sp, c.projections());
                for (int v = 0; v < c.size(); v++) assertTrue(derived.camFromRefCam().get(v).maxAbsDiff(c.camFromRefCam().get(v)) < 2e-3);
                for (int v = 1; v < c.size(); v++) {
                    double deg = Math.toDegrees(c.camBFromCamA(v - 1, v).angleRad());
                    assertTrue(deg >= 15 - 1e-6 && deg <= 45 + 1e-6, "successive views " + deg + "° apart");
                }
            }
        }
        // landmarks and poses of case plans before storage: stored pose of a flagged view includes Rz(π)
        for (CaseSampler.CasePlan plan : r.plans()) {
            Rigid p0 = plan.volFromCam().get(0);
            double[] zAxis = p0.applyToDirection(0, 0, 1); // camera z (towards the source) in LPS: ≈ posterior near AP
            assertTrue(zAxis[1] > 0.5, "source posterior: " + java.util.Arrays.toString(zAxis));
        }
    }
}
