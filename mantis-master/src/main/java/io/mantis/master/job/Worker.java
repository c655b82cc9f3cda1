package io.mantis.master.job;

import io.mantis.protocol.WorkerId;
import java.util.Objects;

/**
 * One launch of one worker index of a stage. Immutable: the machine replaces a worker record on every change.
 *
 * @param workerId  {@code <jobId>-<stage>-<index>-<number>}; a replacement keeps stage and index, number + 1
 * @param attempt   how many times this index has been launched, 1 for the first
 * @param failures  failures in a row of this index before this launch (carried to replacements, reset when a
 *                  worker had been stable)
 * @param agentId   null until placed; stays set after the worker ends, so its resources can be released
 * @param dataPort  null until placed; likewise {@code sinkPort} and {@code adminPort}
 * @param retryAt   set while the worker waits out a backoff (epoch ms when it may be placed); null once its
 *                  placement has been asked for
 * @param reason    why it ended; null while live
 */
public record Worker(WorkerId workerId, WorkerState state, int attempt, int failures, String agentId, String host,
                     Integer dataPort, Integer sinkPort, Integer adminPort, Long launchedAt, Long startedAt,
                     Long endedAt, Long retryAt, String reason) {

    public Worker {
        Objects.requireNonNull(workerId, "workerId is null");
        Objects.requireNonNull(state, () -> "worker " + workerId + ": state is null");
        if (attempt < 1 || failures < 0) {
            throw new IllegalArgumentException("worker " + workerId + ": attempt must be >= 1 and failures >= 0, got "
                    + attempt + " and " + failures);
        }
    }

    /** A new worker waiting for placement: at once when {@code retryAt} is null, else after it. */
    static Worker accepted(WorkerId workerId, int attempt, int failures, Long retryAt) {
        return new Worker(workerId, WorkerState.ACCEPTED, attempt, failures, null, null, null, null, null, null, null,
                null, retryAt, null);
    }

    public int stage() {
        return workerId.stage();
    }

    public int index() {
        return workerId.index();
    }

    public int number() {
        return workerId.number();
    }

    /** True once an agent was chosen for it, so it holds (or held) resources there. */
    public boolean placed() {
        return agentId != null;
    }

    /** True until it reaches COMPLETED, FAILED, KILLED or LOST. */
    public boolean live() {
        return !state.ended();
    }

    /** True while it waits out a backoff before its placement may be asked for. */
    public boolean waitingForRetry() {
        return state == WorkerState.ACCEPTED && retryAt != null;
    }

    Worker launched(String agentId, String host, int dataPort, int sinkPort, int adminPort, long now) {
        return new Worker(workerId, WorkerState.LAUNCHED, attempt, failures, agentId, host, dataPort, sinkPort,
                adminPort, now, null, null, null, null);
    }

    Worker withState(WorkerState next) {
        return new Worker(workerId, next, attempt, failures, agentId, host, dataPort, sinkPort, adminPort,
                launchedAt, startedAt, endedAt, retryAt, reason);
    }

    Worker started(long now) {
        return new Worker(workerId, WorkerState.STARTED, attempt, failures, agentId, host, dataPort, sinkPort,
                adminPort, launchedAt, now, endedAt, null, reason);
    }

    Worker placementAsked() {
        return new Worker(workerId, state, attempt, failures, agentId, host, dataPort, sinkPort, adminPort,
                launchedAt, startedAt, endedAt, null, reason);
    }

    Worker ended(WorkerState end, String why, long now) {
        return new Worker(workerId, end, attempt, failures, agentId, host, dataPort, sinkPort, adminPort,
                launchedAt, startedAt, now, null, why);
    }

    /** The next launch of this index: number + 1, attempt + 1, not placed. */
    Worker replacement(int newFailures, Long newRetryAt) {
        return accepted(workerId.next(), attempt + 1, newFailures, newRetryAt);
    }
}
