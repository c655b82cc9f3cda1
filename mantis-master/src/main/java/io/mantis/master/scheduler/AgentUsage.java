package io.mantis.master.scheduler;

import java.util.List;

/** Resources of one agent as the scheduler accounts them: for {@code GET /api/v1/agents} and the metrics. */
public record AgentUsage(String agentId, String hostname, String pool, double cpusUsed, double cpusFree,
                         double memoryUsedMB, double memoryFreeMB, double networkUsedMbps, double networkFreeMbps,
                         List<String> workerIds) {

    public AgentUsage {
        workerIds = List.copyOf(workerIds);
    }
}
