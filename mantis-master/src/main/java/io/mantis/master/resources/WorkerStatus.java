package io.mantis.master.resources;

/**
 * A worker's state as its agent (or Mesos) reports it.
 *
 * @param exitCode process exit code for {@link State#EXITED}; null otherwise
 * @param reason   in words, kept with the worker: "exited with code 1", "memory limit of 512 MB exceeded", ...
 */
public record WorkerStatus(String workerId, String agentId, State state, Integer exitCode, String reason) {

    public enum State {
        /** The agent is preparing it (download, process start). */
        STARTING,
        /** The process runs. */
        RUNNING,
        /** The process ended with {@code exitCode}: 0 completed, otherwise failed. */
        EXITED,
        /** Ended by request. */
        KILLED,
        /** The agent could not start it, or the worker broke a limit (memory). */
        FAILED,
        /** The agent does not know it, or the agent is gone. */
        LOST
    }
}
