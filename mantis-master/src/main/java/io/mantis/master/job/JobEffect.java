package io.mantis.master.job;

import io.mantis.protocol.WorkerId;
import java.util.Objects;

/** What the caller must do after storing a transition's new {@link Job}, in list order. */
public sealed interface JobEffect {

    /**
     * Queue the worker for placement.
     *
     * @param pool the agent pool it must run in (a hard constraint)
     * @param tier queue tier: 0 for perpetual jobs, served before 1 for transient ones
     */
    record PlaceWorker(Worker worker, String pool, MachineSpec machine, int tier) implements JobEffect {
        public PlaceWorker {
            Objects.requireNonNull(worker, "worker is null");
            Objects.requireNonNull(pool, "pool is null");
            Objects.requireNonNull(machine, "machine is null");
        }
    }

    /** Take a worker that was queued but not placed out of the scheduler's queue; harmless if it is not there. */
    record CancelPlacement(WorkerId workerId) implements JobEffect {
    }

    /** Ask the agent running the worker to stop it. */
    record KillWorker(WorkerId workerId, String agentId, String reason) implements JobEffect {
    }

    /** The worker has ended: tell the scheduler its resources on its agent are free. */
    record ReleaseWorker(WorkerId workerId) implements JobEffect {
    }

    /** After {@code delayMillis}, feed {@link JobEvent.RetryDue} for this stage and index. */
    record ScheduleRetry(int stage, int index, long delayMillis) implements JobEffect {
    }

    /**
     * The workers of {@code stage} changed address or count: tell the next stage's workers their new upstreams and
     * the previous stage's workers the new downstream count.
     */
    record PushTopology(int stage) implements JobEffect {
    }

    /** The job ended in {@code state}. */
    record JobEnded(JobState state, String reason) implements JobEffect {
    }
}
