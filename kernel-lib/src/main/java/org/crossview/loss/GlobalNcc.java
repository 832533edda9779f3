package org.crossview.loss;

import org.crossview.image.Image;

/**
 * Global normalised cross-correlation (DESIGN.md §4): NCC = mean(z(a)·z(b)) with z = (x − mean)/sqrt(var + ε),
 * i.e. cov(a, b)/sqrt((var a + ε_a)(var b + ε_b)), with weighted means when a mask is given.
 *
 * <p>ε is relative, ε_x = epsRel·var x + 1e-30 (see {@link PatchNcc}): the similarity is then exactly
 * invariant to affine intensity changes of either image, and NCC(a, a) = 1/(1 + epsRel). A constant image
 * (zero variance under the mask) has z ≡ 0: the value and gradient are 0 (defined, never NaN).
 */
public final class GlobalNcc implements ImageSimilarity {
    private final double epsRel;

    public GlobalNcc() {
        this(PatchNcc.DEFAULT_EPS_REL);
    }

    /** @param epsRel the variance floor relative to each image's own variance (≥ 0) */
    public GlobalNcc(double epsRel) {
        if (!(epsRel >= 0) || !Double.isFinite(epsRel)) throw new IllegalArgumentException("epsRel: must be finite and ≥ 0, got " + epsRel);
        this.epsRel = epsRel;
    }

    @Override
    public String name() {
        return "ncc";
    }

    @Override
    public double evaluate(Image fixed, Image moving, Image mask, float[] grad) {
        float[] w = ImageChecks.check("global NCC", fixed, moving, mask, grad);
        float[] a = fixed.data(), b = moving.data();
        int n = a.length;
        double sw = 0, sa = 0, sb = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            sw += wi;
            sa += wi * a[i];
            sb += wi * b[i];
        }
        double ma = sa / sw, mb = sb / sw;
        double saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            double x = a[i] - ma, y = b[i] - mb;
            saa += wi * x * x;
            sbb += wi * y * y;
            sab += wi * x * y;
        }
        double vaa = saa / sw, vbb = sbb / sw, vab = sab / sw;
        if (vaa == 0 || vbb == 0) { // a constant image under the mask: z ≡ 0
            if (grad != null) java.util.Arrays.fill(grad, 0f);
            return 0;
        }
        double va = (1 + epsRel) * vaa + PatchNcc.EPS_ABS, vb = (1 + epsRel) * vbb + PatchNcc.EPS_ABS;
        double d = Math.sqrt(va * vb);
        double s = vab / d;
        if (grad != null) {
            // ∂S/∂b_i = w_i/W · [(a_i − m_a)/D − S·(1 + epsRel)(b_i − m_b)/v_b]
            double ca = 1 / (sw * d), cb = s * (1 + epsRel) / (sw * vb);
            for (int i = 0; i < n; i++) {
                double wi = w == null ? 1 : w[i];
                grad[i] = (float) (wi * (ca * (a[i] - ma) - cb * (b[i] - mb)));
            }
        }
        return s;
    }
}
