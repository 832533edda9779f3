package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/** {@link SyntheticData#batch} against the batch written out with every extra image rendered for every view. */
class SyntheticDataTest {
    /** {@code blobs} inside a water cylinder along the slice axis that runs through both cut faces (soft tissue to extend). */
    private static Volume bodyThroughTheCutFaces(Volume blobs) {
        float[] d = blobs.data().clone();
        int nx = blobs.nx(), ny = blobs.ny(), nz = blobs.nz();
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double x = i - (nx - 1) / 2.0, y = j - (ny - 1) / 2.0;
                    if (x * x + y * y < 0.16 * nx * nx) d[i + nx * (j + ny * k)] += 0.02f;
                }
            }
        }
        return blobs.withData(d);
    }

    @Test
    void extraImagesAreRenderedOnlyForTheCasesThatWeighThemAndTheBatchIsUnchanged() {
        Volume mu = bodyThroughTheCutFaces(TestScenes.blobs());
        DomainRandomisation dr = DomainRandomisation.parse("all");
        Camera camera = TestScenes.camera(16);
        PoseParameterisation param = TestScenes.parameterisation(mu);
        PoseSampling sampling = PoseSampling.diffPoseLike().scaled(0.3);
        ViewLayout layout = ViewLayout.of(2);
        try (Renderer r = TestScenes.renderer(mu); ExtraVolumes extras = ExtraVolumes.open(dr, mu, "cpu", new RenderSettings(4.0))) {
            SyntheticData data = new SyntheticData(r, extras, camera, param, sampling, layout, dr);
            int cases = 8, views = layout.views(), zeroWeights = 0;
            for (long step = 0; step < 3; step++) {
                SyntheticBatch batch = data.batch(5, step, cases);
                // The batch as written before: every extra image, then each case's draw and its views' images in order.
                Rigid[] poses = new Rigid[cases * views];
                SplittableRandom[] rngs = new SplittableRandom[cases];
                for (int c = 0; c < cases; c++) {
                    SplittableRandom rng = SyntheticData.caseRandom(5, step, c);
                    Rigid caseOffset = sampling.sample(rng);
                    Rigid[] viewOffsets = layout.sampleOffsets(rng);
                    for (int v = 0; v < views; v++) poses[c * views + v] = param.volFromCamOfRelative(caseOffset.compose(viewOffsets[v]));
                    rngs[c] = rng.split();
                }
                ExtraVolumes.View[] all = extras.render(camera, poses);
                ExtraVolumes.View[] some = extras.render(camera, poses, null, new boolean[poses.length], null);
                for (int i = 0; i < poses.length; i++) {
                    assertNotNull(all[i].tissueLow());
                    assertNull(some[i].tissueLow());
                    assertArrayEquals(all[i].bone(), some[i].bone(), 0f);
                }
                TrainingImages.CaseDraw draw = null;
                for (int i = 0; i < poses.length; i++) {
                    if (i % views == 0) {
                        draw = data.images().drawCase(rngs[i / views]);
                        if (draw.tissueLow() == 0 || draw.tissueHigh() == 0) zeroWeights++;
                    }
                    float[] want = data.images().networkInput(camera, poses[i], r.render(camera, new Rigid[] {poses[i]})[0].data(), all[i], draw,
                            rngs[i / views]);
                    assertArrayEquals(want, batch.input(i), 0f, "step " + step + ", view " + i);
                }
            }
            assertTrue(zeroWeights > 0, "no case had a tissue weight of 0: the skipping was not exercised");
        }
    }
}
