package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

class TruncationMaskTest {
    private static final int N = 40; // 4 mm voxels: a 160 mm box centred on the origin

    private static Volume volume(boolean cylinderThroughTheBox) {
        float[] mu = new float[N * N * N];
        for (int k = 0; k < N; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    double x = (i - 19.5) * 4, y = (j - 19.5) * 4, z = (k - 19.5) * 4;
                    boolean inside = cylinderThroughTheBox ? x * x + y * y < 50 * 50 : x * x + y * y + z * z < 50 * 50;
                    if (inside) mu[i + N * (j + N * k)] = 0.02f;
                }
            }
        }
        return new Volume(N, N, N, new double[] {4, 4, 4}, new double[] {-78, -78, -78}, mu);
    }

    @Test
    void masksExactlyTheRaysThroughTheCutEnds() {
        // A body cut at the top and bottom of the box (a cylinder along S): an AP view sees the cut faces near
        // the image's top and bottom rows, and whole tissue in between.
        TruncationMask mask = TruncationMask.forVolume(volume(true), v -> new CpuRenderer(v, new RenderSettings(1)));
        Camera camera = TestCases.camera(64);
        Rigid ap = TestCases.apVolFromCam();
        Image m = mask.mask(CaseView.single("ap", camera, new Image(64, 64)), ap);
        // Rows: camera +y is inferior. The box's S–I extent [−80, 80] mm at 750 mm projects to ±80·1020/750/4.656
        // ≈ ±23.4 px about row 31.5; the outer 2 voxel layers (8 mm) of each end cover rays from depth 700 to 800 mm.
        assertEquals(1f, m.get(32, 32), "centre of the image: the ray crosses no cut face");
        assertEquals(1f, m.get(32, 20));
        assertEquals(0f, m.get(32, 31 - 22), "near the top end of the cylinder");
        assertEquals(0f, m.get(32, 32 + 22), "near the bottom end of the cylinder");
        assertEquals(1f, m.get(2, 32), "beside the body: air on the lateral faces is not a cut");
    }

    @Test
    void aFinerCtGivesTheSameMaskThroughCoarseBlocks() {
        // The same cylinder at 2 mm voxels: the face volumes are built from 2×2×2 blocks (4 mm).
        int n = 2 * N;
        float[] mu = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = (i - (n - 1) / 2.0) * 2, y = (j - (n - 1) / 2.0) * 2;
                    if (x * x + y * y < 50 * 50) mu[i + n * (j + n * k)] = 0.02f;
                }
            }
        }
        Volume fine = new Volume(n, n, n, new double[] {2, 2, 2}, new double[] {-79, -79, -79}, mu);
        Volume faces = TruncationMask.cutFaces(fine, 2, 0.005, 2);
        assertEquals(N, faces.nz());
        assertEquals(-78, faces.originMm()[2], 1e-9, "block centres: the mean of the two voxel centres");
        TruncationMask mask = TruncationMask.forVolume(fine, v -> new CpuRenderer(v, new RenderSettings(1)));
        Image m = mask.mask(CaseView.single("ap", TestCases.camera(64), new Image(64, 64)), TestCases.apVolFromCam());
        assertEquals(1f, m.get(32, 32));
        assertEquals(1f, m.get(32, 20));
        assertEquals(0f, m.get(32, 31 - 22));
        assertEquals(0f, m.get(32, 32 + 22));
    }

    @Test
    void facesTheBeamCrossesHeadOnAreKept() {
        // A body cropped all round (a slab filling the box): a lateral view runs along L, so the left and right
        // faces are crossed head-on (kept), while the top/bottom and front/back faces lie along the beam (masked).
        float[] mu = new float[N * N * N];
        java.util.Arrays.fill(mu, 0.02f);
        Volume slab = new Volume(N, N, N, new double[] {4, 4, 4}, new double[] {-78, -78, -78}, mu);
        TruncationMask mask = TruncationMask.forVolume(slab, v -> new CpuRenderer(v, new RenderSettings(1)));
        Camera camera = TestCases.camera(64);
        Rigid lateral = TestCases.carmVolFromCam(Math.PI / 2);
        Image m = mask.mask(CaseView.single("lat", camera, new Image(64, 64)), lateral);
        assertEquals(1f, m.get(32, 32), "the centre ray crosses only the left and right faces");
        assertEquals(0f, m.get(32, 31 - 22), "near the top face");
        assertEquals(0f, m.get(31 - 22, 32), "near the front or back face");
    }

    @Test
    void anUncutVolumeNeedsNoMask() {
        assertNull(TruncationMask.forVolume(volume(false), v -> new CpuRenderer(v, new RenderSettings(1))));
    }
}
