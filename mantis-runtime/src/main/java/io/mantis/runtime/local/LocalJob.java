package io.mantis.runtime.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** A job started by {@link LocalJobRunner}. {@link #close()} stops every worker it started. */
public final class LocalJob implements AutoCloseable {

    public String jobId() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The workers of stage {@code stageNumber} (1-based), by index. */
    public List<WorkerHandle> workers(int stageNumber) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Completes when every worker ended normally; fails with {@link JobFailedException} when one failed. */
    public CompletableFuture<Void> completion() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Waits for {@link #completion()}. */
    public void awaitCompletion(Duration timeout) throws JobFailedException, TimeoutException, InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Stops worker {@code index} of stage {@code stageNumber} and starts its replacement (same index, next
     * number); the next stage's workers are told the new address.
     */
    public WorkerHandle replaceWorker(int stageNumber, int index) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
