package org.crossview.coarse;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col in Java, built in a Java array and moved into the columns' native buffer in one bulk copy: libnd4j's
 * ({@code Convolution.im2col}, generic CPU build) took ~3× the GEMM it feeds in a training step (JFR profile of
 * {@code bench train}), and a native write per row (4–32 floats) after that was the largest single cost of the network's
 * step. Each kernel tap's valid output range ({@link Window}) is worked out once per tap, not per row: the rows are short
 * (one timed training step: 13 → 10 ms for im2col, 11 → 10 ms for col2im). Columns [c, kH, kW, n, outH, outW] in C order, i.e. a [c·kH·kW, n·outH·outW] matrix whose
 * columns are the output pixels of all images, so that one GEMM serves the whole batch: column (ky, kx) of channel ch,
 * image n, output pixel (oy, ox), holds x[n, ch, oy·sH + ky − padTop, ox·sW + kx − padLeft], 0 outside the image. No
 * dilation. {@link #adjoint} is its transpose (col2im: each column entry added back onto the pixel it was read from).
 */
final class Im2col {
    private Im2col() {}

    /** Fills {@code cols} (float, C order, contiguous, shape [c, kH, kW, n, outH, outW]) from {@code x} [n, c, h, w]. */
    static void fill(INDArray x, int kH, int kW, int sH, int sW, int padTop, int padLeft, INDArray cols) {
        float[] in = NdArrays.floats(x, NdArrays.scratch(NdArrays.Slot.INPUT, (int) x.length()));
        fill(in, (int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3), kH, kW, sH, sW, padTop, padLeft, cols);
    }

    /** As {@link #fill(INDArray, int, int, int, int, int, int, INDArray)} from Java values: x [n, c, h, w] in C order. */
    static void fill(float[] in, int n, int c, int h, int w, int kH, int kW, int sH, int sW, int padTop, int padLeft, INDArray cols) {
        checkColumns(cols);
        int outH = (int) cols.size(4), outW = (int) cols.size(5), plane = outH * outW;
        float[] out = NdArrays.scratch(NdArrays.Slot.COLUMNS, (int) cols.length());
        taps(n, c, h, w, kH, kW, sH, sW, padTop, padLeft, outH, outW, (at, pixel0, rows, cs) -> {
            Arrays.fill(out, at, at + rows.lo() * outW, 0f); // padding rows
            for (int oy = rows.lo(); oy < rows.hi(); oy++) {
                int to = at + oy * outW, src = pixel0 + rows.pixel(oy) * w;
                Arrays.fill(out, to, to + cs.lo(), 0f);
                if (sW == 1) {
                    System.arraycopy(in, src, out, to + cs.lo(), cs.hi() - cs.lo());
                } else {
                    for (int ox = cs.lo(); ox < cs.hi(); ox++, src += sW) out[to + ox] = in[src];
                }
                Arrays.fill(out, to + cs.hi(), to + outW, 0f);
            }
            Arrays.fill(out, at + rows.hi() * outW, at + plane, 0f);
        });
        cols.data().asNioFloat().put(0, out, 0, (int) cols.length());
    }

    /**
     * col2im, the adjoint of {@link #fill}: dx[n, c, h, w] = Σ of the entries of {@code cols} (float, [c, kH, kW, n, outH,
     * outW], C order, contiguous) read from each pixel. Returns dx in C order in the first n·c·h·w entries of the calling
     * thread's {@link NdArrays.Slot#OUTPUT} scratch.
     */
    static float[] adjoint(INDArray cols, int h, int w, int sH, int sW, int padTop, int padLeft) {
        int n = (int) cols.size(3), c = (int) cols.size(0);
        float[] dx = NdArrays.scratch(NdArrays.Slot.OUTPUT, n * c * h * w);
        Arrays.fill(dx, 0, n * c * h * w, 0f);
        addAdjoint(cols, h, w, sH, sW, padTop, padLeft, dx);
        return dx;
    }

    /** Adds col2im of {@code cols} ({@link #adjoint}) onto {@code dx} [n, c, h, w] (C order). */
    static void addAdjoint(INDArray cols, int h, int w, int sH, int sW, int padTop, int padLeft, float[] dx) {
        checkColumns(cols);
        int c = (int) cols.size(0), n = (int) cols.size(3), outW = (int) cols.size(5);
        float[] in = NdArrays.scratch(NdArrays.Slot.COLUMNS, (int) cols.length());
        cols.data().asNioFloat().get(0, in, 0, (int) cols.length());
        taps(n, c, h, w, (int) cols.size(1), (int) cols.size(2), sH, sW, padTop, padLeft, (int) cols.size(4), outW, (at, pixel0, rows, cs) -> {
            for (int oy = rows.lo(); oy < rows.hi(); oy++) {
                int from = at + oy * outW, to = pixel0 + rows.pixel(oy) * w;
                if (sW == 1) {
                    for (int ox = cs.lo(), d = to; ox < cs.hi(); ox++, d++) dx[d] += in[from + ox];
                } else {
                    for (int ox = cs.lo(), d = to; ox < cs.hi(); ox++, d += sW) dx[d] += in[from + ox];
                }
            }
        });
    }

    /** One kernel tap of one channel and image: its block of the columns and the pixels it reads. */
    private interface TapPlane {
        /**
         * @param at the block's first index in the columns ([outH, outW] in C order)
         * @param pixel0 x's index of column cs.firstPixel() in row 0 of this channel and image (output row oy reads row
         *     rows.pixel(oy): add rows.pixel(oy)·w)
         */
        void visit(int at, int pixel0, Window rows, Window cs);
    }

    /** Visits the columns' [outH, outW] blocks in C order: channel, ky, kx, image; each tap's windows worked out once. */
    private static void taps(int n, int c, int h, int w, int kH, int kW, int sH, int sW, int padTop, int padLeft, int outH, int outW, TapPlane v) {
        int at = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kH; ky++) {
                Window rows = Window.of(ky - padTop, sH, h, outH);
                for (int kx = 0; kx < kW; kx++) {
                    Window cs = Window.of(kx - padLeft, sW, w, outW);
                    for (int img = 0; img < n; img++, at += outH * outW) v.visit(at, (img * c + ch) * h * w + cs.firstPixel(), rows, cs);
                }
            }
        }
    }

    /**
     * One kernel tap's reach along one axis: output positions lo ≤ o < hi read input position o·stride + offset, which lies
     * in [0, size); the others read padding.
     */
    private record Window(int offset, int stride, int lo, int hi) {
        /** Input positions [0, size), output positions [0, outSize). */
        static Window of(int offset, int stride, int size, int outSize) {
            int lo = Math.min(outSize, firstInside(offset, stride));
            return new Window(offset, stride, lo, Math.max(lo, Math.min(outSize, firstInside(offset - size, stride))));
        }

        /** The input position output position o reads. */
        int pixel(int o) {
            return o * stride + offset;
        }

        /** The input position of output position lo. */
        int firstPixel() {
            return pixel(lo);
        }
    }

    /** The least ox ≥ 0 with ox·s + offset ≥ 0, i.e. the first output pixel whose read lies right of the image's left edge. */
    private static int firstInside(int offset, int s) {
        return offset >= 0 ? 0 : (-offset + s - 1) / s;
    }

    /** The columns must be the whole of their native buffer (offset 0), which both directions read or write by index. */
    private static void checkColumns(INDArray cols) {
        if (cols.dataType() != DataType.FLOAT || cols.ordering() != 'c' || cols.data().length() != cols.length() || cols.rank() != 6) {
            throw new IllegalArgumentException("cols: expected a contiguous C-order float array [c, kH, kW, n, outH, outW], got " + cols.shapeInfoToString());
        }
    }
}
