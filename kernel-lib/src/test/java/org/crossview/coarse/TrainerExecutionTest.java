package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainer's faster execution paths compute what the original one does: the batched loss (one renderer
 * call for all views) against the per-view calls, prefetched batches against batches made on the spot, and
 * the fused convolution ops against DL4J's built-in convolutions.
 */
class TrainerExecutionTest {
    private static final Volume MU = TestScenes.blobs();

    /** Counts the calls that reach the renderer. */
    private static final class Counting implements Renderer {
        final Renderer inner;
        final AtomicInteger renders = new AtomicInteger(), vjps = new AtomicInteger();

        Counting(Renderer inner) {
            this.inner = inner;
        }

        @Override
        public Image[] render(Camera camera, Rigid[] volFromCam) {
            renders.incrementAndGet();
            return inner.render(camera, volFromCam);
        }

        @Override
        public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
            vjps.incrementAndGet();
            return inner.poseGradient(camera, volFromCam, dLossdImage);
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void theBatchedLossEqualsThePerViewLossInOneRendererCall() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 3, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            SyntheticBatch batch = data.batch(4, 2, 3);
            Rigid[] pred = new Rigid[batch.size()];
            for (int i = 0; i < pred.length; i++) pred[i] = batch.trueVolFromCam(i).perturbRight(0.03 * (i % 4 - 1.5), 0.02, -0.01 * i, 4 - i, 3, 2 * (i % 3) - 2);
            Counting perViewCalls = new Counting(r), batchedCalls = new Counting(r);
            LossWeights w = new LossWeights(0.01, 1, 0.01, 0.5);
            CoarseObjective.Evaluation perView = CoarseLossObjective.of(w, perViewCalls, "points", "ncc", MU.centreLps(), 1020).evaluate(batch, pred);
            CoarseObjective.Evaluation batched = CoarseLossObjective.of(w, batchedCalls, "points", "ncc", MU.centreLps(), 1020).batched().evaluate(batch, pred);

            assertEquals(9, perViewCalls.renders.get()); // one call per view of each case
            assertEquals(9, perViewCalls.vjps.get());
            assertEquals(1, batchedCalls.renders.get()); // one for the whole batch
            assertEquals(1, batchedCalls.vjps.get());
            assertTrue(perView.total() > 0.01);
            assertEquals(perView.total(), batched.total(), 1e-6 * perView.total());
            for (Map.Entry<String, Double> t : perView.terms().entrySet()) {
                assertEquals(t.getValue(), batched.terms().get(t.getKey()), 1e-6 * Math.abs(t.getValue()), t.getKey());
            }
            double scale = 0;
            for (double[] g : perView.dTotaldXi()) for (double x : g) scale = Math.max(scale, Math.abs(x));
            assertTrue(scale > 0);
            for (int i = 0; i < pred.length; i++) assertArrayEquals(perView.dTotaldXi()[i], batched.dTotaldXi()[i], 1e-6 * scale, "view " + i);
        }
    }

    @Test
    void prefetchedBatchesTrainExactlyAsBatchesMadeOnTheSpot() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.5), Augmentation.defaults());
            TrainerSettings s = new TrainerSettings(ExternalErrorGradientTest.tinyNet(), 4, 2, 17, 1e-3, 1, 0.05, 0, 0, DataType.FLOAT);
            CoarseLossObjective l = CoarseLossObjective.of(LossWeights.defaults(), r, "points", "ncc", MU.centreLps(), 1020);
            CoarseTrainer plain = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, l, s).execute(CoarseTrainer.Execution.original());
            CoarseTrainer prefetching = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, l, s).execute(new CoarseTrainer.Execution(true, false));
            for (int k = 0; k < 4; k++) {
                assertEquals(plain.step().evaluation().total(), prefetching.step().evaluation().total(), 0, "step " + k);
            }
            assertArrayEquals(plain.network().params().toFloatVector(), prefetching.network().params().toFloatVector(), 0f);
        }
    }

    @Test
    void fusedConvolutionsGiveTheBuiltInGradient() {
        try (Renderer r = TestScenes.renderer(MU)) {
            SyntheticData data = TestScenes.data(MU, r, 16, 2, PoseSampling.diffPoseLike().scaled(0.3), Augmentation.none());
            TrainerSettings s = new TrainerSettings(ExternalErrorGradientTest.tinyNet(), 10, 2, 23, 1e-3, 0, 0.05, 0, 0, DataType.DOUBLE);
            CoarseLossObjective l = CoarseLossObjective.of(LossWeights.defaults(), r, "points", "ncc", MU.centreLps(), 1020);
            CoarseTrainer t = new CoarseTrainer(CoarseTrainer.newNetwork(s), data, l, s);
            SyntheticBatch batch = data.batch(23, 0, 2);
            assertTrue(LayerHelpers.available());
            Map<String, INDArray> builtIn = t.execute(CoarseTrainer.Execution.original()).gradient(batch).getValue();
            Map<String, INDArray> fused = t.execute(CoarseTrainer.Execution.fast()).gradient(batch).getValue();
            double scale = 0;
            for (INDArray g : builtIn.values()) scale = Math.max(scale, g.amaxNumber().doubleValue());
            assertTrue(scale > 0);
            for (String name : builtIn.keySet()) {
                assertArrayEquals(flat(builtIn.get(name)), flat(fused.get(name)), 1e-9 * scale, name);
            }
        }
    }

    /** Entries in row-major (subscript) order, whatever the array's memory order. */
    private static double[] flat(INDArray a) {
        return a.dup('c').data().asDouble();
    }
}
