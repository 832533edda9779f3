package org.crossview.coarse;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moving ND4J arrays into Java and back, for the layer helpers that compute in plain loops. Both directions are one bulk
 * copy through the native buffer's NIO view: {@code DataBuffer.asFloat()} and {@code Nd4j.create(float[], …)} took about
 * twice as long on a training step's activations (5 M floats; one JVM, alternating). The helpers copy into per-thread
 * arrays ({@link #scratch}): a fresh Java array per layer and pass made ~300 MB of garbage per second of training,
 * each zeroed by the JVM before it was overwritten (JFR allocation profile of {@code bench train}).
 */
final class NdArrays {
    private NdArrays() {}

    /** The array's values in C order, copied into a new Java array. */
    static float[] floats(INDArray a) {
        return floats(a, new float[(int) a.length()]);
    }

    /**
     * The array's values in C order, copied into the first {@code a.length()} entries of {@code into} (one native copy first
     * when it is not contiguous in C order); returns {@code into}.
     */
    static float[] floats(INDArray a, float[] into) {
        if (into.length < a.length()) throw new IllegalArgumentException("into: " + into.length + " floats for " + a.length());
        if (a.dataType() != DataType.FLOAT) {
            System.arraycopy(a.dup('c').data().asFloat(), 0, into, 0, (int) a.length());
            return into;
        }
        plain(a).data().asNioFloat().get(0, into, 0, (int) a.length());
        return into;
    }

    /** {@code a} itself when its buffer holds exactly its values in C order, else a C-order copy. */
    static INDArray plain(INDArray a) {
        boolean plain = a.ordering() == 'c' && a.elementWiseStride() == 1 && a.data().length() == a.length() && a.offset() == 0;
        return plain ? a : a.dup('c');
    }

    /** A new C-order float array of {@code shape} holding the first values of {@code values} (at least as many as it has). */
    static INDArray array(float[] values, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (values.length < a.length()) throw new IllegalArgumentException("values: " + values.length + " for shape of " + a.length());
        a.data().asNioFloat().put(0, values, 0, (int) a.length());
        return a;
    }

    /**
     * Writes {@code src}, [rows, cols, block] in C order from index 0, into {@code dst} (from index 0) as [cols, rows,
     * block]: the leading two axes swapped, each block moved whole (a convolution's [N, C, P] ↔ [C, N, P]), native to
     * native when both are ND4J buffers.
     */
    static void swapBlocks(FloatBuffer src, int rows, int cols, int block, FloatBuffer dst) {
        if (src.capacity() < rows * cols * block) throw new IllegalArgumentException("src: " + src.capacity() + " floats for " + rows + "×" + cols + "×" + block);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst.put((c * rows + r) * block, src, (r * cols + c) * block, block);
        }
    }

    /**
     * A Java array of at least {@code length} floats (contents left from earlier use) owned by the calling thread, one per
     * {@code slot}: a helper gives each temporary that is alive at the same time its own slot.
     */
    static float[] scratch(Slot slot, int length) {
        float[][] mine = SCRATCH.get();
        float[] s = mine[slot.ordinal()];
        if (s.length < length) mine[slot.ordinal()] = s = new float[length];
        return s;
    }

    /** The temporaries of the layer helpers (Im2col, Im2colConvolution, BatchNormTraining). */
    enum Slot { INPUT, COLUMNS, OUTPUT, GRADIENT }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> {
        float[][] s = new float[Slot.values().length][];
        java.util.Arrays.fill(s, new float[0]);
        return s;
    });
}
