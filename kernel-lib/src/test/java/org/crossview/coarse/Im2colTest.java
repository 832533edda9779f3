package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Im2col} against libnd4j's im2col (an independent implementation) over kernels, strides, paddings and odd sizes,
 * and its col2im against the adjoint identity ⟨im2col(x), C⟩ = ⟨x, col2im(C)⟩ on random x and C.
 */
class Im2colTest {
    /** 2 images of c channels, h × w, a k × k kernel at stride s with padding pad on every side. */
    @ParameterizedTest(name = "c {0} {1}x{2} k {3} s {4} pad {5}")
    @CsvSource({
            "3, 9, 9, 3, 1, 1",
            "2, 8, 7, 3, 2, 1",
            "1, 6, 6, 1, 1, 0",
            "4, 9, 8, 5, 2, 2",
            "2, 7, 7, 3, 1, 0",
            "3, 8, 8, 1, 2, 0",
            "2, 3, 4, 5, 2, 2",
            "1, 2, 2, 5, 1, 2",
    })
    void matchesLibnd4jAndCol2imIsItsAdjoint(int c, int h, int w, int k, int s, int pad) {
        Nd4j.getRandom().setSeed(h * 31 + k);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, c, h, w);
        long outH = (h + 2 * pad - k) / s + 1, outW = (w + 2 * pad - k) / s + 1;
        INDArray libnd4j = Nd4j.create(DataType.FLOAT, new long[] {2, c, k, k, outH, outW}, 'c');
        Convolution.im2col(x, k, k, s, s, pad, pad, 1, 1, false, libnd4j);
        INDArray want = libnd4j.permute(1, 2, 3, 0, 4, 5).dup('c'); // libnd4j's [n, c, kH, kW, oH, oW] in our axis order
        long[] shape = {c, k, k, 2, outH, outW};
        INDArray cols = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        cols.assign(Float.NaN); // every element must be written
        Im2col.fill(x, k, k, s, s, pad, pad, cols);
        assertArrayEquals(want.data().asFloat(), cols.data().asFloat(), 0f, "im2col");

        INDArray probe = Nd4j.randn(DataType.FLOAT, shape);
        float[] back = Im2col.adjoint(probe, h, w, s, s, pad, pad), xs = x.data().asFloat();
        double lhs = cols.castTo(DataType.DOUBLE).mul(probe.castTo(DataType.DOUBLE)).sumNumber().doubleValue(), rhs = 0;
        for (int i = 0; i < xs.length; i++) rhs += (double) xs[i] * back[i];
        assertEquals(lhs, rhs, 1e-4 * (Math.abs(lhs) + 1), "⟨im2col(x), C⟩ = ⟨x, col2im(C)⟩");
    }
}
