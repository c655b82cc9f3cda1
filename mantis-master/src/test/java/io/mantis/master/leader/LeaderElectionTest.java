package io.mantis.master.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.mantis.master.store.EmbeddedZooKeeper;
import io.mantis.master.store.ZooKeeperConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderElectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ZooKeeperConnection.Settings SETTINGS = new ZooKeeperConnection.Settings(
            Duration.ofSeconds(6), Duration.ofSeconds(1), 1, Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private EmbeddedZooKeeper zk;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Records callbacks with the thread they ran on, and fails the test on overlapping calls. */
    private static final class Recorder implements LeadershipListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean overlapped;

        @Override
        public void onLeadershipAcquired() {
            record("acquired");
        }

        @Override
        public void onLeadershipLost() {
            record("lost");
        }

        private void record(String what) {
            if (inFlight.incrementAndGet() != 1) {
                overlapped = true;
            }
            events.add(what + "@" + Thread.currentThread().getName());
            inFlight.decrementAndGet();
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no leadership callback within " + WAIT);
            return event;
        }
    }

    @BeforeEach
    void startZooKeeper() {
        zk = EmbeddedZooKeeper.start(dir, 0);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        zk.close();
    }

    private LeaderElection election(String id, LeadershipListener listener) {
        ZooKeeperConnection connection = ZooKeeperConnection.open(zk.connectString(), SETTINGS);
        toClose.add(connection);
        LeaderElection election = new LeaderElection(connection.curator(), "/leader", id, listener);
        toClose.add(election);
        return election;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void exactlyOneLeadsAndBothAgreeWhoItIs() throws InterruptedException {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        LeaderElection a = election("master-a", ra);
        LeaderElection b = election("master-b", rb);
        a.start();
        b.start();

        await("a leader", () -> a.isLeader() || b.isLeader());
        LeaderElection leader = a.isLeader() ? a : b;
        LeaderElection standby = leader == a ? b : a;
        Recorder leaderEvents = leader == a ? ra : rb;
        Recorder standbyEvents = leader == a ? rb : ra;

        assertFalse(standby.isLeader());
        assertEquals("acquired@leader-events-" + leader.memberId(), leaderEvents.next());
        assertEquals(Optional.of(leader.memberId()), leader.leaderId());
        await("the standby to see the leader", () -> standby.leaderId().equals(Optional.of(leader.memberId())));
        assertNull(standbyEvents.events.poll(300, TimeUnit.MILLISECONDS), "the standby was told it leads");
    }

    @Test
    void closingTheLeaderHandsLeadershipToTheStandby() throws InterruptedException {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        LeaderElection a = election("master-a", ra);
        a.start();
        assertEquals("acquired@leader-events-master-a", ra.next());
        LeaderElection b = election("master-b", rb);
        b.start();
        await("b to see a lead", () -> b.leaderId().equals(Optional.of("master-a")));

        a.close();
        a.close();

        assertEquals("lost@leader-events-master-a", ra.next());
        assertEquals("acquired@leader-events-master-b", rb.next());
        assertTrue(b.isLeader());
        assertFalse(a.isLeader());
        assertEquals(Optional.of("master-b"), b.leaderId());
        assertTrue(ra.events.isEmpty());
        assertFalse(ra.overlapped || rb.overlapped);
    }

    @Test
    void losingTheConnectionLosesLeadershipAndReconnectingRegainsIt() throws InterruptedException {
        Recorder ra = new Recorder();
        LeaderElection a = election("master-a", ra);
        a.start();
        assertEquals("acquired@leader-events-master-a", ra.next());
        int port = zk.port();

        zk.close();
        assertEquals("lost@leader-events-master-a", ra.next());
        assertFalse(a.isLeader());
        assertEquals(Optional.empty(), a.leaderId());

        // The same data and port, well within the 6 s session: the member gets its leadership back.
        zk = EmbeddedZooKeeper.start(dir, port);
        assertEquals("acquired@leader-events-master-a", ra.next());
        assertTrue(a.isLeader());
        assertFalse(ra.overlapped);
    }

    @Test
    void aListenerMayCloseItsOwnElection() throws InterruptedException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        LeaderElection[] self = new LeaderElection[1];
        self[0] = election("master-a", new LeadershipListener() {
            @Override
            public void onLeadershipAcquired() {
                events.add("acquired");
                self[0].close();
            }

            @Override
            public void onLeadershipLost() {
                events.add("lost");
            }
        });
        self[0].start();

        assertEquals("acquired", events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("lost", events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(self[0].isLeader());
    }

    @Test
    void rejectsBlankIdsAndDoubleStarts() {
        ZooKeeperConnection connection = ZooKeeperConnection.open(zk.connectString(), SETTINGS);
        toClose.add(connection);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LeaderElection(connection.curator(), "/leader", " ", new Recorder()));
        assertTrue(e.getMessage().contains("memberId"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LeaderElection(connection.curator(), "leader", "m", new Recorder()));

        LeaderElection election = election("master-a", new Recorder());
        election.start();
        assertThrows(IllegalStateException.class, election::start);
    }
}
