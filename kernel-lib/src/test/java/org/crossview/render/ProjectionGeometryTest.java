package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/** Where things land in the DRR, checked against the pinhole model (K·T⁻¹X) and against symmetry. */
class ProjectionGeometryTest {
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** Gaussians sampled so that their trilinear interpolant is the blobs to O(h⁴/σ⁴) (see Scenes.compensatedGaussian). */
    private static Volume grid(int n, double spacing, Scenes.Gaussian... blobs) {
        double o = -(n - 1) / 2.0 * spacing;
        Scenes.Gaussian[] sampled = new Scenes.Gaussian[blobs.length];
        for (int i = 0; i < blobs.length; i++) {
            double sigma = Math.sqrt(blobs[i].sigma() * blobs[i].sigma() - spacing * spacing / 6);
            sampled[i] = new Scenes.Gaussian(blobs[i].c(), sigma, blobs[i].amp() * Math.pow(blobs[i].sigma() / sigma, 3));
        }
        return Scenes.gaussians(new int[] {n, n, n}, new double[] {spacing, spacing, spacing}, new double[] {o, o, o}, IDENTITY, sampled);
    }

    @Test
    void beadAppearsWhereThePinholeModelProjectsIt() {
        double[] bead = {3.2, -2.7, 1.9};
        Volume vol = grid(48, 0.5, new Scenes.Gaussian(bead, 0.6, 1.0));
        Camera cam = new Camera(64, 60, -1500, -1450, 30.0, 27.5, 600); // off-centre principal point, non-square pixels
        CpuRenderer r = new CpuRenderer(vol, new RenderSettings(0.05));
        Rigid[] poses = {
            Scenes.lookAt(new double[] {0, 0, 0}, 300, 0.4, -0.3, 0.7),
            Scenes.lookAt(new double[] {3, -2, 1.5}, 280, 2.0, 0.6, -1.1),
            Scenes.lookAt(new double[] {-1, 0, 2}, 320, -0.2, 2.9, 0.3),
        };
        Image[] drrs = r.render(cam, poses);
        for (int p = 0; p < poses.length; p++) {
            double[] want = cam.project(poses[p].inverse().apply(bead));
            double[] got = Scenes.centroid(drrs[p], 0.05);
            System.out.printf("pose %d: bead at (%.3f, %.3f), predicted (%.3f, %.3f)%n", p, got[0], got[1], want[0], want[1]);
            assertTrue(want[0] > 10 && want[0] < 53 && want[1] > 10 && want[1] < 49, "bead must be well inside the image: " + want[0] + "," + want[1]);
            assertEquals(want[0], got[0], 0.02, "pose " + p + ": column");
            assertEquals(want[1], got[1], 0.02, "pose " + p + ": row");
        }
    }

