package org.crossview.render.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.crossview.render.BrickedVolume;
import org.crossview.render.PaddedVolume;

/**
 * The machine's ceiling for trilinear ray marching: the bare gather-and-interpolate loop (8 voxel loads from
 * the renderer's bricked layout, 7 lerps, one add per sample) over rays whose start and length are computed before the clock starts —
 * no per-ray set-up, clipping or image writes. The rays run along the benchmark's beam directions, spaced
 * like the pixels' rays, so the memory traffic matches the real scene. Runs on all cores.
 */
public final class GatherLimit {
    private GatherLimit() {}

    /**
     * Passes per second and CPU seconds per pass of the bare loop over a grid of raysPerSide² parallel rays
     * through the volume's centre along each unit direction (index space), spaced {@code raySpacingVoxels}
     * apart and sampled every {@code stepVoxels}; timed for about {@code seconds} after a warm-up pass.
     */
    static RenderBenchmark.Timing time(PaddedVolume vol, BrickedVolume bricks, double[][] directions, int raysPerSide, double raySpacingVoxels,
            double stepVoxels, double seconds) {
        float[][] rays = rays(vol, directions, raysPerSide, raySpacingVoxels, stepVoxels);
        double[] sink = new double[rays.length];
        RenderBenchmark.Timing t = RenderBenchmark.time(() -> pass(bricks, rays, sink), seconds);
        double total = 0;
        for (double x : sink) total += x;
        if (total == 42.0) System.out.print(""); // keep the sums alive
        return t;
    }

    /** Samples in one pass of {@link #time} with the same arguments. */
    static long samplesPerPass(PaddedVolume vol, double[][] directions, int raysPerSide, double raySpacingVoxels, double stepVoxels) {
        long n = 0;
        for (float[] r : rays(vol, directions, raysPerSide, raySpacingVoxels, stepVoxels)) n += (long) r[6];
        return n;
    }

    private static void pass(BrickedVolume bricks, float[][] rays, double[] sink) {
        IntStream.range(0, rays.length).parallel().forEach(i -> {
            float[] r = rays[i];
            sink[i] += march(bricks.data(), bricks.pairsX(), bricks.pairsY(), bricks.pairsZ(), r[0], r[1], r[2], r[3], r[4], r[5], (int) r[6]);
        });
    }

    /** Each ray as {x0, y0, z0, dx, dy, dz, count}, its samples inside the support box. */
    private static float[][] rays(PaddedVolume vol, double[][] directions, int perSide, double spacing, double step) {
        double[] lo = new double[3], hi = new double[3], c = new double[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = vol.supportLo(a) + 1e-3;
            hi[a] = vol.supportHi(a) - 1e-3;
            c[a] = (lo[a] + hi[a]) / 2;
        }
        double radius = Math.sqrt((hi[0] - lo[0]) * (hi[0] - lo[0]) + (hi[1] - lo[1]) * (hi[1] - lo[1]) + (hi[2] - lo[2]) * (hi[2] - lo[2])) / 2;
        List<float[]> out = new ArrayList<>();
        for (double[] d : directions) {
            double[] u = perpendicular(d), w = cross(d, u);
            for (int ia = 0; ia < perSide; ia++) {
                double a = (ia - (perSide - 1) / 2.0) * spacing;
                for (int ib = 0; ib < perSide; ib++) {
                    double b = (ib - (perSide - 1) / 2.0) * spacing;
                    double[] o = new double[3];
                    for (int k = 0; k < 3; k++) o[k] = c[k] + a * u[k] + b * w[k] - radius * d[k];
                    double t0 = 0, t1 = 2 * radius;
                    for (int k = 0; k < 3; k++) {
                        if (Math.abs(d[k]) < 1e-12) {
                            if (o[k] < lo[k] || o[k] > hi[k]) t1 = -1;
                            continue;
                        }
                        double ta = (lo[k] - o[k]) / d[k], tb = (hi[k] - o[k]) / d[k];
                        t0 = Math.max(t0, Math.min(ta, tb));
                        t1 = Math.min(t1, Math.max(ta, tb));
                    }
                    long kFirst = (long) Math.ceil(t0 / step), kLast = (long) Math.floor(t1 / step);
                    if (kLast < kFirst) continue;
                    double s = kFirst * step;
                    out.add(new float[] {(float) (o[0] + s * d[0]), (float) (o[1] + s * d[1]), (float) (o[2] + s * d[2]),
                        (float) (step * d[0]), (float) (step * d[1]), (float) (step * d[2]), kLast - kFirst + 1});
                }
            }
        }
        return out.toArray(new float[0][]);
    }

    private static double[] perpendicular(double[] d) {
        double[] e = Math.abs(d[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] p = cross(d, e);
        double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        return new double[] {p[0] / n, p[1] / n, p[2] / n};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /** The same arithmetic and memory layout as the renderer's trilinear forward loop. */
    private static double march(float[] d, long[] px, long[] py, long[] pz, float x0, float y0, float z0, float dx, float dy, float dz, int n) {
        double acc = 0;
        float fj = 0;
        for (int j = 0; j < n; j++, fj += 1f) {
            float x = x0 + fj * dx, y = y0 + fj * dy, z = z0 + fj * dz;
            int ix = (int) x, iy = (int) y, iz = (int) z;
            float fx = x - ix, fy = y - iy, fz = z - iz;
            long ex = px[ix], ey = py[iy], ez = pz[iz];
            int xa = (int) ex, xb = (int) (ex >>> 32), ya = (int) ey, yb = (int) (ey >>> 32), za = (int) ez, zb = (int) (ez >>> 32);
            int a00 = ya + za, a10 = yb + za, a01 = ya + zb, a11 = yb + zb;
            float c00 = d[xa + a00] + fx * (d[xb + a00] - d[xa + a00]);
            float c10 = d[xa + a10] + fx * (d[xb + a10] - d[xa + a10]);
            float c01 = d[xa + a01] + fx * (d[xb + a01] - d[xa + a01]);
            float c11 = d[xa + a11] + fx * (d[xb + a11] - d[xa + a11]);
            float c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
            acc += c0 + fz * (c1 - c0);
        }
        return acc;
    }
}
