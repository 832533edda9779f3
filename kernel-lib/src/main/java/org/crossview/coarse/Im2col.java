package org.crossview.coarse;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col in Java, written row by row straight into the columns' native buffer: libnd4j's ({@code Convolution.im2col},
 * generic CPU build) took ~3× the GEMM it feeds in a training step (JFR profile of {@code bench train}), on writes that
 * are bound by memory here. Columns [n, c, kH, kW, outH, outW] in C order: column (ky, kx) of channel ch, output pixel
 * (oy, ox), holds x[ch, oy·sH + ky − padTop, ox·sW + kx − padLeft], 0 outside the image. No dilation. {@link #adjoint}
 * is its transpose (col2im: each column entry added back onto the pixel it was read from).
 */
final class Im2col {
    private Im2col() {}

    /** Fills {@code cols} (float, C order, contiguous, shape [n, c, kH, kW, outH, outW]) from {@code x} [n, c, h, w]. */
    static void fill(INDArray x, int kH, int kW, int sH, int sW, int padTop, int padLeft, INDArray cols) {
        if (cols.dataType() != DataType.FLOAT || cols.ordering() != 'c' || cols.data().length() != cols.length() || cols.rank() != 6) {
            throw new IllegalArgumentException("cols: expected a contiguous C-order float array [n, c, kH, kW, outH, outW], got " + cols.shapeInfoToString());
        }
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int outH = (int) cols.size(4), outW = (int) cols.size(5);
        float[] in = NdArrays.floats(x);
        FloatBuffer out = cols.data().asNioFloat();
        float[] row = new float[outW];
        int at = 0;
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (img * c + ch) * h * w;
                for (int ky = 0; ky < kH; ky++) {
                    for (int kx = 0; kx < kW; kx++) {
                        for (int oy = 0; oy < outH; oy++, at += outW) {
                            int iy = oy * sH + ky - padTop;
                            if (iy < 0 || iy >= h) {
                                java.util.Arrays.fill(row, 0f);
                            } else {
                                int base = plane + iy * w, ix = kx - padLeft;
                                for (int ox = 0; ox < outW; ox++, ix += sW) row[ox] = ix >= 0 && ix < w ? in[base + ix] : 0f;
                            }
                            out.put(at, row, 0, outW);
                        }
                    }
                }
            }
        }
    }

    /**
     * col2im, the adjoint of {@link #fill}: dx[n, c, h, w] = Σ of the entries of {@code cols} (float, [n, c, kH, kW, outH,
     * outW], C order, contiguous) read from each pixel. Returns dx in C order as Java floats.
     */
    static float[] adjoint(INDArray cols, int h, int w, int sH, int sW, int padTop, int padLeft) {
        int n = (int) cols.size(0), c = (int) cols.size(1), kH = (int) cols.size(2), kW = (int) cols.size(3);
        int outH = (int) cols.size(4), outW = (int) cols.size(5);
        float[] in = NdArrays.floats(cols), dx = new float[n * c * h * w];
        int at = 0;
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (img * c + ch) * h * w;
                for (int ky = 0; ky < kH; ky++) {
                    for (int kx = 0; kx < kW; kx++) {
                        for (int oy = 0; oy < outH; oy++, at += outW) {
                            int iy = oy * sH + ky - padTop;
                            if (iy < 0 || iy >= h) continue;
                            int base = plane + iy * w, ix = kx - padLeft;
                            for (int ox = 0; ox < outW; ox++, ix += sW) {
                                if (ix >= 0 && ix < w) dx[base + ix] += in[at + ox];
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }
}
