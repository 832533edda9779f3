package org.crossview.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class LossLandscapeTest {
    /**
     * Two blobs (so that rotations and shifts change the DRR) on a smooth texture (so that no patch of a DRR is
     * flat: patch NCC scores flat windows 0), 48³ voxels of 3 mm around the origin.
     */
    private static Volume blobs() {
        int n = 48;
        float[] d = new float[n * n * n];
        double c = (n - 1) / 2.0;
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double x = 3 * (i - c), y = 3 * (j - c), z = 3 * (k - c);
            double a = (x - 20) * (x - 20) + y * y + (z - 10) * (z - 10), b = (x + 15) * (x + 15) + (y - 10) * (y - 10) + (z + 20) * (z + 20);
            double texture = 0.002 * (1 + Math.sin(x / 7) * Math.cos(y / 9) * Math.sin(z / 11 + 1));
            d[i + n * (j + n * k)] = (float) (0.03 * Math.exp(-a / 200) + 0.02 * Math.exp(-b / 120) + texture);
        }
        return new Volume(n, n, n, new double[] {3, 3, 3}, new double[] {-3 * c, -3 * c, -3 * c}, d);
    }

    private static final double[] ISO = {0, 0, 0};

    /** A case of three views whose images are the renderer's own DRRs at the truth (so every loss is 0 there). */
    private static LossLandscape landscape(Renderer r, Camera cam) {
        CArm carm = CArm.atIsocentre(ISO);
        Rigid ref = carm.volFromCam(0, 0);
        List<CaseView> views = new ArrayList<>();
        for (double lao : new double[] {0, 30, -30}) {
            Rigid p = carm.volFromCam(lao, 0);
            views.add(new CaseView("lao" + lao, cam, r.render(cam, p), null, CaseView.camRefFromCam(ref, p)));
        }
        return new LossLandscape(r, views, ref, ISO);
    }

    @Test
    void sweepsAreZeroAtTheTruthAndGrowAwayFromIt() {
        Camera cam = Camera.centred(32, 32, 8, 8, 1020);
        try (CpuRenderer r = new CpuRenderer(blobs(), new RenderSettings(1.0))) {
            LossLandscape land = landscape(r, cam);
            double[] offsets = LossLandscape.range(-10, 10, 5);
            Map<String, ImageSimilarity> sims = new LinkedHashMap<>();
            sims.put("ncc", Similarities.ncc());
            sims.put("patch", new PatchNcc(9));
            for (int k = 0; k < 6; k++) {
                Map<String, double[]> curves = land.sweep(k, offsets, sims, 0);
                for (Map.Entry<String, double[]> e : curves.entrySet()) {
                    double[] c = e.getValue();
                    assertEquals(0, c[2], 2e-3, e.getKey() + ", parameter " + k + ": the truth scores 1 − S ≈ 0 (up to the ε of windows with little texture) " + java.util.Arrays.toString(c));
                    assertTrue(c[0] > c[2] && c[4] > c[2], "parameter " + k + ": worse away from the truth");
                }
            }
        }
    }

    @Test
    void depthIsFlatForOneViewAndSteepForThree() {
        Camera cam = Camera.centred(32, 32, 8, 8, 1020);
        try (CpuRenderer r = new CpuRenderer(blobs(), new RenderSettings(1.0))) {
            LossLandscape land = landscape(r, cam);
            double[] depth = {20};
            double one = land.sweep(5, depth, Map.of("m", Similarities.mncc()), 0).get("m")[0];
            double three = land.sweep(5, depth, Map.of("m", Similarities.mncc())).get("m")[0];
            double sideways = land.sweep(3, depth, Map.of("m", Similarities.mncc()), 0).get("m")[0];
            assertTrue(three > 3 * one, "20 mm in depth: 3 views " + three + " vs AP alone " + one);
            assertTrue(sideways > 3 * one, "20 mm sideways costs far more than 20 mm in depth on one view: " + sideways + " vs " + one);
            // the map agrees with the sweeps on its axes
            double[][] map = land.map(3, new double[] {0, 20}, 5, new double[] {0, 20}, Similarities.mncc(), 0);
            assertEquals(one, map[1][0], 1e-9);
            assertEquals(sideways, map[0][1], 1e-9);
        }
    }

    @Test
    void coarseTermsFollowTheirDefinitions() {
        Camera cam = Camera.centred(24, 24, 10, 10, 1020);
        try (CpuRenderer r = new CpuRenderer(blobs(), new RenderSettings(1.5))) {
            LossLandscape land = landscape(r, cam);
            CoarseLoss loss = new CoarseLoss(r, new CoarseLoss.Weights(1, 1, 1, 1), PoseDistances.translation(), Similarities.mncc());
            Map<String, double[]> t = land.coarseTerms(loss, 0, 5, new double[] {0, 12});
            // moving one of three views' prediction by 12 mm (a pure translation along its camera axis):
            // pose = mean over views = 12/3; cross-view pose = mean over the 3 pairs, 2 of which involve view 0
            assertEquals(0, t.get("pose")[0], 1e-9);
            assertEquals(4, t.get("pose")[1], 1e-6);
            assertEquals(8, t.get("cross-view pose")[1], 1e-6);
            assertTrue(t.get("cross-view image")[1] > t.get("image")[1], "the cross-view image term sees depth better");
            assertEquals(0, t.get("image")[0], 2e-4);
        }
    }

    @Test
    void poseDistancesOfARotationAboutTheIsocentre() {
        Camera cam = Camera.centred(8, 8, 30, 30, 1020);
        try (CpuRenderer r = new CpuRenderer(blobs(), new RenderSettings(3))) {
            LossLandscape land = landscape(r, cam);
            Map<String, double[]> d = land.poseDistances(List.of(PoseDistances.geodesic(), PoseDistances.translation()), 0, new double[] {1});
            assertEquals(Math.toRadians(1), d.get("geodesic-rad")[0], 1e-12);
            // the source, 750 mm from the isocentre, moves along a chord of 2·750·sin(0.5°)
            assertEquals(2 * 750 * Math.sin(Math.toRadians(0.5)), d.get("translation-mm")[0], 1e-9);
        }
    }

    @Test
    void helpersAndBadInput() {
        assertArrayEquals(new double[] {-1, 0, 1}, LossLandscape.range(-1, 1, 3), 0);
        Map<String, double[]> scaled = LossLandscape.scaledToMax(Map.of("a", new double[] {1, -4, 2}, "z", new double[] {0, 0}));
        assertArrayEquals(new double[] {0.25, -1, 0.5}, scaled.get("a"), 1e-12);
        assertArrayEquals(new double[] {0, 0}, scaled.get("z"), 0);
        assertEquals(2, LossLandscape.series(new double[] {1, 2}, Map.of("a", new double[] {3, 4})).get("a").length);
        assertThrows(IllegalArgumentException.class, () -> LossLandscape.range(0, 1, 1));
        Camera cam = Camera.centred(4, 4, 50, 50, 1020);
        try (CpuRenderer r = new CpuRenderer(blobs(), new RenderSettings(3))) {
            LossLandscape land = landscape(r, cam);
            assertThrows(IllegalArgumentException.class, () -> land.sweep(6, new double[] {0}, Map.of("n", Similarities.ncc())));
            assertThrows(IllegalArgumentException.class, () -> land.sweep(0, new double[] {0}, Map.of("n", Similarities.ncc()), 3));
            assertThrows(IllegalArgumentException.class, () -> land.map(1, new double[] {0}, 1, new double[] {0}, Similarities.ncc()));
        }
        assertThrows(IllegalArgumentException.class, () -> new LossLandscape(null, List.of(), Rigid.identity(), ISO));
    }
}
