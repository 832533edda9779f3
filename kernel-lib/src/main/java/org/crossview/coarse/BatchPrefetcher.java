package org.crossview.coarse;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Makes the training batch of a coming step on a background thread while the current step runs. A batch is a
 * pure function of (seed, step), so taking it from here or making it on the spot gives the same batch: runs
 * stay reproducible and resumable. The thread is a daemon and ends when idle; nothing needs closing.
 */
final class BatchPrefetcher {
    private final IntFunction<SyntheticBatch> make;
    private final ThreadPoolExecutor executor;
    private int pendingStep = -1;
    private Future<SyntheticBatch> pending;

    /** @param make the batch of a step (thread-safe; run on the background thread) */
    BatchPrefetcher(IntFunction<SyntheticBatch> make) {
        this.make = make;
        this.executor = new ThreadPoolExecutor(0, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "coarse-batch-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts making the batch of {@code step} (replacing any other pending one). */
    synchronized void prepare(int step) {
        if (pending != null && pendingStep == step) return;
        if (pending != null) pending.cancel(false);
        pendingStep = step;
        pending = executor.submit(() -> make.apply(step));
    }

    /** Waits until the pending batch, if any, is made (a failure surfaces at {@link #take}). */
    synchronized void await() {
        if (pending == null) return;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // reported by take()
        }
    }

    /** The batch of {@code step}: the prepared one when it is that step's, else made now on this thread. */
    synchronized SyntheticBatch take(int step) {
        Future<SyntheticBatch> f = pendingStep == step ? pending : null;
        if (pending != null && f == null) pending.cancel(false);
        pending = null;
        pendingStep = -1;
        if (f == null) return make.apply(step);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("coarse training: interrupted while waiting for the batch of step " + step, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("coarse training: making the batch of step " + step + " failed", e.getCause());
        }
    }
}
