package org.crossview.coarse;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col in Java, built in a Java array (a row copy per kernel tap and output row at stride 1) and moved into the
 * columns' native buffer in one bulk copy: libnd4j's ({@code Convolution.im2col}, generic CPU build) took ~3× the GEMM it
 * feeds in a training step (JFR profile of {@code bench train}), and a native write per row (4–32 floats) was the largest
 * single cost of the network's step after that. Columns [c, kH, kW, n, outH, outW] in C order, i.e. a [c·kH·kW, n·outH·outW] matrix whose
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
        float[] in = NdArrays.floats(x), out = scratch((int) cols.length());
        rows((int) x.size(0), (int) x.size(1), (int) x.size(2), w, kH, kW, sH, padTop, (int) cols.size(4), outW, (at, pixelRow, kx) -> {
            if (pixelRow < 0) {
                Arrays.fill(out, at, at + outW, 0f);
                return;
            }
            // Output pixels lo ≤ ox < hi read inside the row (ix = ox·sW + kx − padLeft in [0, w)); the others are padding.
            int lo = firstInside(kx - padLeft, sW), hi = Math.max(lo, Math.min(outW, firstInside(kx - padLeft - w, sW)));
            lo = Math.min(lo, outW);
            Arrays.fill(out, at, at + lo, 0f);
            int ix = lo * sW + kx - padLeft;
            if (sW == 1) {
                System.arraycopy(in, pixelRow + ix, out, at + lo, hi - lo);
            } else {
                for (int ox = lo; ox < hi; ox++, ix += sW) out[at + ox] = in[pixelRow + ix];
            }
            Arrays.fill(out, at + hi, at + outW, 0f);
        });
        cols.data().asNioFloat().put(0, out, 0, (int) cols.length());
    }

    /**
     * col2im, the adjoint of {@link #fill}: dx[n, c, h, w] = Σ of the entries of {@code cols} (float, [c, kH, kW, n, outH,
     * outW], C order, contiguous) read from each pixel. Returns dx in C order as Java floats.
     */
    static float[] adjoint(INDArray cols, int h, int w, int sH, int sW, int padTop, int padLeft) {
        checkColumns(cols);
        int c = (int) cols.size(0), n = (int) cols.size(3), outW = (int) cols.size(5);
        float[] in = scratch((int) cols.length()), dx = new float[n * c * h * w];
        cols.data().asNioFloat().get(0, in, 0, (int) cols.length());
        rows(n, c, h, w, (int) cols.size(1), (int) cols.size(2), sH, padTop, (int) cols.size(4), outW, (at, pixelRow, kx) -> {
            if (pixelRow < 0) return;
            int lo = Math.min(outW, firstInside(kx - padLeft, sW)), hi = Math.max(lo, Math.min(outW, firstInside(kx - padLeft - w, sW)));
            int to = pixelRow + lo * sW + kx - padLeft;
            if (sW == 1) {
                for (int ox = lo; ox < hi; ox++) dx[to + ox - lo] += in[at + ox];
            } else {
                for (int ox = lo; ox < hi; ox++, to += sW) dx[to] += in[at + ox];
            }
        });
        return dx;
    }

    /** The least ox ≥ 0 with ox·s + offset ≥ 0, i.e. the first output pixel whose read lies right of the image's left edge. */
    private static int firstInside(int offset, int s) {
        return offset >= 0 ? 0 : (-offset + s - 1) / s;
    }

    // A Java copy of one layer's columns per thread, kept: a new one per call (MBs, zeroed by the JVM) cost as much as the fill.
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int length) {
        float[] s = SCRATCH.get();
        if (s.length < length) SCRATCH.set(s = new float[length]);
        return s;
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
