package io.mantis.runtime.local;

import io.mantis.runtime.net.HostPort;
import io.mantis.runtime.worker.Assignment;
import io.mantis.runtime.worker.StageWorker;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link WorkerHandle} as the runner drives it. */
interface RunningWorker extends WorkerHandle {

    /** What this worker was launched with; its stage and position never change afterwards. */
    Assignment assignment();

    // Every kind of worker takes its place in the job from its assignment, so these are answered once here.

    @Override
    default int stageNumber() {
        return assignment().stageNumber();
    }

    @Override
    default int index() {
        return assignment().workerIndex();
    }

    @Override
    default int number() {
        return assignment().workerNumber();
    }

    /** The ports the worker listens on, as it reported them once started. */
    StageWorker.Endpoints endpoints();

    @Override
    default int dataPort() {
        return endpoints().dataPort();
    }

    @Override
    default int sinkPort() {
        return endpoints().sinkPort();
    }

    @Override
    default int adminPort() {
        return endpoints().adminPort();
    }

    /** Completes when the worker ended normally; fails with the worker's error otherwise. */
    CompletableFuture<Void> exit();

    /** The previous stage's workers moved: tell this worker their {@code host:port}s. */
    void setUpstreams(List<String> upstreams);

    /** {@code host:port} of this worker's data port. */
    default String dataAddress() {
        return HostPort.format("127.0.0.1", dataPort());
    }

    /** Stops the worker and releases what it holds; idempotent. */
    void stop();
}
