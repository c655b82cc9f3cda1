package io.mantis.master.job;

import io.mantis.protocol.WorkerId;
import java.util.Objects;

/**
 * What can happen to a job. Reports about workers arrive at least once and possibly late: the machine ignores those
 * naming a worker that is not the current, live one of its index.
 */
public sealed interface JobEvent {

    /** The job was submitted; see {@link JobMachine#submit}. */
    record Submitted(JobSpec spec) implements JobEvent {
        public Submitted {
            Objects.requireNonNull(spec, "spec is null");
        }
    }

    /** The scheduler put the worker on an agent and reserved its ports. */
    record Placed(WorkerId workerId, String agentId, String host, int dataPort, int sinkPort, int adminPort)
            implements JobEvent {
        public Placed {
            Objects.requireNonNull(workerId, "workerId is null");
            Objects.requireNonNull(agentId, () -> "worker " + workerId + ": agentId is null");
            Objects.requireNonNull(host, () -> "worker " + workerId + ": host is null");
        }
    }

    /** The agent reports the worker's process running. */
    record Running(WorkerId workerId) implements JobEvent {
        public Running {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** A heartbeat from the worker; the first one marks it STARTED. */
    record Heartbeat(WorkerId workerId) implements JobEvent {
        public Heartbeat {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** The worker's process exited; code 0 means it finished its work. {@code reason} may be null. */
    record Exited(WorkerId workerId, int exitCode, String reason) implements JobEvent {
        public Exited {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** The worker could not start, or broke its limits. */
    record Failed(WorkerId workerId, String reason) implements JobEvent {
        public Failed {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** The worker's agent vanished, or its heartbeats stopped. */
    record Lost(WorkerId workerId, String reason) implements JobEvent {
        public Lost {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** Someone asked to kill the job; {@code reason} may be null. */
    record KillRequested(String reason) implements JobEvent {
    }

    /** The agent reports the worker stopped by a kill. */
    record Killed(WorkerId workerId) implements JobEvent {
        public Killed {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** Someone asked to run {@code workers} workers in {@code stage}. */
    record ScaleRequested(int stage, int workers) implements JobEvent {
    }

    /** Someone asked to replace a worker now. */
    record ResubmitRequested(WorkerId workerId) implements JobEvent {
        public ResubmitRequested {
            Objects.requireNonNull(workerId, "workerId is null");
        }
    }

    /** The backoff asked for by {@link JobEffect.ScheduleRetry} has passed. */
    record RetryDue(int stage, int index) implements JobEvent {
    }

    /**
     * The job has run its course: no client subscribed for its subscription timeout, or its runtime limit passed.
     * The master's watch decides this (see {@code SubscriptionWatch}); the machine ends the job COMPLETED with
     * {@code reason}.
     */
    record Expired(String reason) implements JobEvent {
        public Expired {
            Objects.requireNonNull(reason, "reason is null");
        }
    }
}
