package io.mantis.master.resources.embedded;

import io.mantis.master.resources.Lease;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.embedded.Agent.ReportTrack;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provider tells its listener and its agents, queued under the provider's lock and sent by {@link #flush()}
 * after it is released (see {@link EffectQueue}). Every enqueueing method must be called under that lock.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Object lock;
    private final EffectQueue effects = new EffectQueue();
    private volatile ResourceListener listener;

    /** @param lock the provider's lock: taken when a tracked status's stage completes */
    Outbox(Object lock) {
        this.lock = lock;
    }

    /** Set once, before anything is enqueued. */
    void listener(ResourceListener newListener) {
        listener = newListener;
    }

    boolean hasListener() {
        return listener != null;
    }

    void lease(Lease lease) {
        log.debug("offering {}", lease);
        effects.add(() -> listener.onLease(lease));
    }

    void rescind(String leaseId) {
        effects.add(() -> listener.onLeaseRescinded(leaseId));
    }

    void agentLost(String agentId, String reason) {
        effects.add(() -> listener.onAgentLost(agentId, reason));
    }

    /** A status the provider decided itself (LOST, FAILED): passed on once; a failure to store it is logged. */
    void status(String workerId, String agentId, WorkerStatus.State state, String reason) {
        WorkerStatus status = new WorkerStatus(workerId, agentId, state, null, reason);
        log.info("worker {} on agent {}: {} ({})", workerId, agentId, state, reason);
        effects.add(() -> call(status).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("worker {}: status {} was not stored and will not be repeated", workerId, state, error);
            }
        }));
    }

    /**
     * A status an agent reported: {@code track} records whether the listener stored it. On failure {@code sent} is
     * cleared, so the next heartbeat passes the same report on again.
     */
    void reported(WorkerStatus status, ReportTrack track) {
        track.sent = status;
        track.stored = false;
        effects.add(() -> call(status).whenComplete((ok, error) -> {
            synchronized (lock) {
                if (track.sent == status) {
                    track.stored = error == null;
                    track.sent = error == null ? status : null;
                }
            }
            if (error != null) {
                log.warn("worker {}: status {} was not stored; passing it on again with the next heartbeat",
                        status.workerId(), status.state(), error);
            }
        }));
    }

    /** Any other side effect, e.g. an HTTP request; must not block. */
    void effect(Runnable effect) {
        effects.add(effect);
    }

    /** Sends what is queued; call without holding the lock. */
    void flush() {
        effects.drain();
    }

    private CompletionStage<Void> call(WorkerStatus status) {
        try {
            CompletionStage<Void> stage = listener.onWorkerStatus(status);
            return stage != null ? stage
                    : CompletableFuture.failedFuture(new IllegalStateException("listener returned no stage"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
