package org.crossview.coarse;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moving ND4J arrays into Java and back, for the layer helpers that compute in plain loops. Both directions are one bulk
 * copy through the native buffer's NIO view: {@code DataBuffer.asFloat()} and {@code Nd4j.create(float[], …)} took about
 * twice as long on a training step's activations (5 M floats; one JVM, alternating).
 */
final class NdArrays {
    private NdArrays() {}

    /** The array's values in C order, copied into Java (one native copy first when it is not contiguous in C order). */
    static float[] floats(INDArray a) {
        if (a.dataType() != DataType.FLOAT) return a.dup('c').data().asFloat();
        boolean plain = a.ordering() == 'c' && a.elementWiseStride() == 1 && a.data().length() == a.length();
        INDArray c = plain ? a : a.dup('c');
        float[] values = new float[(int) c.length()];
        c.data().asNioFloat().get(0, values);
        return values;
    }

    /** A new C-order float array of {@code shape} holding {@code values}. */
    static INDArray array(float[] values, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (a.length() != values.length) throw new IllegalArgumentException("values: " + values.length + " for shape of " + a.length());
        a.data().asNioFloat().put(0, values);
        return a;
    }

    /**
     * Writes {@code src}, [rows, cols, block] in C order, into {@code dst} (from index 0) as [cols, rows, block]: the
     * leading two axes swapped, each block moved whole (a convolution's [N, C, P] ↔ [C, N, P]).
     */
    static void swapBlocks(float[] src, int rows, int cols, int block, FloatBuffer dst) {
        if (src.length != rows * cols * block) throw new IllegalArgumentException("src: " + src.length + " floats for " + rows + "×" + cols + "×" + block);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst.put((c * rows + r) * block, src, (r * cols + c) * block, block);
        }
    }
}
