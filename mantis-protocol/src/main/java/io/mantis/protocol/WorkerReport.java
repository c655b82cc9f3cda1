package io.mantis.protocol;

/**
 * One worker as its agent sees it, carried in every {@link AgentHeartbeat}. An exited worker keeps being reported
 * until the master lists it in {@link AgentHeartbeatReply#forget()}, so a report is never lost to a restart.
 *
 * @param exitCode the process exit code once {@link Status#EXITED}; null before
 * @param reason   why it ended, in words (e.g. "memory limit of 512 MB exceeded"); null while running
 */
public record WorkerReport(String workerId, Status status, Integer exitCode, String reason) {

    public enum Status {
        /** Downloading the job JAR or starting the JVM. */
        STARTING,
        /** The process is alive. */
        RUNNING,
        /** The process has ended; see exit code and reason. */
        EXITED
    }
}
