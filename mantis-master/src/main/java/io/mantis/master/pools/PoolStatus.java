package io.mantis.master.pools;

import java.util.Map;

/**
 * One pool as {@code GET /api/v1/pools} shows it.
 *
 * @param rule      its autoscale rule, or null when it has none (then it never scales)
 * @param agents    agents by {@link AgentPoolState#label()}, every state present (zero when none)
 * @param requested agents asked of the scaler that have not joined yet
 */
public record PoolStatus(String pool, PoolRule rule, Map<String, Integer> agents, int requested) {

    public PoolStatus {
        agents = Map.copyOf(agents);
    }
}
