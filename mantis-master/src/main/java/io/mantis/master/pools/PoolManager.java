package io.mantis.master.pools;

import io.mantis.master.resources.AgentState;
import io.mantis.master.scheduler.ScaleListener;
import io.mantis.master.scheduler.WorkerScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out Fenzo's scale actions within each pool's rule. Scale-down: the idle agents Fenzo names are drained
 * (disabled in the scheduler: no new work) unless that would leave fewer than {@code minSize} agents in service, and
 * each is released to the {@link PoolScaler} once nothing runs there. Scale-up: the scaler is asked for more agents,
 * never past {@code maxSize} counting those asked for and not joined yet. Pools without a rule are never touched.
 *
 * <p>Agent states come from the provider's {@code agents()} (there or lost, workers launched) and the scheduler's
 * usage (workers placed). Every action becomes a {@link ScaleEvent}, a log line and a metric.
 *
 * <p>Threading: all state is guarded by one lock; any thread may call any method. The scaler is called outside the
 * lock, from the thread that called {@link #scaleUp} or {@link #tick}.
 */
public final class PoolManager implements ScaleListener {

    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    /** Draining agents stay disabled this long; a released agent is enabled again once its provider forgets it. */
    static final Duration DRAIN_HOLD = Duration.ofDays(30);
    /**
     * An agent counts as drained only this long after it started draining: a worker placed by the iteration that ran
     * as it was disabled must show up in the scheduler's usage first.
     */
    static final Duration DRAIN_SETTLE = Duration.ofSeconds(1);
    /** Agents asked for and not joined after this long are no longer expected. */
    static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(2);

    private final Object lock = new Object();
    private final Map<String, PoolRule> rules = new TreeMap<>();
    private final PoolScaler scaler;
    private final WorkerScheduler scheduler;
    private final Supplier<List<AgentState>> providerAgents;
    private final Consumer<String> forgetAgent;
    private final Clock clock;
    private final PoolMetrics metrics;
    private final ScaleEvents events;
    // Guarded by lock.
    private final Map<String, Instant> drainingSince = new LinkedHashMap<>();
    private final Map<String, String> drainingPool = new LinkedHashMap<>();
    private final Map<String, String> releasedPool = new LinkedHashMap<>();
    private final Requests requests = new Requests();
    private final Set<String> seen = new HashSet<>();

    /**
     * @param rules          one per pool; may be empty (then nothing scales)
     * @param scaler         grows and releases agents
     * @param scheduler      where agents are disabled while they drain
     * @param providerAgents the provider's agents ({@code ResourceProvider::agents})
     * @param registry       where the pool metrics go
     * @param maxEvents      scale events kept; older ones are dropped
     */
    public PoolManager(List<PoolRule> rules, PoolScaler scaler, WorkerScheduler scheduler,
                       Supplier<List<AgentState>> providerAgents, Clock clock, MeterRegistry registry, int maxEvents) {
        this(rules, scaler, scheduler, providerAgents, agentId -> { }, clock, registry, maxEvents);
    }

    /**
     * @param forgetAgent told of each agent as it is released, before the scaler is
     *                    ({@code ResourceProvider::forget}): its provider then expects it to go, takes it no new work,
     *                    and stops listing it once it has gone
     */
    public PoolManager(List<PoolRule> rules, PoolScaler scaler, WorkerScheduler scheduler,
                       Supplier<List<AgentState>> providerAgents, Consumer<String> forgetAgent, Clock clock,
                       MeterRegistry registry, int maxEvents) {
        for (PoolRule rule : Objects.requireNonNull(rules, "rules is null")) {
            if (this.rules.put(rule.pool(), rule) != null) {
                throw new IllegalArgumentException("pool " + rule.pool() + " has two rules; give one per pool");
            }
        }
        this.scaler = Objects.requireNonNull(scaler, "scaler is null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
        this.providerAgents = Objects.requireNonNull(providerAgents, "providerAgents is null");
        this.forgetAgent = Objects.requireNonNull(forgetAgent, "forgetAgent is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.metrics = new PoolMetrics(Objects.requireNonNull(registry, "registry is null"));
        this.events = new ScaleEvents(maxEvents);
    }

    /** The pools' rules, by pool. */
    public Map<String, PoolRule> rules() {
        return Map.copyOf(rules);
    }

    @Override
    public void scaleUp(String pool, int count) {
        int ask;
        synchronized (lock) {
            PoolRule rule = rules.get(pool);
            if (rule == null || count <= 0) {
                return;
            }
            AgentCensus census = census();
            noteArrivals(census);
            int inPool = 0;
            for (AgentCensus.Member m : census.members()) {
                if (pool.equals(m.pool()) && !m.lost() && !releasedPool.containsKey(m.agentId())) {
                    inPool++;
                }
            }
            int outstanding = requests.outstanding(pool);
            ask = Math.min(count - outstanding, rule.maxSize() - inPool - outstanding);
            if (ask <= 0) {
                LOG.debug("pool {}: Fenzo asks for {} more agent(s); {} in the pool, {} requested, max size {}: "
                        + "asking for none", pool, count, inPool, outstanding, rule.maxSize());
                return;
            }
            requests.add(pool, ask, clock.instant());
            record(new ScaleEvent(clock.instant(), pool, ScaleEvent.SCALE_UP, List.of(), ask, "Fenzo asked for "
                    + count + " more; " + inPool + " in the pool, " + outstanding + " requested, max size "
                    + rule.maxSize()));
        }
        try {
            scaler.scaleUp(pool, ask);
        } catch (RuntimeException e) {
            LOG.error("pool {}: the scaler failed to add {} agent(s)", pool, ask, e);
            synchronized (lock) {
                requests.cancel(pool, ask);
            }
        }
    }

    @Override
    public void scaleDown(String pool, List<String> agentIds) {
        synchronized (lock) {
            PoolRule rule = rules.get(pool);
            AgentCensus census = census();
            List<String> drain = new ArrayList<>();
            if (rule != null) {
                int inService = 0;
                for (AgentCensus.Member m : census.members()) {
                    AgentPoolState s = state(m);
                    if (pool.equals(m.pool()) && (s == AgentPoolState.IDLE || s == AgentPoolState.ACTIVE)) {
                        inService++;
                    }
                }
                int allowed = inService - rule.minSize();
                for (String id : new TreeSet<>(agentIds)) {
                    AgentCensus.Member m = census.get(id);
                    if (drain.size() < allowed && m != null && pool.equals(m.pool())
                            && state(m) == AgentPoolState.IDLE) {
                        drain.add(id);
                    }
                }
            }
            for (String id : agentIds) {
                if (drain.contains(id)) {
                    scheduler.disableAgent(id, DRAIN_HOLD);
                    drainingSince.put(id, clock.instant());
                    drainingPool.put(id, pool);
                } else if (!drainingPool.containsKey(id) && !releasedPool.containsKey(id)) {
                    // Fenzo disabled it for the cool-down; it stays in service, so let it take work again.
                    scheduler.enableAgent(id);
                }
            }
            if (!drain.isEmpty()) {
                record(new ScaleEvent(clock.instant(), pool, ScaleEvent.DRAIN, drain, drain.size(), "more idle "
                        + "agents than max idle " + rule.maxIdle() + "; min size " + rule.minSize()));
            } else {
                LOG.debug("pool {}: Fenzo named {} to scale down; keeping them (min size or busy)", pool, agentIds);
            }
        }
    }

    /**
     * Releases drained agents, forgets released ones their provider no longer lists, and publishes the metrics. Call
     * it periodically (every second or so).
     */
    public void tick() {
        Map<String, List<String>> release = new TreeMap<>();
        synchronized (lock) {
            AgentCensus census = census();
            noteArrivals(census);
            Instant now = clock.instant();
            for (String id : new ArrayList<>(drainingPool.keySet())) {
                AgentCensus.Member m = census.get(id);
                boolean settled = !drainingSince.get(id).plus(DRAIN_SETTLE).isAfter(now);
                if (m == null || m.lost() || (!m.busy() && settled)) {
                    String pool = drainingPool.remove(id);
                    drainingSince.remove(id);
                    releasedPool.put(id, pool);
                    release.computeIfAbsent(pool, p -> new ArrayList<>()).add(id);
                }
            }
            for (String id : new ArrayList<>(releasedPool.keySet())) {
                if (census.get(id) == null && !release.getOrDefault(releasedPool.get(id), List.of()).contains(id)) {
                    releasedPool.remove(id);
                    seen.remove(id);
                    scheduler.enableAgent(id); // should an agent of that id join again, it is a new one
                }
            }
            release.forEach((pool, ids) -> record(new ScaleEvent(now, pool, ScaleEvent.RELEASE, ids, ids.size(),
                    "drained: nothing runs there")));
            publish(census);
        }
        release.forEach((pool, ids) -> {
            // The provider first: a launch racing the release then fails at once instead of reaching a stopping agent.
            for (String id : ids) {
                try {
                    forgetAgent.accept(id);
                } catch (RuntimeException e) {
                    LOG.error("pool {}: the provider failed to forget released agent {}", pool, id, e);
                }
            }
            try {
                scaler.release(pool, ids);
            } catch (RuntimeException e) {
                LOG.error("pool {}: the scaler failed to release {}; they stay disabled", pool, ids, e);
            }
        });
    }

    /** The state of one agent, or null when neither its provider nor the scheduler knows it. */
    public AgentPoolState stateOf(String agentId) {
        synchronized (lock) {
            AgentCensus.Member m = census().get(agentId);
            return m == null ? null : state(m);
        }
    }

    /** The state of every agent known to the provider or the scheduler, by agent id. */
    public Map<String, AgentPoolState> states() {
        synchronized (lock) {
            Map<String, AgentPoolState> states = new TreeMap<>();
            for (AgentCensus.Member m : census().members()) {
                states.put(m.agentId(), state(m));
            }
            return states;
        }
    }

    /** Every pool with a rule or an agent, by name. */
    public List<PoolStatus> pools() {
        synchronized (lock) {
            Map<String, Map<AgentPoolState, Integer>> counts = count(census());
            List<PoolStatus> list = new ArrayList<>();
            counts.forEach((pool, byState) -> {
                Map<String, Integer> labelled = new TreeMap<>();
                byState.forEach((s, n) -> labelled.put(s.label(), n));
                list.add(new PoolStatus(pool, rules.get(pool), labelled, requests.outstanding(pool)));
            });
            return list;
        }
    }

    /** The scale events kept, oldest first. */
    public List<ScaleEvent> events() {
        synchronized (lock) {
            return events.list();
        }
    }

    // ---- under the lock from here on ----

    private AgentCensus census() {
        return AgentCensus.of(providerAgents.get(), scheduler.usage());
    }

    private AgentPoolState state(AgentCensus.Member m) {
        if (releasedPool.containsKey(m.agentId())) {
            return AgentPoolState.RELEASED;
        }
        if (m.lost()) {
            return AgentPoolState.LOST;
        }
        if (drainingPool.containsKey(m.agentId())) {
            return AgentPoolState.DRAINING;
        }
        return m.busy() ? AgentPoolState.ACTIVE : AgentPoolState.IDLE;
    }

    /** Agents that joined since the last look satisfy the oldest requests of their pool. */
    private void noteArrivals(AgentCensus census) {
        requests.expire(clock.instant().minus(ARRIVAL_TIMEOUT));
        for (AgentCensus.Member m : census.members()) {
            if (seen.add(m.agentId()) && m.pool() != null) {
                requests.arrived(m.pool());
            }
        }
    }

    private Map<String, Map<AgentPoolState, Integer>> count(AgentCensus census) {
        Map<String, Map<AgentPoolState, Integer>> counts = new TreeMap<>();
        for (String pool : rules.keySet()) {
            counts.put(pool, emptyCounts());
        }
        for (AgentCensus.Member m : census.members()) {
            if (m.pool() != null && !m.pool().isEmpty()) {
                counts.computeIfAbsent(m.pool(), p -> emptyCounts()).merge(state(m), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Map<AgentPoolState, Integer> emptyCounts() {
        Map<AgentPoolState, Integer> m = new EnumMap<>(AgentPoolState.class);
        for (AgentPoolState s : AgentPoolState.values()) {
            m.put(s, 0);
        }
        return m;
    }

    private void publish(AgentCensus census) {
        count(census).forEach(metrics::publish);
    }

    private void record(ScaleEvent event) {
        events.add(event);
        metrics.action(event.pool(), event.action());
        LOG.info("pool {}: {} {}{} ({})", event.pool(), event.action(), event.count(),
                event.agentIds().isEmpty() ? "" : " " + event.agentIds(), event.reason());
    }
}
