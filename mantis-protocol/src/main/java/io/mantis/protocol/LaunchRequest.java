package io.mantis.protocol;

/**
 * Sent by the master to an agent's {@code POST /launch}: start one worker. The agent downloads the job JAR from
 * {@code artifactUrl} (caching it by SHA-256), runs the worker in a cgroup limited to the given cpus and memory, and
 * answers 202 at once; progress comes back in heartbeats.
 *
 * @param workerId         {@link WorkerId} text
 * @param assignmentJson   the runtime's assignment for {@code WorkerMain}, without {@code jobJar} (the agent sets it)
 * @param heartbeatUrl     where the worker posts {@link WorkerHeartbeat}s
 * @param heartbeatMillis  how often it does
 * @param token            the API token the worker sends with its heartbeats; null when the master has none
 */
public record LaunchRequest(String workerId, String artifactSha256, String artifactUrl, String assignmentJson,
                            double cpus, double memoryMB, double networkMbps,
                            String heartbeatUrl, long heartbeatMillis, String token) {
}
