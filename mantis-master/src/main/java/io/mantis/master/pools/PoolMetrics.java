package io.mantis.master.pools;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mantis_pool_agents{pool,state}} (agents per pool per {@link AgentPoolState}) and
 * {@code mantis_pool_scale_actions_total{pool,action}}. Thread-safe: gauges read the latest published counts.
 */
final class PoolMetrics {

    private final MeterRegistry registry;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes one pool's counts, registering its gauges the first time the pool is seen. */
    void publish(String pool, Map<AgentPoolState, Integer> byState) {
        for (AgentPoolState state : AgentPoolState.values()) {
            String key = pool + "\u0000" + state.label();
            Integer previous = counts.put(key, byState.getOrDefault(state, 0));
            if (previous == null) {
                Gauge.builder("mantis.pool.agents", counts, m -> m.getOrDefault(key, 0))
                        .description("Agents of the pool in the state")
                        .tags("pool", pool, "state", state.label())
                        .register(registry);
            }
        }
    }

    void action(String pool, String action) {
        Counter.builder("mantis.pool.scale.actions")
                .description("Scale actions taken: scale_up, drain, release")
                .tags("pool", pool, "action", action)
                .register(registry)
                .increment();
    }
}
