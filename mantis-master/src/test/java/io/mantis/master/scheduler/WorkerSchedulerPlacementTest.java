package io.mantis.master.scheduler;

import static io.mantis.master.scheduler.SchedulerFixture.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.resources.Lease.PortRange;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerSchedulerPlacementTest {

    private final SchedulerFixture f = new SchedulerFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void agentsSharingAHostStayApart() {
        f.scheduler.addLease(f.lease("l-1", "agent-1", "127.0.0.1", "perpetual", 2));
        f.scheduler.addLease(f.lease("l-2", "agent-2", "127.0.0.1", "perpetual", 2));
        for (int i = 0; i < 4; i++) {
            f.scheduler.submit(worker("w" + i, "perpetual", 1, 0));
        }
        f.scheduler.start();

        SchedulerFixture.awaitTrue(() -> f.placements().size() == 4, "4 placements");
        for (HostAssignment a : f.assignments) {
            assertEquals(2, a.placements().size(), "two one-cpu workers per two-cpu agent: " + a);
            assertEquals(List.of("l-" + a.agentId().substring(6)), a.leaseIds(), "only the agent's own lease: " + a);
            a.placements().forEach(p -> assertEquals("127.0.0.1", p.hostname()));
        }
    }

    @Test
    void binPackingFillsOneAgentBeforeUsingAnother() {
        f.scheduler.addLease(f.lease("l-a", "agent-a", "perpetual", 4));
        f.scheduler.addLease(f.lease("l-b", "agent-b", "perpetual", 4));
        for (int i = 0; i < 4; i++) {
            f.scheduler.submit(worker("w" + i, "perpetual", 1, 0));
        }
        f.scheduler.start();

        SchedulerFixture.awaitTrue(() -> f.placements().size() == 4, "4 placements");
        Set<String> agents = f.placements().stream().map(Placement::hostname).collect(Collectors.toSet());
        assertEquals(1, agents.size(), "all four one-cpu workers on one 4-cpu agent, got " + f.placements());
        assertEquals(1, f.assignments.size());
    }

    @Test
    void poolConstraintNeverCrossesPools() {
        f.scheduler.addLease(f.lease("l-t", "transient-1", "transient", 8));
        f.scheduler.addLease(f.lease("l-p", "perpetual-1", "perpetual", 1));
        f.scheduler.submit(worker("perp", "perpetual", 2, 0));
        f.scheduler.start();

        String reason = f.awaitWaiting("perp");
        assertTrue(reason.startsWith("no perpetual agent has 2.0 cpus free"), reason);
        // The loop keeps running and the transient agent still has room: a transient worker is placed there...
        f.scheduler.submit(worker("trans", "transient", 2, 1));
        assertEquals("transient-1", f.placementOf("trans").hostname());
        // ...while the perpetual worker still waits.
        assertTrue(f.placements().stream().noneMatch(p -> p.workerId().equals("perp")), f.placements().toString());
        assertNotNull(f.pendingOf("perp"));

        // A perpetual agent with room un-parks it.
        f.scheduler.addLease(f.lease("l-p2", "perpetual-2", "perpetual", 4));
        assertEquals("perpetual-2", f.placementOf("perp").hostname());
        assertNull(f.pendingOf("perp"));
    }

    @Test
    void perpetualTierIsServedBeforeTransientWhenCapacityIsShort() {
        f.scheduler.submit(worker("late-but-tier-0", "perpetual", 2, 0));
        f.scheduler.submit(worker("tier-1", "perpetual", 2, 1));
        f.scheduler.submit(worker("tier-0", "perpetual", 2, 0));
        f.scheduler.addLease(f.lease("l-1", "agent-1", "perpetual", 4));
        f.scheduler.start();

        SchedulerFixture.awaitTrue(() -> f.placements().size() == 2, "two placements");
        Set<String> placed = f.placements().stream().map(Placement::workerId).collect(Collectors.toSet());
        assertEquals(Set.of("late-but-tier-0", "tier-0"), placed);
        assertEquals(List.of("tier-1"), f.scheduler.pendingWorkers().stream().map(PendingWorker::workerId).toList());
    }

    @Test
    void assignedPortsAreDistinctAndInsideTheLeaseRanges() {
        f.scheduler.addLease(f.lease("l-1", "agent-1", "perpetual", 4, new PortRange(31000, 31009),
                new PortRange(32000, 32001)));
        for (int i = 0; i < 4; i++) {
            f.scheduler.submit(new WorkerRequest("w" + i, "perpetual", 1, 1000, 100, 0, 3, 0));
        }
        f.scheduler.start();

        SchedulerFixture.awaitTrue(() -> f.placements().size() == 4, "4 placements");
        Set<Integer> ports = new HashSet<>();
        for (Placement p : f.placements()) {
            assertEquals(3, p.ports().size(), p.toString());
            ports.addAll(p.ports());
        }
        assertEquals(12, ports.size(), "12 distinct ports, got " + ports);
        for (int port : ports) {
            assertTrue(port >= 31000 && port <= 31009 || port >= 32000 && port <= 32001, "port " + port);
        }
    }

    @Test
    void allLeasesFenzoUsedForAHostAreInItsAssignment() {
        f.scheduler.addLease(f.lease("l-1", "agent-1", "perpetual", 1));
        f.scheduler.addLease(f.lease("l-2", "agent-1", "perpetual", 1));
        f.scheduler.addLease(f.lease("l-3", "agent-1", "perpetual", 2));
        f.scheduler.submit(worker("w", "perpetual", 1, 0));
        f.scheduler.start();

        f.placementOf("w");
        HostAssignment a = f.assignments.get(0);
        assertEquals(Set.of("l-1", "l-2", "l-3"), Set.copyOf(a.leaseIds()));
        assertEquals("agent-1", a.agentId());
        assertEquals("agent-1", a.hostname());
    }

    @Test
    void removingAPlacedWorkerFreesItsResourcesInFenzosAccounting() {
        // Fenzo bin-packs by used/(used + offered): a worker it still counted on agent-b would draw the next
        // worker there; once removed, agent-b is empty and agent-a (3 cpus, one in use) is the better fit.
        f.scheduler.addLease(f.lease("l-b1", "agent-b", "perpetual", 3));
        f.scheduler.submit(worker("big", "perpetual", 3, 0));
        f.scheduler.start();
        assertEquals("agent-b", f.placementOf("big").hostname());

        f.scheduler.remove("big");
        SchedulerFixture.awaitTrue(() -> f.usageOf("agent-b") == null, "agent-b forgotten once empty");
        f.scheduler.initializeRunning(worker("small", "perpetual", 1, 0), "agent-a", List.of());
        f.scheduler.addLease(f.lease("l-a", "agent-a", "perpetual", 3));
        f.scheduler.addLease(f.lease("l-b2", "agent-b", "perpetual", 4));
        f.scheduler.submit(worker("next", "perpetual", 1, 0));

        assertEquals("agent-a", f.placementOf("next").hostname());
    }

    @Test
    void removingAQueuedWorkerKeepsItFromBeingPlaced() {
        f.scheduler.addLease(f.lease("l-0", "agent-0", "perpetual", 0.5));
        f.scheduler.submit(worker("gone", "perpetual", 1, 0));
        f.scheduler.submit(worker("stays", "perpetual", 1, 0));
        f.scheduler.start();
        f.awaitWaiting("gone");
        f.scheduler.remove("gone");
        SchedulerFixture.awaitTrue(() -> f.pendingOf("gone") == null, "gone no longer pending");

        // Had it stayed in Fenzo's queue, the lease would have taken both in one iteration.
        f.scheduler.addLease(f.lease("l-1", "agent-1", "perpetual", 4));
        assertEquals("agent-1", f.placementOf("stays").hostname());
        assertEquals(List.of("stays"), f.placements().stream().map(Placement::workerId).toList());
    }

    @Test
    void runningWorkersAreCountedBeforeNewWorkIsPlaced() {
        // agent-b runs 3 cpus of initialized workers and offers 3 more; agent-a is empty and offers 3. Counting the
        // running worker, agent-b is fuller and wins; ignoring it, the two tie and agent-a wins by name.
        f.scheduler.initializeRunning(worker("running", "perpetual", 3, 0), "agent-b", List.of(31000));
        f.scheduler.initializeRunning(worker("full-1", "perpetual", 4, 0), "agent-c", List.of());
        f.scheduler.addLease(f.lease("l-a", "agent-a", "perpetual", 3));
        f.scheduler.addLease(f.lease("l-b", "agent-b", "perpetual", 3));
        f.scheduler.submit(worker("new", "perpetual", 1, 0));
        f.scheduler.start();

        assertEquals("agent-b", f.placementOf("new").hostname());
        SchedulerFixture.awaitTrue(() -> f.usageOf("agent-c") != null, "usage of agent-c");
        AgentUsage full = f.usageOf("agent-c");
        assertEquals(4.0, full.cpusUsed());
        assertEquals(0.0, full.cpusFree());
        assertEquals(List.of("full-1"), full.workerIds());
        assertEquals(Set.of("running", "new"), Set.copyOf(f.usageOf("agent-b").workerIds()));
    }
}
