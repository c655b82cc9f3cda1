package io.mantis.master.scheduler;

import static org.junit.jupiter.api.Assertions.fail;

import io.mantis.master.resources.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A real WorkerScheduler (real Fenzo) whose listener and decline consumer record what they get. */
final class SchedulerFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final List<HostAssignment> assignments = new CopyOnWriteArrayList<>();
    final List<String> declined = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Clock clock = Clock.systemUTC();
    final WorkerScheduler scheduler;

    SchedulerFixture() {
        this(SchedulerConfig.defaults().withIterationInterval(Duration.ofMillis(10)));
    }

    SchedulerFixture(SchedulerConfig config) {
        scheduler = new WorkerScheduler(assignments::add, declined::addAll, clock, registry, config);
    }

    Lease lease(String leaseId, String agent, String pool, double cpus, Lease.PortRange... ports) {
        return lease(leaseId, agent, agent, pool, cpus, ports);
    }

    Lease lease(String leaseId, String agentId, String hostname, String pool, double cpus, Lease.PortRange... ports) {
        return new Lease(leaseId, agentId, hostname, cpus, cpus * 1000, cpus * 100, cpus * 1000,
                List.of(ports), Map.of("pool", pool), clock.millis());
    }

    static WorkerRequest worker(String id, String pool, double cpus, int tier) {
        return new WorkerRequest(id, pool, cpus, cpus * 1000, cpus * 100, 0, 0, tier);
    }

    List<Placement> placements() {
        List<Placement> all = new ArrayList<>();
        assignments.forEach(a -> all.addAll(a.placements()));
        return all;
    }

    Placement placementOf(String workerId) {
        return await(() -> placements().stream().filter(p -> p.workerId().equals(workerId)).findFirst().orElse(null),
                "worker " + workerId + " placed");
    }

    PendingWorker pendingOf(String workerId) {
        return scheduler.pendingWorkers().stream().filter(p -> p.workerId().equals(workerId)).findFirst()
                .orElse(null);
    }

    /** Waits until the worker has been tried and found no room, and returns why. */
    String awaitWaiting(String workerId) {
        return await(() -> {
            PendingWorker p = pendingOf(workerId);
            return p == null || p.reason().equals(WaitReasons.notTriedYet(p.pool())) ? null : p.reason();
        }, "worker " + workerId + " tried and waiting");
    }

    AgentUsage usageOf(String hostname) {
        return scheduler.usage().stream().filter(u -> u.hostname().equals(hostname)).findFirst().orElse(null);
    }

    static <T> T await(Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(2); // poll interval of the deadline loop, not a wait for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
        return fail("timed out after " + WAIT + " waiting for " + what);
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        await(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
