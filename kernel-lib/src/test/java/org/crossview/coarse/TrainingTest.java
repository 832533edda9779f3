package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingTest {
    private static final Volume MU = TestScenes.blobs();

    private static CoarseLossObjective loss(Renderer r, LossWeights w) {
        return CoarseLossObjective.of(w, r, "points", "ncc", MU.centreLps(), 1020);
    }

    @Test
    void oneStepLowersTheLossOnAFixedBatch() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.5), Augmentation.defaults());
            TrainerSettings s = new TrainerSettings(ExternalErrorGradientTest.tinyNet(), 10, 2, 5, 1e-3, 0, 0.05, 0, 0, DataType.DOUBLE);
            CoarseTrainer t = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, loss(r, LossWeights.defaults()), s);
            SyntheticBatch batch = data.batch(5, 0, 2);
            double before = t.evaluate(batch).total();
            t.stepOn(batch);
            double after = t.evaluate(batch).total();
            assertTrue(after < before, "loss " + before + " → " + after);
            assertEquals(1, t.currentStep());
        }
    }

    @Test
    void theDataStreamIsAPureFunctionOfSeedAndStep() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 3, PoseSampling.xvrLike(), Augmentation.defaults());
            SyntheticBatch a = data.batch(9, 4, 2), b = data.batch(9, 4, 2), c = data.batch(9, 5, 2);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.input(i), b.input(i));
                assertEquals(a.trueVolFromCam(i), b.trueVolFromCam(i));
            }
            assertTrue(!a.trueVolFromCam(0).equals(c.trueVolFromCam(0)));
            // Views of a case are C-arm rotations about the isocentre, 15–45° apart, about the rows axis.
            for (int v = 0; v + 1 < 3; v++) {
                double deg = Math.toDegrees(a.camIFromCamJ(0, v, v + 1).angleRad());
                assertTrue(deg >= 15 - 1e-9 && deg <= 45 + 1e-9, "separation " + deg);
            }
        }
    }

    /** Stopping after 3 of 6 steps, saving, and resuming gives the same network as 6 uninterrupted steps. */
    @Test
    void resumingAfterAnInterruptionEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.5), Augmentation.defaults());
            TrainerSettings s = new TrainerSettings(ExternalErrorGradientTest.tinyNet(), 6, 2, 21, 1e-3, 2, 0.05, 1, 0, DataType.FLOAT);
            CoarseLossObjective l = loss(r, LossWeights.defaults());
            CoarseModelInfo info = new CoarseModelInfo(data.camera(), data.parameterisation(), s.net(), "blobs", "test", 2, "w", 6, 21);

            CoarseTrainer whole = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, l, s);
            whole.run(null, null, info);

            Path ckpt = dir.resolve("run.ckpt.zip");
            CoarseTrainer first = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, l, s);
            first.runUntil(3, null, ckpt, info);
            assertTrue(Files.isRegularFile(ckpt));
            CoarseTrainer resumed = CoarseTrainer.resume(ckpt, data, l, s);
            assertEquals(3, resumed.currentStep());
            assertEquals(3, resumed.history().size());
            resumed.run(null, null, info);

            ComputationGraph a = whole.network(), b = resumed.network();
            assertEquals(6, resumed.currentStep());
            float[] pa = a.params().toFloatVector(), pb = b.params().toFloatVector();
            double maxDiff = 0;
            for (int i = 0; i < pa.length; i++) maxDiff = Math.max(maxDiff, Math.abs(pa[i] - pb[i]));
            assertTrue(maxDiff <= 1e-6, "max parameter difference " + maxDiff);
            assertArrayEquals(a.getUpdater().getStateViewArray().toFloatVector(), b.getUpdater().getStateViewArray().toFloatVector(), 1e-6f);
            // The parameters did move, so the comparison means something.
            ComputationGraph fresh = CoarseTrainer.newNetwork(s);
            assertTrue(fresh.params().sub(a.params()).amaxNumber().doubleValue() > 1e-5);
            // A checkpoint refuses to continue a different run.
            TrainerSettings other = new TrainerSettings(s.net(), 6, 2, 22, 1e-3, 2, 0.05, 1, 0, DataType.FLOAT);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoarseTrainer.resume(ckpt, data, l, other));
            assertTrue(e.getMessage().contains("seed"), e.getMessage());
        }
    }
}
