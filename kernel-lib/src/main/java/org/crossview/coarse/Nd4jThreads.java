package org.crossview.coarse;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's native threads (OpenMP ops and BLAS). On a small, shared CPU the small convolutions of a
 * tutorial-size network run faster on one thread: OpenMP workers spin while waiting for a core, and the
 * renderer (plain Java threads) wants the cores anyway. On a GPU box leave the default.
 */
public final class Nd4jThreads {
    private Nd4jThreads() {}

    public static void limit(int threads) {
        if (threads < 1) throw new IllegalArgumentException("--nd4j-threads: must be ≥ 1, got " + threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
