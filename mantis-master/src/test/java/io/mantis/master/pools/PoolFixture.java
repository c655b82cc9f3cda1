package io.mantis.master.pools;

import static org.junit.jupiter.api.Assertions.fail;

import io.mantis.master.resources.AgentState;
import io.mantis.master.resources.Lease;
import io.mantis.master.scheduler.HostAssignment;
import io.mantis.master.scheduler.Placement;
import io.mantis.master.scheduler.SchedulerConfig;
import io.mantis.master.scheduler.WorkerRequest;
import io.mantis.master.scheduler.WorkerScheduler;
import io.mantis.protocol.AgentResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A real WorkerScheduler (real Fenzo, real autoscaler) with a PoolManager on its own thread, ticking every 100 ms,
 * and a scaler that records what it is asked and can react (start agents by offering their leases).
 */
final class PoolFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    record ScaleUp(String pool, int count) {
    }

    record Release(String pool, List<String> agentIds) {
    }

    /** The agents as their provider lists them: each agent that offered a lease, active. */
    final Map<String, AgentState> providerAgents = new ConcurrentHashMap<>();
    private final Map<String, Lease> offered = new ConcurrentHashMap<>();
    private final AtomicInteger leaseNumber = new AtomicInteger();
    final List<HostAssignment> assignments = new CopyOnWriteArrayList<>();
    final List<ScaleUp> scaleUps = new CopyOnWriteArrayList<>();
    final List<Release> releases = new CopyOnWriteArrayList<>();
    /** Agents the pool manager told their provider to forget, in order. */
    final List<String> forgotten = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Clock clock = Clock.systemUTC();
    final ScheduledExecutorService poolThread = Executors.newSingleThreadScheduledExecutor();
    final WorkerScheduler scheduler;
    final PoolManager pools;
    private final AtomicReference<BiConsumer<String, Integer>> onScaleUp = new AtomicReference<>((p, n) -> { });

    PoolFixture(PoolRule... rules) {
        AtomicReference<PoolManager> ref = new AtomicReference<>();
        SchedulerConfig config = SchedulerConfig.defaults()
                .withIterationInterval(Duration.ofMillis(10))
                .withLeaseOfferExpiry(Duration.ofSeconds(120))
                .withRetryWaitingAfter(Duration.ofMillis(200))
                .withPoolRules(List.of(rules));
        scheduler = new WorkerScheduler(assignments::add, this::reofferLater, new io.mantis.master.scheduler.ScaleListener() {
            @Override
            public void scaleUp(String pool, int count) {
                ref.get().scaleUp(pool, count);
            }

            @Override
            public void scaleDown(String pool, List<String> agentIds) {
                ref.get().scaleDown(pool, agentIds);
            }
        }, poolThread, clock, registry, config);
        PoolScaler scaler = new PoolScaler() {
            @Override
            public void scaleUp(String pool, int count) {
                scaleUps.add(new ScaleUp(pool, count));
                onScaleUp.get().accept(pool, count);
            }

            @Override
            public void release(String pool, List<String> agentIds) {
                releases.add(new Release(pool, agentIds));
            }
        };
        pools = new PoolManager(List.of(rules), scaler, scheduler, () -> List.copyOf(providerAgents.values()),
                forgotten::add, clock, registry, 100);
        ref.set(pools);
        poolThread.scheduleWithFixedDelay(pools::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** What the scaler does when asked for agents, on the pool thread. */
    void onScaleUp(BiConsumer<String, Integer> action) {
        onScaleUp.set(action);
    }

    /** Like a real provider, offers declined resources again a little later (a new lease for the same agent). */
    private void reofferLater(List<String> leaseIds) {
        for (String id : leaseIds) {
            Lease declined = offered.remove(id);
            if (declined != null && !poolThread.isShutdown()) {
                poolThread.schedule(() -> scheduler.addLease(lease(declined.agentId(), declined.attributes().get("pool"),
                        declined.cpus())), 200, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** An agent's lease; the agent is listed by the provider from now on. */
    Lease lease(String agent, String pool, double cpus) {
        providerAgents.putIfAbsent(agent, new AgentState(agent, "127.0.0.1", pool, AgentState.ACTIVE, "none",
                new AgentResources(cpus, cpus * 1000, cpus * 100, cpus * 1000, 0, 0), 0, 0, 0, List.of(),
                clock.millis()));
        Lease lease = new Lease("lease-" + agent + "-" + leaseNumber.incrementAndGet(), agent, "127.0.0.1", cpus,
                cpus * 1000, cpus * 100, cpus * 1000, List.of(), Map.of("pool", pool), clock.millis());
        offered.put(lease.leaseId(), lease);
        return lease;
    }

    static WorkerRequest worker(String id, String pool, double cpus) {
        return new WorkerRequest(id, pool, cpus, cpus * 1000, cpus * 100, 0, 0, "perpetual".equals(pool) ? 0 : 1);
    }

    List<Placement> placements() {
        List<Placement> all = new ArrayList<>();
        assignments.forEach(a -> all.addAll(a.placements()));
        return all;
    }

    String agentOf(String workerId) {
        return placements().stream().filter(p -> p.workerId().equals(workerId)).map(Placement::agentId)
                .findFirst().orElse(null);
    }

    List<String> released(String pool) {
        List<String> ids = new ArrayList<>();
        releases.stream().filter(r -> r.pool().equals(pool)).forEach(r -> ids.addAll(r.agentIds()));
        return ids;
    }

    int scaledUp(String pool) {
        return scaleUps.stream().filter(s -> s.pool().equals(pool)).mapToInt(ScaleUp::count).sum();
    }

    int count(String pool, AgentPoolState state) {
        return pools.pools().stream().filter(p -> p.pool().equals(pool)).findFirst().orElseThrow()
                .agents().get(state.label());
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(5); // poll interval of the deadline loop, not a wait for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        scheduler.close();
        poolThread.shutdownNow();
    }
}
