package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftArgmaxTest {

    @Test
    void aPeakedMapReadsOutItsCellCentreAndAFlatOneTheImageCentre() {
        SoftArgmax s = new SoftArgmax(2, 8);
        double[] raw = new double[s.rawOutputs()];
        // keypoint 0: all mass on row 1, column 6; keypoint 1: flat.
        raw[1 * 8 + 6] = 60;
        double[] y = s.decode(raw);
        assertEquals((2 * 6 + 1) / 8.0 - 1, y[0], 1e-12, "u of column 6 of 8 (half-image units)");
        assertEquals((2 * 1 + 1) / 8.0 - 1, y[1], 1e-12, "v of row 1");
        assertEquals(0, y[2], 1e-12);
        assertEquals(0, y[3], 1e-12);
        // Half the mass on each of two neighbouring cells: halfway between their centres (sub-cell positions).
        raw = new double[s.rawOutputs()];
        raw[64 + 3 * 8 + 4] = 50;
        raw[64 + 3 * 8 + 5] = 50;
        assertEquals(((2 * 4 + 1) / 8.0 + (2 * 5 + 1) / 8.0) / 2 - 1, s.decode(raw)[2], 1e-12);
        // Adding a constant to a map changes nothing (softmax), and huge scores do not overflow.
        double[] shifted = raw.clone();
        for (int i = 64; i < 128; i++) shifted[i] += 1e4;
        assertEquals(s.decode(raw)[2], s.decode(shifted)[2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.decode(new double[5]));
    }

    @Test
    void backwardIsTheGradientOfAnyLinearLossOfThePositions() {
        SoftArgmax s = new SoftArgmax(3, 5);
        SplittableRandom r = new SplittableRandom(9);
        double[] raw = r.doubles(s.rawOutputs(), -2, 2).toArray();
        double[] w = r.doubles(6, -1, 1).toArray(); // L = w · positions
        double[] g = s.backward(raw, w);
        for (int i = 0; i < raw.length; i++) {
            double h = 1e-6;
            double[] up = raw.clone(), down = raw.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (dot(w, s.decode(up)) - dot(w, s.decode(down))) / (2 * h);
            assertEquals(fd, g[i], 1e-8, "score " + i);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
