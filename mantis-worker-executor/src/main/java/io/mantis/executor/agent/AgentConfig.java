package io.mantis.executor.agent;

import java.nio.file.Path;

/**
 * How to run an embedded agent.
 *
 * @param masterUrl    e.g. {@code http://127.0.0.1:8100}
 * @param workDir      JAR cache, worker directories and logs
 * @param portsBegin   first port workers may use (inclusive); agents on one host need disjoint ranges
 * @param portsEnd     last port (inclusive)
 * @param apiToken     sent to the master and required from it; null when the master has none
 * @param cgroupParent cgroup name workers' cgroups are created under, e.g. {@code mantis/agent-1}
 */
public record AgentConfig(String agentId, String masterUrl, String pool, double cpus, double memoryMB,
                          double networkMbps, double diskMB, int portsBegin, int portsEnd, Path workDir,
                          String apiToken, String cgroupParent) {
}
