package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;

/**
 * A slow, independent, double-precision statement of the forward model of DESIGN.md §3, for tests:
 * I(u) = Σ_k μ(x_k)·Δ, t_k = k·Δ from the source towards the pixel's detector point, x_k = volFromCam·p_k,
 * μ trilinear with zero outside the voxels. Written straight from the definition, sharing no code with
 * the renderers. Double precision makes finite differences with tiny steps meaningful: the float renderer
 * rounds sample positions to ~1e-5 voxel, which swamps differences below ~1e-2 mm.
 */
final class ReferenceDrr {
    private ReferenceDrr() {}

    static double[] render(Volume vol, Camera cam, Rigid volFromCam, double stepMm) {
        double[] centre = vol.centreLps();
        double[] sp = vol.spacingMm();
        double radius = 0.5 * Math.sqrt(Math.pow((vol.nx() + 1) * sp[0], 2) + Math.pow((vol.ny() + 1) * sp[1], 2) + Math.pow((vol.nz() + 1) * sp[2], 2));
        double[] out = new double[cam.cols() * cam.rows()];
        double[] s = volFromCam.apply(0, 0, 0);
        for (int v = 0; v < cam.rows(); v++) {
            for (int u = 0; u < cam.cols(); u++) {
                double[] p = volFromCam.apply(cam.detectorPoint(u, v));
                double[] d = {p[0] - s[0], p[1] - s[1], p[2] - s[2]};
                double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                for (int a = 0; a < 3; a++) d[a] /= len;
                // Only samples within the volume's bounding sphere can be non-zero.
                double along = (centre[0] - s[0]) * d[0] + (centre[1] - s[1]) * d[1] + (centre[2] - s[2]) * d[2];
                long kFirst = Math.max(0, (long) Math.floor((along - radius) / stepMm));
                long kLast = (long) Math.ceil(Math.min(len, along + radius) / stepMm);
                double acc = 0;
                for (long k = kFirst; k <= kLast; k++) {
                    double t = k * stepMm;
                    if (t > len) break;
                    double[] q = vol.lpsToIndex(s[0] + t * d[0], s[1] + t * d[1], s[2] + t * d[2]);
                    acc += trilinear(vol, q[0], q[1], q[2]);
                }
                out[v * cam.cols() + u] = acc * stepMm;
            }
        }
        return out;
    }

    static double trilinear(Volume vol, double x, double y, double z) {
        int i = (int) Math.floor(x), j = (int) Math.floor(y), k = (int) Math.floor(z);
        double fx = x - i, fy = y - j, fz = z - k, sum = 0;
        for (int c = 0; c < 2; c++) {
            for (int b = 0; b < 2; b++) {
                for (int a = 0; a < 2; a++) {
                    double w = (a == 1 ? fx : 1 - fx) * (b == 1 ? fy : 1 - fy) * (c == 1 ? fz : 1 - fz);
                    sum += w * voxel(vol, i + a, j + b, k + c);
                }
            }
        }
        return sum;
    }

    private static double voxel(Volume vol, int i, int j, int k) {
        if (i < 0 || j < 0 || k < 0 || i >= vol.nx() || j >= vol.ny() || k >= vol.nz()) return 0;
        return vol.get(i, j, k);
    }
}
