package io.mantis.runtime.local;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link WorkerHandle} as the runner drives it. */
interface RunningWorker extends WorkerHandle {

    /** Completes when the worker ended normally; fails with the worker's error otherwise. */
    CompletableFuture<Void> exit();

    /** The previous stage's workers moved: tell this worker their {@code host:port}s. */
    void setUpstreams(List<String> upstreams);

    /** {@code host:port} of this worker's data port. */
    default String dataAddress() {
        return "127.0.0.1:" + dataPort();
    }

    /** Stops the worker and releases what it holds; idempotent. */
    void stop();
}
