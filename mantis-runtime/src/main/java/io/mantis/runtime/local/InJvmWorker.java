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
    private final StageWorker.Endpoints endpoints;

    private InJvmWorker(StageWorker worker, Assignment assignment, StageWorker.Endpoints endpoints) {
        this.worker = worker;
        this.assignment = assignment;
        this.endpoints = endpoints;
    }

    static InJvmWorker start(StageWorker worker, Assignment assignment) throws InterruptedException {
        return new InJvmWorker(worker, assignment, worker.start());
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
    public Assignment assignment() {
        return assignment;
    }

    @Override
    public int dataPort() {
        return endpoints.dataPort();
    }

    @Override
    public int sinkPort() {
        return endpoints.sinkPort();
    }

    @Override
    public int adminPort() {
        return endpoints.adminPort();
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
