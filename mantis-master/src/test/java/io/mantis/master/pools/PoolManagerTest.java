package io.mantis.master.pools;

import static io.mantis.master.pools.PoolFixture.await;
import static io.mantis.master.pools.PoolFixture.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pools scaled by real Fenzo: the scheduler is driven with leases, the scaler records what it is asked. */
class PoolManagerTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(1);

    private PoolFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private static PoolRule rule(String pool, int minIdle, int maxIdle, int minSize, int maxSize) {
        return new PoolRule(pool, minIdle, maxIdle, COOL_DOWN, minSize, maxSize);
    }

    @Test
    void idleAgentsBeyondMaxIdleAreDrainedAndReleasedButNeverBelowMinSize() {
        f = new PoolFixture(rule("transient", 1, 1, 2, 10));
        for (int i = 1; i <= 4; i++) {
            f.scheduler.addLease(f.lease("t" + i, "transient", 4));
        }
        f.scheduler.start();

        // Four idle agents, max idle 1, but min size 2: two go, two stay.
        await(() -> f.released("transient").size() == 2, "two transient agents released, got " + f.releases);
        assertEquals(2, f.count("transient", AgentPoolState.RELEASED));
        assertEquals(2, f.count("transient", AgentPoolState.IDLE));
        List<ScaleEvent> events = f.pools.events();
        assertEquals(Set.of(ScaleEvent.DRAIN, ScaleEvent.RELEASE),
                Set.copyOf(events.stream().map(ScaleEvent::action).toList()), events.toString());
        assertEquals(2.0, f.registry.get("mantis.pool.agents").tags("pool", "transient", "state", "released")
                .gauge().value());
        assertTrue(f.registry.get("mantis.pool.scale.actions").tags("pool", "transient", "action",
                ScaleEvent.RELEASE).counter().count() >= 1);

        // Fenzo asks again (two idle, max idle 1): min size keeps both, and both take work again.
        List<String> kept = keptAgents(f.released("transient"));
        f.pools.scaleDown("transient", kept);
        assertEquals(2, f.count("transient", AgentPoolState.IDLE), f.pools.events().toString());
        for (int i = 0; i < 2; i++) {
            f.scheduler.submit(worker("w" + i, "transient", 4));
        }
        await(() -> f.placements().size() == 2, "both kept agents take a worker");
        assertEquals(Set.copyOf(kept), Set.of(f.agentOf("w0"), f.agentOf("w1")));
        assertEquals(2, f.released("transient").size(), "nothing more released: " + f.releases);
    }

    private static List<String> keptAgents(List<String> released) {
        Set<String> all = new HashSet<>(List.of("t1", "t2", "t3", "t4"));
        all.removeAll(released);
        return List.copyOf(all);
    }

    @Test
    void aDrainingAgentGetsNoNewWorkers() {
        f = new PoolFixture(rule("transient", 1, 1, 1, 1));
        f.scheduler.addLease(f.lease("t1", "transient", 4));
        f.scheduler.addLease(f.lease("t2", "transient", 4));
        f.scheduler.start();

        await(() -> f.released("transient").size() == 1, "one of two idle agents released");
        String gone = f.released("transient").get(0);
        String kept = gone.equals("t1") ? "t2" : "t1";
        // Two workers that would fill both agents: only the kept one takes work; the other waits (max size 1).
        f.scheduler.submit(worker("a", "transient", 4));
        f.scheduler.submit(worker("b", "transient", 4));
        await(() -> f.placements().size() == 1, "one worker placed");
        await(() -> f.scheduler.pendingWorkers().size() == 1
                && !f.scheduler.pendingWorkers().get(0).reason().startsWith("not tried"), "the other tried and waiting");
        assertEquals(kept, f.placements().get(0).agentId());
        assertEquals(AgentPoolState.ACTIVE, f.pools.stateOf(kept));
        assertEquals(AgentPoolState.RELEASED, f.pools.stateOf(gone));
        assertEquals(0, f.scaledUp("transient"), "max size 1 already reached: " + f.scaleUps);
    }

    @Test
    void aReleasedAgentIsForgottenByItsProviderAndLeavesThePoolOnceTheProviderDropsIt() {
        f = new PoolFixture(rule("transient", 1, 1, 0, 10));
        f.scheduler.addLease(f.lease("t1", "transient", 4));
        f.scheduler.addLease(f.lease("t2", "transient", 4));
        f.scheduler.start();

        await(() -> f.released("transient").size() == 1, "one of two idle agents released");
        String gone = f.released("transient").get(0);
        await(() -> f.forgotten.contains(gone), "the provider told to forget " + gone);
        assertEquals(List.of(gone), f.forgotten, "only the released agent is forgotten, once");
        assertEquals(AgentPoolState.RELEASED, f.pools.stateOf(gone), "shown released while its provider lists it");

        // The provider drops it (the embedded agents do once it falls silent) and its leases go with it.
        f.providerAgents.remove(gone);
        f.scheduler.expireAllLeases(gone);

        await(() -> f.pools.stateOf(gone) == null, "the released agent no longer known to the pools");
        assertEquals(0, f.count("transient", AgentPoolState.RELEASED));
        assertEquals(1, f.count("transient", AgentPoolState.IDLE));
        assertEquals(List.of(gone), f.forgotten);
    }

    @Test
    void aPoolGrowsWhenItsWorkersCannotBePlacedButNeverAboveMaxSize() {
        f = new PoolFixture(rule("transient", 1, 1, 0, 3));
        AtomicInteger started = new AtomicInteger();
        // The scaler starts the agents it is asked for: they join by offering resources.
        f.onScaleUp((pool, count) -> {
            for (int i = 0; i < count; i++) {
                f.scheduler.addLease(f.lease("new-" + started.incrementAndGet(), pool, 2));
            }
        });
        f.scheduler.addLease(f.lease("t1", "transient", 2));
        for (int i = 0; i < 5; i++) {
            f.scheduler.submit(worker("w" + i, "transient", 2));
        }
        f.scheduler.start();

        await(() -> f.placements().size() == 3, "three workers placed on three agents, got " + f.placements());
        assertEquals(2, f.scaledUp("transient"), "grown from 1 to max size 3: " + f.scaleUps);
        assertEquals(3, f.count("transient", AgentPoolState.ACTIVE));
        assertEquals(2, f.scheduler.pendingWorkers().size(), "two workers still wait: the pool is at max size");
        // Fenzo keeps asking while they wait: nothing more is asked of the scaler.
        f.pools.scaleUp("transient", 2);
        assertEquals(2, f.scaledUp("transient"), f.scaleUps.toString());
        assertTrue(f.pools.events().stream().anyMatch(e -> e.action().equals(ScaleEvent.SCALE_UP)));
    }

    @Test
    void aWaitingPerpetualWorkerNeitherGrowsTheTransientPoolNorBlocksItsScaleDown() {
        f = new PoolFixture(rule("perpetual", 1, 1, 0, 2), rule("transient", 1, 1, 1, 10));
        f.scheduler.addLease(f.lease("p1", "perpetual", 2));
        for (int i = 1; i <= 3; i++) {
            f.scheduler.addLease(f.lease("t" + i, "transient", 4));
        }
        // Fits no perpetual agent; would fit a transient one, where the pool constraint keeps it out.
        f.scheduler.submit(worker("perp", "perpetual", 3));
        f.scheduler.start();

        await(() -> f.released("transient").size() == 2, "two idle transient agents released, got " + f.releases);
        await(() -> f.scaledUp("perpetual") >= 1, "the perpetual pool asked to grow, got " + f.scaleUps);
        assertEquals(0, f.scaledUp("transient"), "the transient pool never grows: " + f.scaleUps);
        assertNull(f.agentOf("perp"), "the perpetual worker never lands on a transient agent");
        assertFalse(f.scheduler.pendingWorkers().isEmpty());
    }
}
