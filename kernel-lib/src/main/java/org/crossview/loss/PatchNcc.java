package org.crossview.loss;

import java.util.Arrays;
import org.crossview.image.Image;

/**
 * Patch (local) NCC: the NCC of every p×p window, stride 1, averaged (DESIGN.md §4), in O(cols·rows)
 * for the value and the gradient alike, with box sums of a, b, a², b², ab (and their adjoint).
 *
 * <p><b>Edges:</b> only valid windows, lying wholly inside the image ((cols−p+1)·(rows−p+1) of them);
 * every pixel is in at least one. A patch larger than the image is clamped to the image's size along
 * that axis (so p ≥ both sides gives the global NCC).
 *
 * <p><b>Mask:</b> with weights w, each window's statistics are w-weighted and windows are averaged with
 * weight W_k = Σ_{window k} w (windows without any weight, below 1e-12 of the heaviest window's, are left
 * out); without a mask this is the plain mean over windows.
 *
 * <p><b>ε:</b> z = (x − mean)/sqrt(var + ε) with ε_x = epsRel·Var(x) + 1e-30, Var(x) the (masked) variance
 * of the whole image x. A window that is flat in either image therefore scores 0 with a bounded gradient,
 * and the similarity is exactly invariant to affine intensity changes of either image. The gradient
 * includes the dependence of ε_b on the moving image. If either whole image is constant, value and
 * gradient are 0.
 */
public final class PatchNcc implements ImageSimilarity {
    /** Default variance floor relative to the image's variance: a 1 % floor on the standard deviation. */
    public static final double DEFAULT_EPS_REL = 1e-4;
    /** Absolute floor so that 0/0 cannot occur. */
    static final double EPS_ABS = 1e-30;
    /**
     * Smallest epsRel: a window's variance from box sums carries rounding of ~1e-16 of the sums over the image, so
     * below this floor a flat window's NCC is a ratio of rounding errors (|NCC| ≫ 1 and a gradient that overflows float).
     */
    public static final double MIN_EPS_REL = 1e-8;

    private final int patch;
    private final double epsRel;

    public PatchNcc(int patchSize) {
        this(patchSize, DEFAULT_EPS_REL);
    }

    public PatchNcc(int patchSize, double epsRel) {
        if (patchSize < 1) throw new IllegalArgumentException("patch size: must be ≥ 1, got " + patchSize);
        if (!(epsRel >= MIN_EPS_REL) || !Double.isFinite(epsRel)) {
            throw new IllegalArgumentException("epsRel: must be finite and ≥ " + MIN_EPS_REL + " (the box sums' rounding), got " + epsRel);
        }
        this.patch = patchSize;
        this.epsRel = epsRel;
    }

    public int patchSize() {
        return patch;
    }

    @Override
    public String name() {
        return "patch-ncc-" + patch;
    }