    @Test
    void turningTheCArmHalfWayRoundMirrorsTheImage() {
        // Rotating by π about the camera's y axis through the isocentre maps (x, y, z') → (−x, y, −z')
        // (z' measured from the isocentre). An object symmetric about the isocentre plane z' = 0 therefore
        // looks, from the far side, exactly like its mirror image in x: column u → cols − 1 − u.
        double distance = 300;
        double[] iso = {0.5, -0.3, 0.2};
        Rigid first = Scenes.lookAt(iso, distance, 0.3, 0.5, -0.2);
        // Camera-frame offsets from the isocentre and amplitudes: one blob on the plane, two mirrored pairs.
        double[][] offsets = {{4, 1, 0, 0.02}, {-2, -3, 2.5, 0.04}, {-2, -3, -2.5, 0.04}, {1, 4, 1.5, 0.03}, {1, 4, -1.5, 0.03}};
        Scenes.Gaussian[] blobs = new Scenes.Gaussian[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            double[] x = first.apply(offsets[i][0], offsets[i][1], offsets[i][2] - distance);
            blobs[i] = new Scenes.Gaussian(x, 2.0, offsets[i][3]);
        }
        Volume vol = grid(64, 0.5, blobs);
        Rigid halfTurn = Rigid.translation(0, 0, -distance).compose(Rigid.rotation(new double[] {0, 1, 0}, Math.PI)).compose(Rigid.translation(0, 0, distance));
        Rigid second = first.compose(halfTurn);
        double[] sourceMoved = second.apply(0, 0, 0), sourceBefore = first.apply(0, 0, 0);
        assertEquals(2 * distance, Math.sqrt(Math.pow(sourceMoved[0] - sourceBefore[0], 2) + Math.pow(sourceMoved[1] - sourceBefore[1], 2)
                + Math.pow(sourceMoved[2] - sourceBefore[2], 2)), 1e-9, "the source must move to the far side");
        Camera cam = Camera.centred(40, 36, 1.0, 1.0, 600);
        Image[] drr = new CpuRenderer(vol, new RenderSettings(0.05)).render(cam, new Rigid[] {first, second});
        double max = drr[0].max(), worstMirror = 0, worstSame = 0;
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                worstMirror = Math.max(worstMirror, Math.abs(drr[1].get(cam.cols() - 1 - u, v) - drr[0].get(u, v)));
                worstSame = Math.max(worstSame, Math.abs(drr[1].get(u, v) - drr[0].get(u, v)));
            }
        }
        System.out.printf("half turn: worst |mirrored − original| %.2e, unmirrored %.2e (max %.3f)%n", worstMirror, worstSame, max);
        assertTrue(worstMirror < 1e-4 * max, "mirror: " + worstMirror);
        assertTrue(worstSame > 0.1 * max, "the object must not be mirror-symmetric itself");
    }

    @Test
    void binningTheCameraAndTheImageKeepsTheBeadOnTheSameBinnedPixel() {
        double[] bead = {-2.1, 1.4, 0.8};
        Volume vol = grid(48, 0.5, new Scenes.Gaussian(bead, 1.0, 1.0));
        Camera full = Camera.centred(64, 64, 0.4, 0.4, 600);
        int b = 4;
        Camera binned = full.binned(b);
        Rigid pose = Scenes.lookAt(new double[] {0, 0, 0}, 300, 0.7, -0.4, 0.2);
        CpuRenderer r = new CpuRenderer(vol, new RenderSettings(0.05));
        Image fine = r.render(full, pose);
        Image coarse = r.render(binned, pose);
        // Bin the full image by averaging b×b blocks.
        Image averaged = new Image(binned.cols(), binned.rows());
        for (int v = 0; v < fine.rows(); v++) {
            for (int u = 0; u < fine.cols(); u++) {
                int i = (v / b) * binned.cols() + u / b;
                averaged.data()[i] += fine.get(u, v) / (b * b);
            }
        }
        double[] cFine = Scenes.centroid(fine, 0);
        double[] want = {Camera.binnedCoordinate(cFine[0], b), Camera.binnedCoordinate(cFine[1], b)};
        double[] cCoarse = Scenes.centroid(coarse, 0), cAveraged = Scenes.centroid(averaged, 0);
        double[] predicted = binned.project(pose.inverse().apply(bead));
        System.out.printf("binning: full (%.3f, %.3f) -> (%.3f, %.3f); rendered binned (%.3f, %.3f); averaged (%.3f, %.3f); predicted (%.3f, %.3f)%n",
                cFine[0], cFine[1], want[0], want[1], cCoarse[0], cCoarse[1], cAveraged[0], cAveraged[1], predicted[0], predicted[1]);
        for (int a = 0; a < 2; a++) {
            assertEquals(want[a], cAveraged[a], 1e-3, "averaged image, axis " + a);
            assertEquals(want[a], cCoarse[a], 0.02, "binned camera, axis " + a);
            assertEquals(predicted[a], cCoarse[a], 0.02, "binned camera vs K·T⁻¹X, axis " + a);
        }
    }
}
