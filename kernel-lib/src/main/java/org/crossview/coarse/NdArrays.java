package org.crossview.coarse;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Moving small ND4J arrays into Java, for the layer helpers that compute in plain loops. */
final class NdArrays {
    private NdArrays() {}

    /** The array's values in C order, copied into Java (one native copy when the array is contiguous in C order). */
    static float[] floats(INDArray a) {
        boolean plain = a.ordering() == 'c' && a.elementWiseStride() == 1 && a.data().length() == a.length();
        return (plain ? a : a.dup('c')).data().asFloat();
    }
}
