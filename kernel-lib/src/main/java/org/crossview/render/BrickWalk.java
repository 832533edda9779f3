package org.crossview.render;

/**
 * The runs of a ray's samples that lie in occupied bricks ({@link EmptySpace}): a 3-D DDA (Amanatides–Woo)
 * over the grid of {@link EmptySpace#CELL}³ bricks in double precision, clipped first to the tight box around the non-zero voxels.
 * Samples stay where they are (t_k = k·Δ, or Joseph's on the voxel planes); only those in empty bricks are left out, so the sum over the runs
 * equals the sum over all samples. Consecutive occupied bricks merge into one run. Reused per thread.
 */
final class BrickWalk {
    private static final int B = EmptySpace.CELL;
    private static final double SLACK = 1e-6;

    /** Runs as half-open sample ranges [starts[r], ends[r]) of the ray's sample index j (0 = its first sample). */
    int[] starts = new int[16], ends = new int[16];
    int count;
    // scratch, per walk (no allocation per ray)
    private final double[] o = new double[3], e = new double[3], next = new double[3], delta = new double[3];
    private final int[] n = new int[3], b = new int[3], stepB = new int[3];

    // how sample j sits on the ray: t = (k0 + j)·step (onGrid) or t = tFirst + j·step
    private boolean onGrid;
    private int k0;
    private double tFirst;

    /**
     * Fills the runs for the ray q(t) = o + t·e (padded index coordinates, t in mm from the source) whose samples
     * are j = 0 .. samples−1 at t = (k0 + j)·step (the trilinear projector's fixed distances).
     */
    void walk(EmptySpace space, double ox, double oy, double oz, double ex, double ey, double ez, int k0, int samples, double step) {
        onGrid = true;
        this.k0 = k0;
        walk(space, ox, oy, oz, ex, ey, ez, k0 * step, (k0 + samples - 1) * step, samples, step);
    }

    /** The same for samples at t = tFirst + j·step (Joseph's: one per voxel plane). */
    void walkFrom(EmptySpace space, double ox, double oy, double oz, double ex, double ey, double ez, double tFirst, int samples, double step) {
        onGrid = false;
        this.tFirst = tFirst;
        walk(space, ox, oy, oz, ex, ey, ez, tFirst, tFirst + (samples - 1) * step, samples, step);
    }

    private void walk(EmptySpace space, double ox, double oy, double oz, double ex, double ey, double ez, double tStart, double tEnd, int samples, double step) {
        count = 0;
        if (space.isEmpty() || samples <= 0) return;
        double t0 = tStart, t1 = tEnd;
        o[0] = ox;
        o[1] = oy;
        o[2] = oz;
        e[0] = ex;
        e[1] = ey;
        e[2] = ez;
        for (int a = 0; a < 3; a++) {
            double lo = space.boxLo(a), hi = space.boxHi(a);
            if (e[a] != 0) {
                double ta = (lo - o[a]) / e[a], tb = (hi - o[a]) / e[a];
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
            } else if (!(o[a] > lo && o[a] < hi)) {
                return;
            }
        }
        if (!(t0 <= t1)) return;
        n[0] = space.bricksX();
        n[1] = space.bricksY();
        n[2] = space.bricksZ();
        double tMid = t0; // the brick holding the entry point (inside the box, so inside the grid)
        for (int a = 0; a < 3; a++) {
            double q = o[a] + tMid * e[a];
            b[a] = Math.min(n[a] - 1, Math.max(0, (int) Math.floor(q / B)));
            if (e[a] > 0) {
                stepB[a] = 1;
                next[a] = ((b[a] + 1) * (double) B - o[a]) / e[a];
                delta[a] = B / e[a];
            } else if (e[a] < 0) {
                stepB[a] = -1;
                next[a] = (b[a] * (double) B - o[a]) / e[a];
                delta[a] = -B / e[a];
            } else {
                stepB[a] = 0;
                next[a] = Double.POSITIVE_INFINITY;
                delta[a] = Double.POSITIVE_INFINITY;
            }
        }
        // The traversal in local variables (the JIT keeps them in registers; the arrays above cost a load, a store and
        // an index check per step). Brick b = (bx, by, bz) sits at cell = bx + sx·by + sxy·bz of the occupancy flags.
        final byte[] occ = space.occupied();
        final int sx = n[0], sxy = n[0] * n[1];
        final int nx = n[0], ny = n[1], nz = n[2], stepX = stepB[0], stepY = stepB[1], stepZ = stepB[2];
        final double deltaX = delta[0], deltaY = delta[1], deltaZ = delta[2];
        int bx = b[0], by = b[1], bz = b[2], cell = bx + sx * by + sxy * bz;
        double nextX = next[0], nextY = next[1], nextZ = next[2];
        double tc = t0, runFrom = 0;
        boolean inRun = false;
        int lastEnd = 0; // runs never overlap: a sample on a shared boundary goes to the first
        while (true) {
            if (occ[cell] != 0) {
                if (!inRun) {
                    runFrom = tc;
                    inRun = true;
                }
            } else if (inRun) {
                lastEnd = emit(runFrom, tc, samples, step, lastEnd);
                inRun = false;
            }
            double tExit;
            if (nextX <= nextY ? nextX <= nextZ : false) { // x first (ties: x before y and z, y before z)
                tExit = Math.min(nextX, t1);
                if (tExit >= t1) break;
                bx += stepX;
                if (bx < 0 || bx >= nx) break;
                cell += stepX;
                nextX += deltaX;
            } else if (nextX <= nextY || !(nextY <= nextZ)) { // z first
                tExit = Math.min(nextZ, t1);
                if (tExit >= t1) break;
                bz += stepZ;
                if (bz < 0 || bz >= nz) break;
                cell += stepZ * sxy;
                nextZ += deltaZ;
            } else { // y first
                tExit = Math.min(nextY, t1);
                if (tExit >= t1) break;
                by += stepY;
                if (by < 0 || by >= ny) break;
                cell += stepY * sx;
                nextY += deltaY;
            }
            tc = tExit;
        }
        if (inRun) emit(runFrom, t1, samples, step, lastEnd);
    }

    /**
     * Adds the samples with t in [from, to] as a run (clamped to the ray's samples); returns the new end. The interval
     * is widened by {@link #SLACK} of a step: a sample on a boundary (Joseph's samples lie on the voxel planes, which
     * hold the brick faces) must not fall out by rounding, and a sample marched needlessly is one the sum has anyway.
     */
    private int emit(double from, double to, int samples, double step, int lastEnd) {
        double first = onGrid ? Math.ceil(from / step - SLACK) - k0 : Math.ceil((from - tFirst) / step - SLACK);
        double last = onGrid ? Math.floor(to / step + SLACK) - k0 : Math.floor((to - tFirst) / step + SLACK);
        int js = (int) Math.max(lastEnd, Math.min(samples, first));
        int je = (int) Math.max(js, Math.min(samples, last + 1));
        if (je <= js) return lastEnd;
        if (count > 0 && ends[count - 1] == js) {
            ends[count - 1] = je; // touching runs merge
            return je;
        }
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, 2 * count);
            ends = java.util.Arrays.copyOf(ends, 2 * count);
        }
        starts[count] = js;
        ends[count] = je;
        count++;
        return je;
    }

    /** One run of all the ray's samples (nothing to skip). */
    void all(int samples) {
        count = 1;
        starts[0] = 0;
        ends[0] = samples;
    }

    /** Samples in all runs. */
    int samples() {
        int s = 0;
        for (int r = 0; r < count; r++) s += ends[r] - starts[r];
        return s;
    }
}
