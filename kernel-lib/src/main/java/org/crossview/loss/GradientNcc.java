package org.crossview.loss;

import org.crossview.image.Image;

/**
 * Gradient NCC (DESIGN.md §4, xvr's choice with patch 11): both images are blurred with a small Gaussian
 * (σ pixels), differentiated with Sobel kernels (x: columns, y: rows; scaled by 1/8 to approximate a
 * per-pixel derivative), and the inner similarity (patch or global NCC) of the x-gradients and of the
 * y-gradients is averaged: S = ½(S(∂x a, ∂x b) + S(∂y a, ∂y b)). The mask weights the gradient images'
 * pixels. Borders are replicated, so the gradient images have the input's size (1×1 gives 0).
 *
 * <p>The gradient with respect to the moving image goes back through the Sobel filters and the blur by
 * their exact adjoints.
 */
public final class GradientNcc implements ImageSimilarity {
    private static final double[] SMOOTH = {0.25, 0.5, 0.25};
    private static final double[] DIFF = {-0.5, 0, 0.5};

    private final ImageSimilarity inner;
    private final double sigma;
    private final SeparableFilter blur, sobelX, sobelY;

    /** Patch NCC of the gradients with the given patch size, after a Gaussian blur of σ pixels. */
    public GradientNcc(int patchSize, double sigmaPx) {
        this(new PatchNcc(patchSize), sigmaPx);
    }

    public GradientNcc(ImageSimilarity inner, double sigmaPx) {
        if (inner == null) throw new IllegalArgumentException("gradient NCC: inner similarity is required");
        double[] g = SeparableFilter.gaussian(sigmaPx);
        this.inner = inner;
        this.sigma = sigmaPx;
        this.blur = new SeparableFilter(g, g);
        this.sobelX = new SeparableFilter(DIFF, SMOOTH);
        this.sobelY = new SeparableFilter(SMOOTH, DIFF);
    }

    @Override
    public String name() {
        return "gradient-" + inner.name() + "-s" + sigma;
    }

    @Override
    public double evaluate(Image fixed, Image moving, Image mask, float[] grad) {
        ImageChecks.check("gradient NCC", fixed, moving, mask, grad);
        int cols = fixed.cols(), rows = fixed.rows(), n = cols * rows;
        Image[] ga = gradients(fixed), gb = gradients(moving);
        float[] gx = grad == null ? null : new float[n], gy = grad == null ? null : new float[n];
        double s = 0.5 * (inner.evaluate(ga[0], gb[0], mask, gx) + inner.evaluate(ga[1], gb[1], mask, gy));
        if (grad != null) {
            double[] dx = new double[n], dy = new double[n], back = new double[n], sum = new double[n];
            for (int i = 0; i < n; i++) {
                dx[i] = 0.5 * gx[i];
                dy[i] = 0.5 * gy[i];
            }
            sobelX.adjoint(dx, cols, rows, back);
            for (int i = 0; i < n; i++) sum[i] = back[i];
            sobelY.adjoint(dy, cols, rows, back);
            for (int i = 0; i < n; i++) sum[i] += back[i];
            blur.adjoint(sum, cols, rows, back);
            for (int i = 0; i < n; i++) grad[i] = (float) back[i];
        }
        return s;
    }

    /** The blurred image's x and y Sobel gradients. */
    Image[] gradients(Image img) {
        int cols = img.cols(), rows = img.rows(), n = cols * rows;
        double[] x = new double[n], blurred = new double[n], d = new double[n];
        float[] src = img.data();
        for (int i = 0; i < n; i++) x[i] = src[i];
        blur.apply(x, cols, rows, blurred);
        Image[] out = new Image[2];
        SeparableFilter[] f = {sobelX, sobelY};
        for (int c = 0; c < 2; c++) {
            f[c].apply(blurred, cols, rows, d);
            float[] o = new float[n];
            for (int i = 0; i < n; i++) o[i] = (float) d[i];
            out[c] = new Image(cols, rows, o);
        }
        return out;
    }
}
