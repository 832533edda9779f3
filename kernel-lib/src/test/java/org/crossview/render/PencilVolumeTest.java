package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * Joseph's voxel copies ({@link PencilVolume}): each copy, whatever its fast axis, holds at padded voxel (i + 2, j + 2,
 * k + 2) the 16-bit code of the volume's voxel (i, j, k) (read through the volume's own x-fastest index, not the layout's
 * strides) and zeros in the padding, each pair copy the codes of a voxel and its neighbour, and the copies made on first
 * use from several threads at once are one array.
 */
class PencilVolumeTest {
    private static Volume oddVolume() {
        int nx = 5, ny = 7, nz = 4; // different sizes, so a swapped stride reads a wrong voxel or fails
        float[] data = new float[nx * ny * nz];
        Random rnd = new Random(11);
        for (int i = 0; i < data.length; i++) data[i] = rnd.nextInt(5) == 0 ? 0f : (float) (0.05 * rnd.nextDouble());
        return new Volume(nx, ny, nz, new double[] {0.8, 1.0, 1.5}, new double[] {0, 0, 0}, data);
    }

    @Test
    void everyCopyHoldsEachVoxelsCodeAndZerosAround() {
        Volume mu = oddVolume();
        PencilVolume v = new PencilVolume(mu);
        float max = 0;
        for (float x : mu.data()) max = Math.max(max, x);
        double scale = Fixed16.scale(max);
        assertEquals(scale, v.scale(), 0.0);
        int pad = PaddedVolume.PAD;
        for (int axis = 0; axis < 3; axis++) {
            assertEquals(1, v.stride(axis, axis), "axis " + axis + " is its copy's fast axis");
            for (int z = 0; z < v.size(2); z++) {
                for (int y = 0; y < v.size(1); y++) {
                    for (int x = 0; x < v.size(0); x++) {
                        int i = x - pad, j = y - pad, k = z - pad;
                        boolean inside = i >= 0 && i < mu.nx() && j >= 0 && j < mu.ny() && k >= 0 && k < mu.nz();
                        char expected = inside ? Fixed16.encode(mu.data()[i + mu.nx() * (j + mu.ny() * k)], scale) : 0;
                        assertEquals(expected, v.code(axis, x, y, z), "copy along " + axis + ", padded voxel " + x + "," + y + "," + z);
                    }
                }
            }
        }
    }

    /** Pair i of the copy along a holds the codes of padded voxels i and i + e_b (b the first in-plane axis), 0 beyond. */
    @Test
    void everyPairHoldsAVoxelAndItsNeighbourAlongTheFirstInPlaneAxis() {
        Volume mu = oddVolume();
        PencilVolume v = new PencilVolume(mu);
        for (int axis = 0; axis < 3; axis++) {
            int b = axis == 0 ? 1 : 0;
            int[] pairs = v.pairs(axis);
            int nonZero = 0;
            for (int z = 0; z < v.size(2); z++) {
                for (int y = 0; y < v.size(1); y++) {
                    for (int x = 0; x < v.size(0); x++) {
                        int[] q = {x, y, z};
                        int i = x * v.stride(axis, 0) + y * v.stride(axis, 1) + z * v.stride(axis, 2);
                        q[b]++;
                        int high = q[b] < v.size(b) ? v.code(axis, q[0], q[1], q[2]) : 0;
                        assertEquals(v.code(axis, x, y, z), pairs[i] & 0xFFFF, "axis " + axis + ", low half at " + x + "," + y + "," + z);
                        assertEquals(high, pairs[i] >>> 16, "axis " + axis + ", high half at " + x + "," + y + "," + z);
                        if (pairs[i] != 0) nonZero++;
                    }
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(nonZero > 50, "axis " + axis + ": too few non-zero pairs " + nonZero);
        }
    }

    @Test
    void copiesMadeFromManyThreadsAtOnceAreOneArray() throws Exception {
        PencilVolume v = new PencilVolume(oddVolume());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int axis = 1; axis < 3; axis++) {
                int a = axis;
                Future<?>[] f = new Future<?>[8];
                for (int t = 0; t < f.length; t++) f[t] = pool.submit(() -> v.codes(a));
                for (Future<?> x : f) assertSame(v.codes(a), x.get(), "axis " + a);
                for (int t = 0; t < f.length; t++) f[t] = pool.submit(() -> v.pairs(a));
                for (Future<?> x : f) assertSame(v.pairs(a), x.get(), "pairs along " + a);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
