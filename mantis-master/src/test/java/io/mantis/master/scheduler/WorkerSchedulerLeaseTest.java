package io.mantis.master.scheduler;

import static io.mantis.master.scheduler.SchedulerFixture.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.resources.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSchedulerLeaseTest {

    @Test
    void leasesOfAnAgentThatIsGoneAreNotUsedNorDeclined() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            f.scheduler.addLease(f.lease("l-x1", "agent-x", "perpetual", 4));
            f.scheduler.addLease(f.lease("l-x2", "agent-x", "perpetual", 4));
            // Another pool's agent keeps Fenzo evaluating, so the waiting worker gets a verdict.
            f.scheduler.addLease(f.lease("l-t", "agent-t", "transient", 4));
            f.scheduler.start();
            SchedulerFixture.awaitTrue(() -> f.usageOf("agent-x") != null, "agent-x's leases held");
            assertEquals(8.0, f.usageOf("agent-x").cpusFree());

            f.scheduler.expireAllLeases("agent-x");
            // A lease still in flight when the agent is reported gone is dropped too.
            f.scheduler.addLease(f.lease("l-x3", "agent-x", "perpetual", 4));
            f.scheduler.expireAllLeases("agent-x");
            f.scheduler.submit(worker("w", "perpetual", 1, 0));

            assertEquals("no perpetual agent offers resources (1 agent of other pools)", f.awaitWaiting("w"));
            assertEquals(List.of(), f.placements());
            f.scheduler.addLease(f.lease("l-y", "agent-y", "perpetual", 4));
            assertEquals("agent-y", f.placementOf("w").hostname());
            assertEquals(List.of(), f.declined);
        }
    }

    @Test
    void aRescindedLeaseIsNotUsed() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            f.scheduler.addLease(f.lease("held", "agent-1", "perpetual", 4));
            f.scheduler.addLease(f.lease("l-t", "agent-t", "transient", 4));
            f.scheduler.start();
            SchedulerFixture.awaitTrue(() -> f.usageOf("agent-1") != null, "lease held");
            f.scheduler.rescindLease("held");
            f.scheduler.addLease(f.lease("in-flight", "agent-2", "perpetual", 4));
            f.scheduler.rescindLease("in-flight");
            f.scheduler.submit(worker("w", "perpetual", 1, 0));

            assertEquals("no perpetual agent offers resources (1 agent of other pools)", f.awaitWaiting("w"));
            f.scheduler.addLease(f.lease("fresh", "agent-3", "perpetual", 4));
            Placement p = f.placementOf("w");
            assertEquals("agent-3", p.hostname());
            assertEquals(List.of("fresh"), f.assignments.get(0).leaseIds());
        }
    }

    @Test
    void unusedLeasesAreDeclinedAfterTheirExpiry() {
        SchedulerConfig config = SchedulerConfig.defaults().withIterationInterval(Duration.ofMillis(10))
                .withLeaseOfferExpiry(Duration.ofSeconds(1));
        try (SchedulerFixture f = new SchedulerFixture(config)) {
            Lease old = new Lease("old", "agent-1-id", "agent-1", 4, 4000, 400, 0, List.of(),
                    Map.of("pool", "perpetual"), f.clock.millis() - 60_000);
            f.scheduler.addLease(old);
            f.scheduler.start();
            SchedulerFixture.awaitTrue(() -> f.declined.contains("old"), "old lease declined");
            SchedulerFixture.awaitTrue(() -> f.usageOf("agent-1") == null, "agent-1 forgotten once its lease is gone");
        }
    }

    @Test
    void aLeaseWithoutPoolIsDeclinedAtOnce() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            f.scheduler.addLease(new Lease("nopool", "a-id", "a", 4, 4000, 0, 0, List.of(), Map.of(), 0));
            f.scheduler.start();
            SchedulerFixture.awaitTrue(() -> f.declined.contains("nopool"), "lease without pool declined");
        }
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.scheduler.submit(worker("w", "perpetual", -1, 0)));
            assertTrue(e.getMessage().contains("cpus") && e.getMessage().contains("-1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> f.scheduler.submit(worker("w", "perpetual", 1, 2)));
            assertTrue(e.getMessage().contains("tier"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.scheduler.addLease(
                    f.lease("l", "a", "perpetual", 1, new Lease.PortRange(9, 3))));
            assertTrue(e.getMessage().contains("[9, 3]"), e.getMessage());
            f.scheduler.submit(worker("w", "perpetual", 1, 0));
            e = assertThrows(IllegalArgumentException.class, () -> f.scheduler.submit(worker("w", "perpetual", 1, 0)));
            assertTrue(e.getMessage().contains("already known"), e.getMessage());
        }
    }

    @Test
    void metricsShowIterationsPendingWorkersAndAgentUsage() {
        try (SchedulerFixture f = new SchedulerFixture()) {
            f.scheduler.addLease(f.lease("l-1", "agent-1", "perpetual", 4));
            f.scheduler.submit(worker("w", "perpetual", 1, 0));
            f.scheduler.submit(worker("huge", "perpetual", 64, 0));
            f.scheduler.start();
            f.placementOf("w");
            assertTrue(f.awaitWaiting("huge").startsWith("no perpetual agent has 64.0 cpus free"),
                    f.pendingOf("huge").reason());

            // Meters are published at the end of an iteration, which may still be running: await them.
            SchedulerFixture.awaitTrue(() -> f.registry.get("mantis.scheduler.pending.workers").gauge().value() == 1.0,
                    "one pending worker in the gauge");
            SchedulerFixture.awaitTrue(() -> f.registry.get("mantis.scheduler.iteration").timer().count() > 0,
                    "an iteration timed");
            f.scheduler.initializeRunning(worker("r", "perpetual", 2, 0), "agent-2", List.of());
            SchedulerFixture.awaitTrue(() -> f.registry.find("mantis.scheduler.agent.cpus.used")
                    .tag("agent", "agent-2").tag("pool", "perpetual").gauge() != null, "agent-2 gauges");
            SchedulerFixture.awaitTrue(() -> f.registry.get("mantis.scheduler.agent.cpus.used").tag("agent", "agent-2")
                    .gauge().value() == 2.0, "agent-2 using 2 cpus");
            SchedulerFixture.awaitTrue(() -> f.registry.get("mantis.scheduler.agent.cpus.used").tag("agent", "agent-1")
                    .gauge().value() == 1.0, "agent-1 using 1 cpu");
            assertNotNull(f.registry.get("mantis.scheduler.agent.leases").tag("agent", "agent-1").gauge());
        }
    }

    @Test
    void startsOnceAndClosesIdempotently() {
        SchedulerFixture f = new SchedulerFixture();
        f.scheduler.start();
        assertThrows(IllegalStateException.class, f.scheduler::start);
        f.close();
        f.close();
        assertThrows(IllegalStateException.class, () -> f.scheduler.submit(worker("w", "perpetual", 1, 0)));
        f.scheduler.addLease(f.lease("late", "a", "perpetual", 1));
        assertEquals(List.of("late"), f.declined);
    }
}
