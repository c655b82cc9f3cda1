package io.mantis.master.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The scheduler's meters: {@code mantis_scheduler_iteration_seconds}, {@code mantis_scheduler_pending_workers}, and
 * per agent (tags {@code agent}, {@code pool}) the leases held and the cpus, memory and network used and free.
 * Agent gauges read the latest published usage; an agent that leaves the ledger loses its gauges.
 *
 * <p>{@link #publish} is called by the scheduler's thread only; gauges are read by any scraping thread.
 */
final class SchedulerMetrics {

    private final MeterRegistry registry;
    private final Timer iteration;
    private final Map<String, AgentLedger.AgentState> current = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> agentMeters = new HashMap<>();

    SchedulerMetrics(MeterRegistry registry, IntSupplier pendingWorkers) {
        this.registry = registry;
        this.iteration = Timer.builder("mantis.scheduler.iteration")
                .description("One Fenzo scheduling iteration, with the scheduler's own bookkeeping")
                .register(registry);
        // Micrometer holds a gauge's object weakly: a method reference nobody else keeps would be collected.
        Gauge.builder("mantis.scheduler.pending.workers", pendingWorkers, s -> s.getAsInt())
                .strongReference(true)
                .description("Workers submitted and not placed yet")
                .register(registry);
    }

    void recordIteration(Duration took) {
        iteration.record(took);
    }

    void publish(List<AgentLedger.AgentState> states) {
        Map<String, AgentLedger.AgentState> next = new HashMap<>();
        for (AgentLedger.AgentState s : states) {
            next.put(key(s), s);
        }
        for (String gone : new ArrayList<>(agentMeters.keySet())) {
            if (!next.containsKey(gone)) {
                agentMeters.remove(gone).forEach(registry::remove);
                current.remove(gone);
            }
        }
        current.putAll(next);
        for (Map.Entry<String, AgentLedger.AgentState> e : next.entrySet()) {
            if (!agentMeters.containsKey(e.getKey())) {
                agentMeters.put(e.getKey(), register(e.getKey(), e.getValue().usage()));
            }
        }
    }

    private List<Meter> register(String key, AgentUsage usage) {
        Tags tags = Tags.of("agent", usage.agentId(), "pool", usage.pool());
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("mantis.scheduler.agent.leases", "Leases Fenzo holds for the agent", key, tags,
                s -> s.leases()));
        meters.add(gauge("mantis.scheduler.agent.cpus.used", "Cpus of the workers placed on the agent", key, tags,
                s -> s.usage().cpusUsed()));
        meters.add(gauge("mantis.scheduler.agent.cpus.free", "Cpus the agent offers and nothing uses yet", key, tags,
                s -> s.usage().cpusFree()));
        meters.add(gauge("mantis.scheduler.agent.memory.used.mb", "Memory of the workers placed on the agent", key,
                tags, s -> s.usage().memoryUsedMB()));
        meters.add(gauge("mantis.scheduler.agent.memory.free.mb", "Memory the agent offers and nothing uses yet", key,
                tags, s -> s.usage().memoryFreeMB()));
        meters.add(gauge("mantis.scheduler.agent.network.used.mbps", "Network of the workers placed on the agent", key,
                tags, s -> s.usage().networkUsedMbps()));
        meters.add(gauge("mantis.scheduler.agent.network.free.mbps", "Network the agent offers and nothing uses yet",
                key, tags, s -> s.usage().networkFreeMbps()));
        return meters;
    }

    private Gauge gauge(String name, String description, String key, Tags tags,
                        ToDoubleFunction<AgentLedger.AgentState> value) {
        return Gauge.builder(name, current, m -> {
            AgentLedger.AgentState s = m.get(key);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(description).tags(tags).register(registry);
    }

    private static String key(AgentLedger.AgentState s) {
        return s.usage().agentId() + "\u0000" + s.usage().pool();
    }
}
