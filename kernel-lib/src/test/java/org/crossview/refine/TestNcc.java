package org.crossview.refine;

import org.crossview.image.Image;

/** Test-only loss: 1 − global NCC (mask ignored), with its analytic gradient w.r.t. the moving image. */
final class TestNcc implements ImageLoss {
    @Override
    public double lossAndGradient(Image fixed, Image moving, Image mask, float[] dLossdMoving) {
        float[] a = fixed.data(), b = moving.data();
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i] - ma, y = b[i] - mb;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        double eps = 1e-12;
        double na = Math.sqrt(saa + eps), nb = Math.sqrt(sbb + eps);
        double ncc = sab / (na * nb);
        // d ncc / d b_i = (a_i − ma)/(na nb) − ncc (b_i − mb)/nb²
        for (int i = 0; i < n; i++) {
            double g = (a[i] - ma) / (na * nb) - ncc * (b[i] - mb) / (nb * nb);
            dLossdMoving[i] = (float) -g;
        }
        return 1 - ncc;
    }

    @Override
    public String name() {
        return "test-ncc";
    }
}
