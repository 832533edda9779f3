package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reorient: the value at every LPS point survives the change to the identity direction. */
class ReorientTest {
    /** A sagittal-like grid: i along −P (anterior), j along −S (feet), k along +L; anisotropic spacing. */
    @Test
    void axisPermutationsAndFlipsKeepEveryVoxelAtItsLpsPoint() {
        int nx = 7, ny = 5, nz = 4;
        double[] dir = {0, 0, 1, -1, 0, 0, 0, -1, 0}; // columns: i → −P, j → −S, k → +L
        float[] d = new float[nx * ny * nz];
        for (int n = 0; n < d.length; n++) d[n] = n * 1.5f - 20;
        Volume v = new Volume(nx, ny, nz, new double[] {0.8, 1.1, 2.5}, new double[] {10, -3, 40}, dir, d);
        Volume r = Reorient.toIdentityDirection(v, -1024);
        assertTrue(Reorient.isIdentity(r.direction()));
        assertEquals(nz, r.nx()); // L comes from k
        assertEquals(nx, r.ny()); // P from i
        assertEquals(ny, r.nz()); // S from j
        assertEquals(2.5, r.spacingMm()[0]);
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            double[] q = r.lpsToIndex(v.indexToLps(i, j, k));
            int qi = (int) Math.round(q[0]), qj = (int) Math.round(q[1]), qk = (int) Math.round(q[2]);
            assertEquals(0, Math.abs(q[0] - qi) + Math.abs(q[1] - qj) + Math.abs(q[2] - qk), 1e-9);
            assertEquals(v.get(i, j, k), r.get(qi, qj, qk));
        }
    }

    /** An oblique grid of a linear field: trilinear resampling reproduces it exactly inside, and fills outside. */
    @Test
    void obliqueGridIsResampledOntoLpsAxes() {
        double a = Math.toRadians(25);
        double[] dir = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        int nx = 20, ny = 18, nz = 6;
        Volume grid = new Volume(nx, ny, nz, new double[] {2, 2, 3}, new double[] {-5, 7, 1}, dir, new float[nx * ny * nz]);
        float[] d = grid.data();
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            double[] p = grid.indexToLps(i, j, k);
            d[grid.index(i, j, k)] = (float) (3 * p[0] - 2 * p[1] + 0.5 * p[2]);
        }
        Volume r = Reorient.toIdentityDirection(grid, -1024);
        assertTrue(Reorient.isIdentity(r.direction()));
        Random rnd = new Random(1);
        int inside = 0, filled = 0;
        for (int t = 0; t < 5000; t++) {
            int i = rnd.nextInt(r.nx()), j = rnd.nextInt(r.ny()), k = rnd.nextInt(r.nz());
            double[] p = r.indexToLps(i, j, k);
            double[] q = grid.lpsToIndex(p);
            boolean in = q[0] >= 0 && q[1] >= 0 && q[2] >= 0 && q[0] <= nx - 1 && q[1] <= ny - 1 && q[2] <= nz - 1;
            if (in) {
                assertEquals(3 * p[0] - 2 * p[1] + 0.5 * p[2], r.get(i, j, k), 1e-3);
                inside++;
            } else if (q[0] < -0.01 || q[1] < -0.01 || q[0] > nx - 0.99 || q[1] > ny - 0.99) {
                assertEquals(-1024f, r.get(i, j, k));
                filled++;
            }
        }
        assertTrue(inside > 1000 && filled > 100, inside + " inside, " + filled + " filled");
    }
}
