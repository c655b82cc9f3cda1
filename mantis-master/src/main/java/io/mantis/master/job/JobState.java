package io.mantis.master.job;

/**
 * A job's life: {@code ACCEPTED → LAUNCHED → RUNNING → COMPLETED | FAILED | KILLED}. The machine only moves a job
 * forward through the first three; replacing a worker never sends a job back.
 */
public enum JobState {
    /** Submitted; some worker has not been placed yet. */
    ACCEPTED,
    /** Every worker has been placed on an agent at least once. */
    LAUNCHED,
    /** Every worker has sent its first heartbeat at least once. */
    RUNNING,
    /** Every worker exited with code 0, or the job expired (a transient job nobody watched, or a runtime limit). */
    COMPLETED,
    /** A worker index failed too often in a row. */
    FAILED,
    /** Killed on request. */
    KILLED;

    /** True for COMPLETED, FAILED and KILLED: nothing changes a job in these states. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == KILLED;
    }
}
