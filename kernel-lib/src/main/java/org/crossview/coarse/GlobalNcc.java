package org.crossview.coarse;

import org.crossview.image.Image;

/**
 * 1 − NCC over the whole image, NCC = mean(z(a)·z(b)), z = (x − mean)/sqrt(var + ε) (DESIGN.md §4),
 * with its exact gradient in the moving image. The coarse stage's own minimal similarity, used until a
 * richer one (patch / multiscale NCC) is plugged in through {@link ImageSimilarity}.
 */
public final class GlobalNcc implements ImageSimilarity {
    private static final double EPS = 1e-10;

    @Override
    public double lossAndGradient(Image fixed, Image moving, float[] dLossdMoving) {
        float[] a = fixed.data(), b = moving.data();
        if (a.length != b.length) throw new IllegalArgumentException("NCC: images differ in size");
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double va = 0, vb = 0, cab = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i] - ma, y = b[i] - mb;
            va += x * x;
            vb += y * y;
            cab += x * y;
        }
        va = va / n + EPS;
        vb = vb / n + EPS;
        cab /= n;
        double sa = Math.sqrt(va), sb = Math.sqrt(vb);
        double ncc = cab / (sa * sb);
        // d ncc / d b_i = [(a_i − ma)/sa − ncc·(b_i − mb)/sb] / (n·sb)
        for (int i = 0; i < n; i++) {
            double g = ((a[i] - ma) / sa - ncc * (b[i] - mb) / sb) / (n * sb);
            dLossdMoving[i] = (float) -g;
        }
        return 1 - ncc;
    }

    @Override
    public String name() {
        return "ncc";
    }
}
