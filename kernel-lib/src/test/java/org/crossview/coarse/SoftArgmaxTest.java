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
    void theShapeTermIsZeroAtAGaussianCentredOnItsTarget() {
        SoftArgmax s = new SoftArgmax(1, 6);
        double sigma = 1.0, cell = 2.0 / 6;
        // A target at the image centre: the symmetric Gaussian about it already reads out there, so it is the target map.
        double[] raw = new double[s.rawOutputs()];
        for (int i = 0; i < 36; i++) {
            double u = (2.0 * (i % 6) + 1) / 6 - 1, v = (2.0 * (i / 6) + 1) / 6 - 1;
            raw[i] = 3 - (u * u + v * v) / (2 * sigma * sigma * cell * cell);
        }
        double[] g = new double[raw.length];
        assertEquals(0, s.shapeLoss(raw, new double[] {0, 0}, sigma, 1, g), 1e-12);
        for (double x : g) assertEquals(0, x, 1e-12);
    }

    @Test
    void theMapTheShapeTermAsksForReadsOutAtTheTargetEvenByTheBorder() {
        SoftArgmax s = new SoftArgmax(2, 6);
        // The term's gradient at a flat map is p − q with p = 1/36, so it reveals the target map q; the scores log q (its
        // minimiser) must read out at the target — also for a point half a cell from the outer centres.
        double[] target = {0.1, -0.3, 0.62, -0.7};
        double[] g0 = new double[s.rawOutputs()];
        s.shapeLoss(new double[s.rawOutputs()], target, 1.0, 1, g0);
        double[] raw = new double[g0.length];
        for (int i = 0; i < raw.length; i++) raw[i] = Math.log(1.0 / 36 - g0[i]);
        assertEquals(0, s.shapeLoss(raw, target, 1.0, 1, new double[raw.length]), 1e-12, "KL at its minimiser");
        double[] y = s.decode(raw);
        for (int j = 0; j < 4; j++) assertEquals(target[j], y[j], 1e-9, "coordinate " + j);
        // There the plain Gaussian about the target, cut off by the border, reads out more than a tenth of a cell inside.
        double[] plain = new double[s.rawOutputs()];
        double cell = 2.0 / 6;
        for (int i = 0; i < 36; i++) {
            double u = (2.0 * (i % 6) + 1) / 6 - 1, v = (2.0 * (i / 6) + 1) / 6 - 1;
            plain[36 + i] = -((u - target[2]) * (u - target[2]) + (v - target[3]) * (v - target[3])) / (2 * cell * cell);
        }
        assertEquals(true, target[2] - s.decode(plain)[2] > 0.1 * cell, "plain Gaussian's read-out " + s.decode(plain)[2]);
        // Beyond the outer cells' centres no map reads out there: such a point gets no shape term.
        double[] g = new double[raw.length];
        assertEquals(0, s.shapeLoss(new double[s.rawOutputs()], new double[] {0.9, 0, 0.2, 1.4}, 1.0, 1, g), 0);
        for (double x : g) assertEquals(0, x, 0);
    }

    @Test
    void theShapeTermsGradientIsItsFiniteDifferences() {
        SoftArgmax s = new SoftArgmax(3, 6);
        double[] target = {0.13, -0.41, 0.7, 0.75, 1.7, 0.2}; // the third beyond the image: left out
        double[] raw = new SplittableRandom(4).doubles(s.rawOutputs(), -2, 2).toArray();
        double[] g = new double[raw.length];
        double loss = s.shapeLoss(raw, target, 1.0, 0.5, g);
        assertEquals(true, loss > 0.01, "KL of a random map: " + loss);
        for (int i = 0; i < raw.length; i++) {
            double h = 1e-6;
            double[] up = raw.clone(), down = raw.clone();
            up[i] += h;
            down[i] -= h;
            double fd = 0.5 * (s.shapeLoss(up, target, 1.0, 0, new double[raw.length]) - s.shapeLoss(down, target, 1.0, 0, new double[raw.length])) / (2 * h);
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
