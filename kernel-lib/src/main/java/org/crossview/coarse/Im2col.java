package org.crossview.coarse;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col in Java, written row by row straight into the columns' native buffer: libnd4j's ({@code Convolution.im2col},
 * generic CPU build) took ~3× the GEMM it feeds in a training step (JFR profile of {@code bench train}), on writes that
 * are bound by memory here. Columns [c, kH, kW, n, outH, outW] in C order, i.e. a [c·kH·kW, n·outH·outW] matrix whose
 * columns are the output pixels of all images, so that one GEMM serves the whole batch: column (ky, kx) of channel ch,
 * image n, output pixel (oy, ox), holds x[n, ch, oy·sH + ky − padTop, ox·sW + kx − padLeft], 0 outside the image. No
 * dilation. {@link #adjoint} is its transpose (col2im: each column entry added back onto the pixel it was read from).
 */
final class Im2col {
    private Im2col() {}

    /** Fills {@code cols} (float, C order, contiguous, shape [c, kH, kW, n, outH, outW]) from {@code x} [n, c, h, w]. */
    static void fill(INDArray x, int kH, int kW, int sH, int sW, int padTop, int padLeft, INDArray cols) {
        checkColumns(cols);
        int outW = (int) cols.size(5), w = (int) x.size(3);
        float[] in = NdArrays.floats(x);
        FloatBuffer out = cols.data().asNioFloat();
        float[] row = new float[outW];
        rows((int) x.size(0), (int) x.size(1), (int) x.size(2), w, kH, kW, sH, padTop, (int) cols.size(4), outW, (at, pixelRow, ix0) -> {
            if (pixelRow < 0) {
                java.util.Arrays.fill(row, 0f);
            } else {
                for (int ox = 0, ix = ix0 - padLeft; ox < outW; ox++, ix += sW) row[ox] = ix >= 0 && ix < w ? in[pixelRow + ix] : 0f;
            }
            out.put(at, row, 0, outW);
        });
    }

    /**
     * col2im, the adjoint of {@link #fill}: dx[n, c, h, w] = Σ of the entries of {@code cols} (float, [c, kH, kW, n, outH,
     * outW], C order, contiguous) read from each pixel. Returns dx in C order as Java floats.
     */
    static float[] adjoint(INDArray cols, int h, int w, int sH, int sW, int padTop, int padLeft) {
        checkColumns(cols);
        int c = (int) cols.size(0), n = (int) cols.size(3), outW = (int) cols.size(5);
        FloatBuffer in = cols.data().asNioFloat(); // read row by row: no Java copy of the whole columns
        float[] row = new float[outW], dx = new float[n * c * h * w];
        rows(n, c, h, w, (int) cols.size(1), (int) cols.size(2), sH, padTop, (int) cols.size(4), outW, (at, pixelRow, ix0) -> {
            if (pixelRow < 0) return;
            in.get(at, row, 0, outW);
            for (int ox = 0, ix = ix0 - padLeft; ox < outW; ox++, ix += sW) {
                if (ix >= 0 && ix < w) dx[pixelRow + ix] += row[ox];
            }
        });
        return dx;
    }

    /** The columns must be the whole of their native buffer (offset 0), which both directions read or write by index. */
    private static void checkColumns(INDArray cols) {
        if (cols.dataType() != DataType.FLOAT || cols.ordering() != 'c' || cols.data().length() != cols.length() || cols.rank() != 6) {
            throw new IllegalArgumentException("cols: expected a contiguous C-order float array [c, kH, kW, n, outH, outW], got " + cols.shapeInfoToString());
        }
    }

    /** One row of the columns: its first entry's index, the index of pixel 0 of the image row it reads (−1: none) and kx. */
    private interface Row {
        void visit(int at, int pixelRow, int kx);
    }

    /** Visits the columns' rows in C order: channel, ky, kx, image, then output row oy (reading image row oy·sH + ky − padTop). */
    private static void rows(int n, int c, int h, int w, int kH, int kW, int sH, int padTop, int outH, int outW, Row row) {
        int at = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kH; ky++) {
                for (int kx = 0; kx < kW; kx++) {
                    for (int img = 0; img < n; img++) {
                        int plane = (img * c + ch) * h * w;
                        for (int oy = 0; oy < outH; oy++, at += outW) {
                            int iy = oy * sH + ky - padTop;
                            row.visit(at, iy < 0 || iy >= h ? -1 : plane + iy * w, kx);
                        }
                    }
                }
            }
        }
    }
}
