package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link NdArrays}' copies against values written out by hand and against ND4J's own permute. */
class NdArraysTest {
    @Test
    void swapBlocksExchangesTheLeadingAxes() {
        // [rows 2, cols 3, block 2]: entry (r, c, b) = 100·r + 10·c + b.
        float[] src = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};
        FloatBuffer dst = FloatBuffer.allocate(12);
        NdArrays.swapBlocks(FloatBuffer.wrap(src), 2, 3, 2, dst);
        assertArrayEquals(new float[] {0, 1, 100, 101, 10, 11, 110, 111, 20, 21, 120, 121}, dst.array(), 0f);
    }

    @Test
    void swapBlocksIsNd4jsPermuteOfTheLeadingAxes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 5, 3, 2);
        INDArray got = Nd4j.createUninitialized(DataType.FLOAT, new long[] {5, 4, 3, 2}, 'c');
        NdArrays.swapBlocks(x.data().asNioFloat(), 4, 5, 6, got.data().asNioFloat());
        assertArrayEquals(x.permute(1, 0, 2, 3).dup('c').data().asFloat(), NdArrays.floats(got), 0f);
        assertArrayEquals(NdArrays.floats(x), NdArrays.floats(NdArrays.array(NdArrays.floats(x), x.shape())), 0f);
    }
}
