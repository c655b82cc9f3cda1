package io.mantis.master.job;

/** A worker's life: {@code ACCEPTED → LAUNCHED → STARTING → STARTED → COMPLETED | FAILED | KILLED | LOST}. */
public enum WorkerState {
    /** Waiting for a backoff to pass or for the scheduler to place it. */
    ACCEPTED,
    /** Placed and sent to an agent. */
    LAUNCHED,
    /** The agent reports its process running. */
    STARTING,
    /** Its first heartbeat arrived. */
    STARTED,
    /** Exited with code 0. */
    COMPLETED,
    /** Exited non-zero, could not start, or broke its limits. */
    FAILED,
    /** Stopped on the master's request. */
    KILLED,
    /** Its agent vanished or its heartbeats stopped. */
    LOST;

    /** True for COMPLETED, FAILED, KILLED and LOST. */
    public boolean ended() {
        return ordinal() >= COMPLETED.ordinal();
    }
}