    @Override
    public double evaluate(Image fixed, Image moving, Image mask, float[] grad) {
        float[] w = ImageChecks.check("patch NCC (" + patch + ")", fixed, moving, mask, grad);
        int cols = fixed.cols(), rows = fixed.rows(), n = cols * rows;
        float[] af = fixed.data(), bf = moving.data();

        // Global (weighted) means and variances: centre the data (conditioning of the box sums) and set ε.
        double sw = 0, sa = 0, sb = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            sw += wi;
            sa += wi * af[i];
            sb += wi * bf[i];
        }
        double gma = sa / sw, gmb = sb / sw;
        double[] a = new double[n], b = new double[n];
        double saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            a[i] = af[i] - gma;
            b[i] = bf[i] - gmb;
            saa += wi * a[i] * a[i];
            sbb += wi * b[i] * b[i];
        }
        double gva = saa / sw, gvb = sbb / sw;
        if (gva == 0 || gvb == 0) {
            if (grad != null) Arrays.fill(grad, 0f);
            return 0;
        }
        double epsA = epsRel * gva + EPS_ABS, epsB = epsRel * gvb + EPS_ABS;

        BoxSums box = new BoxSums(cols, rows, Math.min(patch, cols), Math.min(patch, rows));
        int nw = box.windows();
        double[] tmp = new double[box.wx * rows];
        double[] q = new double[n];
        double[] wSum = null;
        if (w != null) {
            for (int i = 0; i < n; i++) q[i] = w[i];
            wSum = new double[nw];
            box.forward(q, tmp, wSum);
        }
        double[] sA = boxOf(box, q, tmp, a, null, w), sB = boxOf(box, q, tmp, b, null, w);
        double[] sAA = boxOf(box, q, tmp, a, a, w), sBB = boxOf(box, q, tmp, b, b, w), sAB = boxOf(box, q, tmp, a, b, w);

        // Per window: NCC_k, and the coefficients of its gradient (reusing the arrays in place).
        double fullWeight = (double) box.px * box.py;
        // Relative to the heaviest window, not to the full weight: a mask of tiny weights (1e-30) must not leave every
        // window out (0/0 = NaN); scaling a mask does not change the similarity.
        double heaviest = fullWeight;
        if (wSum != null) {
            heaviest = 0;
            for (double x : wSum) heaviest = Math.max(heaviest, x);
        }
        double totalW = 0, weighted = 0, dEpsB = 0;
        double[] alpha = sAA, alphaMa = sA, beta = sBB, betaMb = sB; // overwritten below
        for (int k = 0; k < nw; k++) {
            double wk = wSum == null ? fullWeight : wSum[k];
            if (!(wk > 1e-12 * heaviest)) {
                alpha[k] = alphaMa[k] = beta[k] = betaMb[k] = 0;
                continue;
            }
            double ma = sA[k] / wk, mb = sB[k] / wk;
            double vaa = Math.max(sAA[k] / wk - ma * ma, 0), vbb = Math.max(sBB[k] / wk - mb * mb, 0);
            double vab = sAB[k] / wk - ma * mb;
            double va = vaa + epsA, vb = vbb + epsB;
            double d = Math.sqrt(va * vb);
            double ncc = vab / d;
            totalW += wk;
            weighted += wk * ncc;
            double al = 1 / d, be = ncc / vb;
            dEpsB -= 0.5 * wk * be;
            alpha[k] = al;
            alphaMa[k] = al * ma;
            beta[k] = be;
            betaMb[k] = be * mb;
        }
        double value = weighted / totalW;
        if (grad != null) {
            // ∂S/∂b_i = w_i/ΣW · Σ_{k∋i} [α_k (a_i − m_a,k) − β_k (b_i − m_b,k)] + (∂S/∂ε_b)·epsRel·2 w_i (b_i − m_b)/Σw
            double[] cAl = new double[n], cAlMa = new double[n], cBe = new double[n], cBeMb = new double[n];
            box.adjoint(alpha, tmp, cAl);
            box.adjoint(alphaMa, tmp, cAlMa);
            box.adjoint(beta, tmp, cBe);
            box.adjoint(betaMb, tmp, cBeMb);
            double inv = 1 / totalW;
            double epsTerm = dEpsB * inv * epsRel * 2 / sw;
            for (int i = 0; i < n; i++) {
                double wi = w == null ? 1 : w[i];
                double g = inv * (a[i] * cAl[i] - cAlMa[i] - b[i] * cBe[i] + cBeMb[i]) + epsTerm * b[i];
                grad[i] = (float) (wi * g);
            }
        }
        return value;
    }

    /** Box sums of w·x·y (y may be null: w·x). */
    private static double[] boxOf(BoxSums box, double[] q, double[] tmp, double[] x, double[] y, float[] w) {
        for (int i = 0; i < q.length; i++) {
            double v = y == null ? x[i] : x[i] * y[i];
            q[i] = w == null ? v : w[i] * v;
        }
        double[] out = new double[box.windows()];
        box.forward(q, tmp, out);
        return out;
    }
}
