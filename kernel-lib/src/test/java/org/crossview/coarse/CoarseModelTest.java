package org.crossview.coarse;

import org.crossview.geometry.CArm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CoarseModelTest {
    private static final Volume MU = TestScenes.blobs();

    @Test
    void aSavedModelPredictsWhatTheTrainedNetworkOutputs(@TempDir Path dir) throws Exception {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.5), Augmentation.none());
            TrainerSettings s = new TrainerSettings(ExternalErrorGradientTest.tinyNet(), 3, 2, 4, 1e-3, 1, 0.05, 0, 0, DataType.FLOAT);
            CoarseTrainer t = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, CoarseLossObjective.of(new LossWeights(1, 0, 0, 0), null, "points", "ncc",
                    MU.centreLps(), 1020), s);
            t.run(null, null, null);
            CoarseModelInfo info = new CoarseModelInfo(data.camera(), data.parameterisation(), s.net(), "blobs", "test", 2, "1,0,0,0", 3, 4);
            Path zip = dir.resolve("model.zip");
            t.saveCheckpoint(zip, info);
            try (var files = Files.list(dir)) {
                assertEquals(List.of(zip), files.toList(), "no temporary file left behind");
            }

            CoarseModel m = CoarseModel.load(zip);
            assertEquals(data.camera().fx(), m.camera().fx(), 1e-9);
            assertTrue(m.info().parameterisation().volFromCamRef().maxAbsDiff(data.parameterisation().volFromCamRef()) < 1e-9);

            SyntheticBatch b = data.batch(4, 99, 1);
            Image[] images = {b.target(0), b.target(1)};
            Rigid[] p = m.predict(data.camera(), images);
            // Independent route: the trained network in inference mode on the same preprocessing.
            float[] x = new float[2 * 256];
            for (int i = 0; i < 2; i++) System.arraycopy(NetworkInput.prepare(images[i], 16), 0, x, i * 256, 256);
            INDArray out = t.network().output(false, Nd4j.create(x, new long[] {2, 1, 16, 16}, 'c'))[0];
            for (int i = 0; i < 2; i++) {
                Rigid expected = data.parameterisation().volFromCam(out.getRow(i).toDoubleVector());
                assertTrue(expected.maxAbsDiff(p[i]) < 1e-6, "view " + i);
            }
            // The same detector at another pixel count is accepted (images are resampled); another detector is not.
            Camera fine = Camera.deepFluoroFullRes().resized(32, 32);
            Image[] fineImages = r.render(fine, new Rigid[] {b.trueVolFromCam(0)});
            assertEquals(1, m.predict(fine, fineImages).length);
            Camera other = Camera.centred(16, 16, 3.0, 3.0, 1020);
            assertThrows(IllegalArgumentException.class, () -> m.predict(other, images));
        }
    }

    /** model.zip's JSON keeps what the translation outputs mean; a model written before the choice reads as SHIFT. */
    @Test
    void modelInfoKeepsTheTranslationParameterisation() {
        PoseParameterisation centre = TestScenes.parameterisation(MU).with(PoseParameterisation.Translation.CENTRE);
        CoarseModelInfo info = new CoarseModelInfo(TestScenes.camera(16), centre, ExternalErrorGradientTest.tinyNet(), "blobs", "wide", 2, "1,0,0,0", 3, 4);
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(info.toMap());
        PoseParameterisation read = CoarseModelInfo.fromMap(m, "test").parameterisation();
        assertEquals(PoseParameterisation.Translation.CENTRE, read.translation());
        double[] y = {0.2, -0.4, 0.1, 0.5, -0.6, 0.8};
        assertTrue(read.volFromCam(y).maxAbsDiff(centre.volFromCam(y)) < 1e-9);
        m.remove("translation");
        assertEquals(PoseParameterisation.Translation.SHIFT, CoarseModelInfo.fromMap(m, "old").parameterisation().translation());
        m.put("translation", "sideways");
        assertThrows(IllegalArgumentException.class, () -> CoarseModelInfo.fromMap(m, "bad"));
    }

    /**
     * A keypoint model's measured errors travel in model.zip's JSON and become its pose fit's uncertainty (with the
     * training spread as prior); a model without them keeps the uncalibrated weights.
     */
    @Test
    void modelInfoKeepsTheKeypointErrorsAndTheFitUsesThem() {
        NetSpec net = ExternalErrorGradientTest.tinyNet().withKeypoints(4);
        double[][] points = {{0, 0, 0}, {40, 0, 0}, {0, 40, 0}, {0, 0, 40}};
        CoarseModelInfo info = new CoarseModelInfo(TestScenes.camera(16), TestScenes.parameterisation(MU), net, "blobs", "gaussian:0.5", 2, "1,0,0,0", 3, 4,
                "none", points);
        assertArrayEquals(KeypointHead.Uncertainty.uncalibrated(4).keypointSd(), info.keypointHead().orElseThrow().uncertainty().keypointSd(), 0);
        double[] sd = {0.05, 0.1, 0.2, 0.4};
        CoarseModelInfo read = CoarseModelInfo.fromMap(new java.util.LinkedHashMap<>(info.withKeypointSd(sd).toMap()), "test");
        assertArrayEquals(sd, read.keypointSd(), 0);
        KeypointHead.Uncertainty u = read.keypointHead().orElseThrow().uncertainty();
        assertArrayEquals(sd, u.keypointSd(), 0);
        assertArrayEquals(PoseSampling.parse("gaussian:0.5").spreadSd(), u.poseSd(), 0);
    }

    /** model.zip's JSON keeps the heatmap head's map grid; a model written before fine maps reads as without them. */
    @Test
    void modelInfoKeepsFineMaps() {
        NetSpec fine = ExternalErrorGradientTest.tinyNet().withHeatmapKeypoints(4).withFineMaps();
        double[][] points = {{0, 0, 0}, {40, 0, 0}, {0, 40, 0}, {0, 0, 40}};
        CoarseModelInfo info = new CoarseModelInfo(TestScenes.camera(16), TestScenes.parameterisation(MU), fine, "blobs", "wide", 2, "1,0,0,0", 3, 4,
                "none", points);
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(info.toMap());
        assertEquals(fine, CoarseModelInfo.fromMap(m, "test").net());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> net = (java.util.Map<String, Object>) m.get("net");
        net.remove("fineMaps");
        assertEquals(ExternalErrorGradientTest.tinyNet().withHeatmapKeypoints(4), CoarseModelInfo.fromMap(m, "old").net());
    }

    @Test
    void consensusOfConsistentPredictionsIsThemselvesAndAveragesOtherwise() {
        Rigid a = CArm.atIsocentre(new double[] {0, 0, 0}, 750).apVolFromCam();
        Rigid c1 = Rigid.exp(0, 0.4, 0, 0, 0, 0);
        Rigid[] rel = {Rigid.identity(), c1};
        Rigid[] exact = {a, a.compose(c1)};
        Rigid[] joint = CoarseModel.consensus(exact, rel);
        for (int v = 0; v < 2; v++) assertTrue(joint[v].maxAbsDiff(exact[v]) < 1e-9);
        // View 1 off by +4 mm along x of view 0's frame: the consensus sits half-way.
        Rigid[] off = {a, a.compose(Rigid.translation(4, 0, 0)).compose(c1)};
        Rigid[] mid = CoarseModel.consensus(off, rel);
        assertArrayEquals(a.compose(Rigid.translation(2, 0, 0)).translation(), mid[0].translation(), 1e-9);
    }

    @Test
    void evaluationScoresKnownOffsets() {
        Rigid t = CArm.atIsocentre(new double[] {0, 0, 0}, 750).apVolFromCam();
        double[][] pts = {{10, 0, 0}, {0, 10, 0}};
        assertEquals(3, CoarseEvaluation.mtreMm(t, t.compose(Rigid.translation(0, 3, 0)), pts), 1e-9);
        CoarseEvaluation.Summary s = CoarseEvaluation.Summary.of(new double[] {0.5, 1.5, 5, 20});
        assertEquals(6.75, s.mean(), 1e-12);
        assertEquals(3.25, s.median(), 1e-12);
        assertEquals(0.75, s.under10(), 1e-12);
        assertEquals(0.5, s.under2(), 1e-12);
        assertEquals(0.25, s.under1(), 1e-12);
    }
}
