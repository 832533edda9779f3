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

    @Test
    void shapeLossIsTheKlFromTheTargetGaussianWithGradientPMinusQ() {
        SoftArgmax s = new SoftArgmax(3, 6);
        SplittableRandom r = new SplittableRandom(4);
        double sigma = 1.0;
        // keypoint 0 inside, keypoint 1 inside near a corner, keypoint 2 beyond the image: left out.
        double[] target = {0.13, -0.41, 0.9, 0.95, 1.7, 0.2};
        // Scores equal to the log of the target map: KL 0, zero gradient, whatever constant is added.
        double[] raw = new double[s.rawOutputs()];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 36; i++) {
                double du = (2.0 * (i % 6) + 1) / 6 - 1 - target[2 * k], dv = (2.0 * (i / 6) + 1) / 6 - 1 - target[2 * k + 1];
                raw[k * 36 + i] = 7 - (du * du + dv * dv) / (2 * sigma * sigma * (2.0 / 6) * (2.0 / 6));
            }
        }
        double[] g = new double[raw.length];
        assertEquals(0, s.shapeLoss(raw, target, sigma, 1, g), 1e-12);
        for (double x : g) assertEquals(0, x, 1e-12);
        // Elsewhere: positive, its gradient the finite differences of the loss, nothing for the point off the image.
        raw = r.doubles(s.rawOutputs(), -2, 2).toArray();
        g = new double[raw.length];
        double loss = s.shapeLoss(raw, target, sigma, 0.5, g);
        assertEquals(true, loss > 0.01, "KL of a random map: " + loss);
        for (int i = 0; i < raw.length; i++) {
            double h = 1e-6;
            double[] up = raw.clone(), down = raw.clone();
            up[i] += h;
            down[i] -= h;
            double fd = 0.5 * (s.shapeLoss(up, target, sigma, 0, new double[raw.length]) - s.shapeLoss(down, target, sigma, 0, new double[raw.length])) / (2 * h);
            assertEquals(fd, g[i], 1e-8, "score " + i);
            if (i >= 72) assertEquals(0, g[i], 0, "the point beyond the image has no map");
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
