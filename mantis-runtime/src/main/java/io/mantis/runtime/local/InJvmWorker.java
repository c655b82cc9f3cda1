package io.mantis.runtime.local;

import io.mantis.runtime.net.HostPort;
import io.mantis.runtime.worker.Assignment;
import io.mantis.runtime.worker.StageWorker;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A worker running as threads of this JVM; its sockets are still real loopback sockets. */
final class InJvmWorker implements RunningWorker {

    private final StageWorker worker;
    private final Assignment assignment;

    private InJvmWorker(StageWorker worker, Assignment assignment) {
        this.worker = worker;
        this.assignment = assignment;
    }

    static InJvmWorker start(StageWorker worker, Assignment assignment) throws InterruptedException {
        worker.start();
        return new InJvmWorker(worker, assignment);
    }

    @Override
    public CompletableFuture<Void> exit() {
        return worker.completion();
    }

    @Override
    public void setUpstreams(List<String> upstreams) {
        worker.setUpstreams(HostPort.parseAll(upstreams, "upstreams"));
    }

    @Override
    public StageWorker.Endpoints endpoints() {
        return worker.endpoints();
    }

    @Override
    public Assignment assignment() {
        return assignment;
    }

    @Override
    public boolean isAlive() {
        return worker.state() == StageWorker.State.RUNNING;
    }

    @Override
    public void kill() {
        worker.kill();
    }

    @Override
    public void stop() {
        worker.close();
    }

    @Override
    public String toString() {
        return worker.label();
    }
}
