package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCases;
import org.crossview.data.SimulatedDataset;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Volume;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The coarse stage on a file written by the data package's simulator: raw intensities, stored upright
 * and upside down. A network whose output is pinned to a known pose (zero output weights) must come back
 * as exactly that pose in the STORED image's frame and as the file's own cam-to-pelvis-vol, which checks
 * preprocessing, the 180° turn and the DeepFluoro conversion end to end.
 */
class FilePredictionsTest {

    @Test
    void predictionsComeBackInTheStoredFrameAndTheFilesConvention(@TempDir Path dir) throws Exception {
        Volume mu = TestScenes.blobs();
        float[] hu = mu.data().clone();
        for (int i = 0; i < hu.length; i++) hu[i] = (float) Attenuation.huOf(hu[i], Attenuation.MU_WATER_PER_MM);
        SimulatedDataset.Source src = new SimulatedDataset.Source("blobs", mu.withData(hu), null, null);
        SimulatedDataset.Settings s = SimulatedDataset.Settings.defaults().withCamera(Camera.deepFluoroFullRes().binned(48)).withCases(2, 2).withStepMm(4);
        Path h5 = dir.resolve("sim.h5");
        SimulatedDataset.write(h5, SimulatedDataset.simulate(src, s, Attenuation::fromHu, line -> {}));

        NetSpec spec = ExternalErrorGradientTest.tinyNet();
        PoseParameterisation param = new PoseParameterisation(CArm.atIsocentre(mu.centreLps(), 750).apVolFromCam(), 750, 0.25, 50);
        CoarseModelInfo info = new CoarseModelInfo(TestScenes.camera(16), param, spec, "blobs", "wide", 2, "1,0,0,0", 0, 1);
        ComputationGraph net = PoseNet.create(spec, new WarmupCosineSchedule(1e-3, 0, 1, 0), 1, DataType.FLOAT);
        CoarseModel model = new CoarseModel(net, info);

        try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
            DeepFluoroSpecimen sp = f.specimen(0);
            boolean sawTurned = false, sawUpright = false;
            for (DeepFluoroProjection p : sp.projections()) {
                Rigid stored = p.volFromCam();
                Rigid upright = p.rot180ForUp() ? stored.compose(DeepFluoroGeometry.rot180AboutCamZ()) : stored;
                pin(net, param.encode(upright));
                Rigid got = FilePredictions.predict(model, p);
                assertTrue(got.maxAbsDiff(stored) < 1e-3, p.id() + (p.rot180ForUp() ? " (turned)" : "") + ": " + got + " vs " + stored);
                // Out-of-training checks look at the pose the network gave, in the upright frame it saw.
                double extent = FilePredictions.extent(model, p, got);
                assertEquals(model.extent(upright), extent, 1e-3, p.id());
                assertTrue(extent <= 1, p.id() + ": the simulated pose lies inside the wide sampling, extent " + extent);
                if (p.rot180ForUp()) assertTrue(model.extent(stored) > 1, p.id() + ": a 180° turn is outside training");
                sawTurned |= p.rot180ForUp();
                sawUpright |= !p.rot180ForUp();
            }
            assertTrue(sawTurned && sawUpright, "the file should hold both orientations");

            // Whole-file path with the simulator's cases: rows in the file's own convention.
            DeepFluoroProjection first = sp.projection(0);
            pin(net, param.encode(first.rot180ForUp() ? first.volFromCam().compose(DeepFluoroGeometry.rot180AboutCamZ()) : first.volFromCam()));
            List<FilePredictions.Prediction> rows = FilePredictions.predict(model, f, sp, MultiViewCases.read(SimulatedDataset.sidecarPath(h5)), false);
            assertEquals(4, rows.size());
            FilePredictions.Prediction r0 = rows.stream().filter(r -> r.projection().equals(first.id())).findFirst().orElseThrow();
            assertTrue(r0.camToPelvisVol().maxAbsDiff(first.camToPelvisVol()) < 1e-3, r0.camToPelvisVol() + " vs " + first.camToPelvisVol());
            assertEquals(2, r0.caseViews().size());
        }
    }

    /** Zero output weights: the network's output is its bias, whatever the image. */
    private static void pin(ComputationGraph net, double[] y) {
        net.getParam("pose_W").assign(0);
        net.getParam("pose_b").assign(Nd4j.create(new double[][] {y}).castTo(DataType.FLOAT));
    }
}
