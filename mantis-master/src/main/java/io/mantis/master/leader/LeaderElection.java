package io.mantis.master.leader;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among masters with Curator's {@link LeaderLatch}: each member holds an ephemeral sequential znode
 * under the latch path and the lowest one leads.
 *
 * <p>Leadership is lost when the leader closes, when its session expires, and already when its connection is
 * suspended (Curator's standard error policy), so a partitioned master stops acting before a standby can take over.
 * It is regained, if still the lowest, when the connection comes back.
 *
 * <p>Thread-safe. The listener runs on a single thread owned by this election. {@link #close()} is idempotent; it
 * gives up leadership, delivers a final {@link LeadershipListener#onLeadershipLost()} if this member was leading,
 * and returns once the listener has finished (unless called from within the listener).
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private enum State { LATENT, STARTED, CLOSED }

    private final LeaderLatch latch;
    private final String memberId;
    private final ExecutorService events;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    /** Only touched on the events thread; guarantees alternation whatever Curator reports. */
    private boolean delivered;
    private volatile Thread eventThread;

    /**
     * @param curator   a started client (the election's znodes live under its namespace)
     * @param latchPath e.g. {@code /leader}
     * @param memberId  this master's id as others see it, e.g. its REST address; not blank
     * @param listener  told about changes of this member's leadership
     */
    public LeaderElection(CuratorFramework curator, String latchPath, String memberId, LeadershipListener listener) {
        Objects.requireNonNull(curator, "curator is null");
        Objects.requireNonNull(latchPath, "latchPath is null");
        Objects.requireNonNull(listener, "listener is null");
        if (memberId == null || memberId.isBlank()) {
            throw new IllegalArgumentException("memberId '" + memberId + "' is blank: give each master a unique id, "
                    + "such as its REST address");
        }
        if (!latchPath.startsWith("/") || latchPath.endsWith("/")) {
            throw new IllegalArgumentException("latchPath '" + latchPath + "' must start with '/' and not end with"
                    + " one, e.g. /leader");
        }
        this.memberId = memberId;
        this.latch = new LeaderLatch(curator, latchPath, memberId, LeaderLatch.CloseMode.NOTIFY_LEADER);
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "leader-events-" + memberId);
            t.setDaemon(true);
            eventThread = t;
            return t;
        });
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                deliver(true, listener);
            }

            @Override
            public void notLeader() {
                deliver(false, listener);
            }
        }, events);
    }

    /**
     * Joins the election; returns at once, leadership is reported to the listener.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("election of " + memberId + " is " + state.get() + "; start it once");
        }
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot join the election as " + memberId + ": " + e.getMessage(), e);
        }
        LOG.info("Joined leader election as {}", memberId);
    }

    /** Whether this member leads now, as far as its ZooKeeper connection knows. */
    public boolean isLeader() {
        return state.get() == State.STARTED && latch.hasLeadership();
    }

    /** The current leader's member id; empty when there is none or ZooKeeper cannot be asked right now. */
    public Optional<String> leaderId() {
        if (state.get() != State.STARTED) {
            return Optional.empty();
        }
        try {
            Participant leader = latch.getLeader();
            return leader.isLeader() && !leader.getId().isEmpty() ? Optional.of(leader.getId()) : Optional.empty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Cannot read the current leader for {}", memberId, e);
            return Optional.empty();
        }
    }

    public String memberId() {
        return memberId;
    }

    /** Leaves the election (see the class contract). Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        if (previous == State.STARTED) {
            try {
                latch.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Leaving the election as {} failed; the session's end will release it", memberId, e);
            }
        }
        events.shutdown();
        if (Thread.currentThread() != eventThread) {
            try {
                if (!events.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("Leadership listener of {} still busy after {} s", memberId, CLOSE_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("Left leader election as {}", memberId);
    }

    private void deliver(boolean leading, LeadershipListener listener) {
        if (leading == delivered) {
            return;
        }
        delivered = leading;
        LOG.info("{} {} leadership", memberId, leading ? "acquired" : "lost");
        try {
            if (leading) {
                listener.onLeadershipAcquired();
            } else {
                listener.onLeadershipLost();
            }
        } catch (RuntimeException e) {
            LOG.error("Leadership listener of {} failed", memberId, e);
        }
    }
}
