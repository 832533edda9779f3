package org.crossview.render;

import java.util.stream.IntStream;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/**
 * Forward-only reference: Siddon's exact radiological path. Each voxel is a box of constant μ (its
 * nearest-voxel value); a pixel's value is Σ over the voxels the ray crosses of (length inside the
 * voxel, mm) · μ. Traversal follows Amanatides–Woo in index space, so any direction matrix works.
 * Double precision throughout; no sampling step (the settings' step is ignored).
 */
public final class SiddonRenderer implements Renderer {
    private final PaddedVolume vol;

    public SiddonRenderer(Volume mu) {
        this.vol = new PaddedVolume(RenderInputs.attenuation(mu));
    }

    @Override
    public String name() {
        return "siddon";
    }

    @Override
    public Image[] render(Camera camera, Rigid[] volFromCam) {
        RenderInputs.camera(camera);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        int cols = camera.cols(), rows = camera.rows();
        Image[] out = new Image[maps.length];
        for (int p = 0; p < maps.length; p++) out[p] = new Image(cols, rows);
        IntStream.range(0, maps.length * rows).parallel().forEach(task -> {
            int p = task / rows, v = task % rows;
            for (int u = 0; u < cols; u++) out[p].data()[v * cols + u] = (float) ray(camera, u, v, maps[p]);
        });
        return out;
    }

    /** Not available: Siddon's path length is piecewise constant in the voxel values' positions. */
    @Override
    public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
        throw new UnsupportedOperationException("siddon: forward-only reference renderer has no pose gradient; use CpuRenderer");
    }

    private double ray(Camera cam, int u, int v, double[] m) {
        double f = cam.sourceToDetectorMm();
        double px = -f * (u - cam.cx()) / cam.fx(), py = -f * (v - cam.cy()) / cam.fy(), pz = -f;
        double len = Math.sqrt(px * px + py * py + pz * pz);
        double ux = px / len, uy = py / len, uz = pz / len;
        double[] o = new double[3], e = new double[3];
        int[] lo = new int[3], hi = new int[3];
        double t0 = 0, t1 = len;
        for (int a = 0; a < 3; a++) {
            o[a] = m[a * 4 + 3];
            e[a] = m[a * 4] * ux + m[a * 4 + 1] * uy + m[a * 4 + 2] * uz;
            lo[a] = PaddedVolume.PAD;
            hi[a] = (int) vol.supportHi(a) - 1; // last real voxel
            double bLo = lo[a] - 0.5, bHi = hi[a] + 0.5; // voxel edges
            if (e[a] != 0) {
                double ta = (bLo - o[a]) / e[a], tb = (bHi - o[a]) / e[a];
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
            } else if (!(o[a] > bLo && o[a] < bHi)) {
                return 0;
            }
        }
        if (!(t0 < t1)) return 0;
        int[] cell = new int[3], stepDir = new int[3];
        double[] tNext = new double[3], tDelta = new double[3];
        double tMid = 0.5 * (t0 + Math.min(t1, t0 + 1e-9 * len + 1e-12));
        for (int a = 0; a < 3; a++) {
            int c = (int) Math.floor(o[a] + tMid * e[a] + 0.5);
            cell[a] = Math.max(lo[a], Math.min(hi[a], c));
            if (e[a] > 0) {
                stepDir[a] = 1;
                tNext[a] = (cell[a] + 0.5 - o[a]) / e[a];
                tDelta[a] = 1 / e[a];
            } else if (e[a] < 0) {
                stepDir[a] = -1;
                tNext[a] = (cell[a] - 0.5 - o[a]) / e[a];
                tDelta[a] = -1 / e[a];
            } else {
                tNext[a] = Double.POSITIVE_INFINITY;
            }
        }
        float[] d = vol.data();
        int sx = vol.sizeX(), sxy = vol.sizeX() * vol.sizeY();
        double acc = 0, t = t0;
        while (t < t1) {
            double tn = Math.min(t1, Math.min(tNext[0], Math.min(tNext[1], tNext[2])));
            acc += (tn - t) * d[cell[0] + sx * cell[1] + sxy * cell[2]];
            t = tn;
            for (int a = 0; a < 3; a++) {
                if (tNext[a] <= tn) {
                    cell[a] += stepDir[a];
                    tNext[a] += tDelta[a];
                    if (cell[a] < lo[a] || cell[a] > hi[a]) return acc;
                }
            }
        }
        return acc;
    }
}
