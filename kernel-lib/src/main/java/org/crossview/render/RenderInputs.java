package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/** Argument checks shared by the back ends (public for the OpenCL one), so that every renderer rejects bad input with the same messages. */
public final class RenderInputs {
    private RenderInputs() {}

    /**
     * Largest |μ| accepted (per mm; real tissue and metal are below 10 /mm). Above it a DRR (a float) and the
     * gradient's float partial sums could overflow to ∞, and ∞ − ∞ = NaN in the gradient's voxel differences.
     */
    public static final double MAX_ATTENUATION_PER_MM = 1e20;
    /** Most sample indices per ray (k0 + samples stays within an int, in Java and in the OpenCL kernels alike). */
    static final long MAX_SAMPLE_INDEX = 1L << 30;

    public static Volume attenuation(Volume mu) {
        if (mu == null) throw new IllegalArgumentException("mu: attenuation volume is null");
        mu.requireFiniteAndNonEmpty("mu");
        float[] d = mu.data();
        for (int n = 0; n < d.length; n++) {
            if (Math.abs(d[n]) > MAX_ATTENUATION_PER_MM) {
                int i = n % mu.nx(), j = (n / mu.nx()) % mu.ny(), k = n / (mu.nx() * mu.ny());
                throw new IllegalArgumentException("mu: |μ| = " + d[n] + " /mm at (i,j,k)=(" + i + "," + j + "," + k + ") exceeds "
                        + MAX_ATTENUATION_PER_MM + " /mm (is it attenuation? DRRs would overflow float)");
            }
        }
        return mu;
    }

    public static RenderSettings settings(RenderSettings s) {
        if (s == null) throw new IllegalArgumentException("settings: null");
        return s;
    }

    public static Camera camera(Camera camera) {
        if (camera == null) throw new IllegalArgumentException("camera: null");
        return camera;
    }

    /**
     * As {@link #camera(Camera)}, and rejects a step so small against the camera's longest ray (source to a detector
     * corner) that sample indices k = t/step would overflow an int (then samples land outside the volume's memory).
     */
    public static Camera camera(Camera camera, double stepMm) {
        camera(camera);
        double longest = 0;
        for (double u : new double[] {0, camera.cols() - 1}) {
            for (double v : new double[] {0, camera.rows() - 1}) {
                double[] p = camera.detectorPoint(u, v);
                longest = Math.max(longest, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
            }
        }
        if (!Double.isFinite(longest)) throw new IllegalArgumentException("camera: detector corners at an infinite distance from the source (" + camera + ")");
        if (!(longest / stepMm < MAX_SAMPLE_INDEX)) {
            throw new IllegalArgumentException("stepMm: " + stepMm + " mm is too small for rays of " + longest + " mm (more than " + MAX_SAMPLE_INDEX
                    + " samples per ray)");
        }
        return camera;
    }

    /**
     * Checks every pose and returns its camera → padded-index affine (see {@link PaddedVolume#cameraToIndex}).
     * Rejects null or non-finite poses and poses that put the X-ray source inside the volume.
     */
    public static double[][] poses(Rigid[] volFromCam, PaddedVolume vol) {
        if (volFromCam == null) throw new IllegalArgumentException("volFromCam: null");
        double[][] maps = new double[volFromCam.length][];
        for (int p = 0; p < volFromCam.length; p++) {
            Rigid t = volFromCam[p];
            String what = "volFromCam[" + p + "]";
            if (t == null) throw new IllegalArgumentException(what + ": null");
            for (double x : t.toArray()) {
                if (!Double.isFinite(x)) throw new IllegalArgumentException(what + ": non-finite pose " + t);
            }
            maps[p] = vol.cameraToIndex(t);
            if (vol.sourceInside(maps[p])) {
                double[] s = t.translation();
                throw new IllegalArgumentException(what + ": source inside the volume (X-ray source at LPS "
                        + String.format("(%.1f, %.1f, %.1f) mm", s[0], s[1], s[2]) + ")");
            }
        }
        return maps;
    }

    public static void lossGradients(Image[] dLossdImage, Camera camera, int poses) {
        if (dLossdImage == null) throw new IllegalArgumentException("dLossdImage: null");
        if (dLossdImage.length != poses) {
            throw new IllegalArgumentException("dLossdImage: expected one image per pose (" + poses + "), got " + dLossdImage.length);
        }
        for (int p = 0; p < poses; p++) {
            String what = "dLossdImage[" + p + "]";
            if (dLossdImage[p] == null) throw new IllegalArgumentException(what + ": null");
            dLossdImage[p].requireSize(what, camera.cols(), camera.rows()).requireFinite(what);
        }
    }
}
