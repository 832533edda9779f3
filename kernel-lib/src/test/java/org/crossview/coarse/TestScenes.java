package org.crossview.coarse;

import org.crossview.geometry.CArm;

import org.crossview.geometry.Camera;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/** Tiny, smooth, asymmetric test objects for the coarse stage (fast to render, pose identifiable). */
final class TestScenes {
    static {
        // Tiny networks: one native thread is several times faster than two on a busy 2-core machine.
        Nd4jThreads.limit(1);
    }

    private TestScenes() {}

    /**
     * A 32³ volume of 5 mm voxels centred on the LPS origin holding wide Gaussian blobs of attenuation
     * (per mm), one of them "bone" (above 0.03/mm), placed asymmetrically so every pose change shows.
     */
    static Volume blobs() {
        int n = 32;
        double sp = 5;
        double o = -(n - 1) / 2.0 * sp;
        double[][] centres = {{0, 0, 0}, {30, -10, 20}, {-25, 15, -10}, {10, 25, -30}};
        double[] sigmas = {35, 12, 15, 10};
        double[] peaks = {0.02, 0.05, 0.035, 0.03};
        float[] data = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = o + i * sp, y = o + j * sp, z = o + k * sp;
                    double v = 0;
                    for (int b = 0; b < centres.length; b++) {
                        double dx = x - centres[b][0], dy = y - centres[b][1], dz = z - centres[b][2];
                        v += peaks[b] * Math.exp(-0.5 * (dx * dx + dy * dy + dz * dz) / (sigmas[b] * sigmas[b]));
                    }
                    // Fade to zero at the border: μ must vanish outside the volume.
                    double edge = Math.min(Math.min(Math.min(i, n - 1 - i), Math.min(j, n - 1 - j)), Math.min(k, n - 1 - k));
                    data[i + n * (j + n * k)] = (float) (v * Math.min(1, edge / 3.0));
                }
            }
        }
        return new Volume(n, n, n, new double[] {sp, sp, sp}, new double[] {o, o, o}, data);
    }

    /** DeepFluoro's detector resized to size² pixels. */
    static Camera camera(int size) {
        return Camera.deepFluoroFullRes().resized(size, size);
    }

    static Renderer renderer(Volume mu) {
        return new CpuRenderer(mu, new RenderSettings(4.0));
    }

    /** The parameterisation around an AP view whose isocentre is the volume's centre. */
    static PoseParameterisation parameterisation(Volume mu) {
        return new PoseParameterisation(CArm.atIsocentre(mu.centreLps(), 750).apVolFromCam(), 750, 0.25, 50);
    }

    static SyntheticData data(Volume mu, Renderer r, int size, int views, PoseSampling sampling, Augmentation aug) {
        Renderer bone = aug.needsBoneImage() ? renderer(SyntheticData.boneExcess(mu, 0.03)) : null;
        return new SyntheticData(r, bone, camera(size), parameterisation(mu), sampling, ViewLayout.of(views), aug);
    }
}
