package io.mantis.master.resources;

import io.mantis.protocol.AgentResources;
import java.util.List;

/**
 * One agent (embedded, or a Mesos agent) as {@code GET /api/v1/agents} shows it.
 *
 * @param state           {@code active}, or {@code lost} once it went silent past the agent timeout
 * @param cpusUsed        sum over the workers launched there and not yet ended (likewise memory and network)
 * @param workers         ids of those workers
 * @param lastHeartbeatAt epoch milliseconds of its last heartbeat
 */
public record AgentState(String agentId, String hostname, String pool, String state, String isolation,
                         AgentResources total, double cpusUsed, double memoryUsedMB, double networkUsedMbps,
                         List<String> workers, long lastHeartbeatAt) {

    public static final String ACTIVE = "active";
    public static final String LOST = "lost";

    public AgentState {
        workers = List.copyOf(workers);
    }
}
