package io.mantis.master.resources.mesos;

import static io.mantis.master.resources.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mantis.master.resources.RecordingListener;
import io.mantis.master.resources.AgentState;
import io.mantis.master.resources.ProviderContext;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.store.EmbeddedZooKeeper;
import io.mantis.master.store.ZkMetadataStore;
import io.mantis.master.store.ZooKeeperConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MesosResourceProviderTest {

    @TempDir
    Path dir;

    private EmbeddedZooKeeper zk;
    private ZooKeeperConnection connection;
    private ZkMetadataStore store;
    private ScheduledExecutorService timer;
    private FakeSchedulerApi mesos;
    private final List<MesosResourceProvider> providers = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() throws Exception {
        zk = EmbeddedZooKeeper.start(dir, 0);
        connection = ZooKeeperConnection.open(zk.connectString());
        store = new ZkMetadataStore(connection.curator());
        timer = Executors.newSingleThreadScheduledExecutor();
        mesos = new FakeSchedulerApi();
    }

    @AfterEach
    void stop() {
        providers.forEach(MesosResourceProvider::close);
        mesos.close();
        timer.shutdownNow();
        store.close();
        connection.close();
        zk.close();
    }

    private MesosResourceProvider provider(String master, MesosConfig config) {
        ProviderContext context = new ProviderContext(store, URI.create("http://127.0.0.1:8100"), null,
                Clock.systemUTC(), timer, HttpClient.newHttpClient(), Duration.ofSeconds(10),
                workerId -> Optional.empty());
        MesosResourceProvider provider = new MesosResourceProvider(config, context);
        providers.add(provider);
        return provider;
    }

    private MesosResourceProvider started(MesosConfig config) {
        MesosResourceProvider provider = provider(config.master(), config);
        provider.start(listener);
        return provider;
    }

    private MesosConfig config(String master) {
        return MesosConfig.defaults(master).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .withUser("mantis-test");
    }

    private static Event offers(Offer... offers) {
        return Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addAllOffers(List.of(offers))).build();
    }

    private static Event update(String workerId, TaskState state, ByteString uuid) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(workerId))
                .setAgentId(AgentID.newBuilder().setValue("agent-1")).setState(state);
        if (uuid != null) {
            status.setUuid(uuid);
        }
        return Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    @Test
    void subscribesAsAResumableFrameworkAndReusesItsIdAfterReconnectAndRestart() {
        MesosResourceProvider first = started(config(mesos.url()));
        await(() -> mesos.subscribes.size() == 1, "the first SUBSCRIBE");
        Call subscribe = mesos.subscribes.get(0);
        FrameworkInfo info = subscribe.getSubscribe().getFrameworkInfo();
        assertFalse(subscribe.hasFrameworkId(), "a new framework has no id yet");
        assertEquals("mantis", info.getName());
        assertEquals("mantis-test", info.getUser());
        assertEquals("*", info.getRole());
        assertEquals(7 * 24 * 3600.0, info.getFailoverTimeout(), 1e-6);
        assertTrue(info.getCheckpoint());
        await(() -> store.get(Subscription.FRAMEWORK_ID_PATH).isPresent(), "the framework id stored");

        mesos.endStream();
        await(() -> mesos.subscribes.size() == 2, "a SUBSCRIBE after the stream ended");
        assertEquals("fw-1", mesos.subscribes.get(1).getFrameworkId().getValue());
        assertEquals("fw-1", mesos.subscribes.get(1).getSubscribe().getFrameworkInfo().getId().getValue());

        first.close();
        started(config(mesos.url()));
        await(() -> mesos.subscribes.size() == 3, "the restarted master's SUBSCRIBE");
        assertEquals("fw-1", mesos.subscribes.get(2).getFrameworkId().getValue());
        assertTrue(mesos.calls(Call.Type.TEARDOWN).isEmpty(), "closing must not tear the framework down");
    }

    @Test
    void reconcilesTheLiveWorkersAfterEverySubscribe() {
        listener.live = Map.of("job-1-1-0-1", "agent-1");
        started(config(mesos.url()));
        await(() -> mesos.calls(Call.Type.RECONCILE).size() >= 1, "an explicit RECONCILE");
        Call.Reconcile reconcile = mesos.calls(Call.Type.RECONCILE).get(0).getReconcile();
        assertEquals(1, reconcile.getTasksCount());
        assertEquals("job-1-1-0-1", reconcile.getTasks(0).getTaskId().getValue());
        assertEquals("agent-1", reconcile.getTasks(0).getAgentId().getValue());
        assertEquals("fw-1", mesos.calls(Call.Type.RECONCILE).get(0).getFrameworkId().getValue());
        assertEquals("stream-1", mesos.calls.get(0).streamId());

        mesos.endStream();
        await(() -> mesos.calls.stream().anyMatch(r -> r.call().getType() == Call.Type.RECONCILE
                && r.streamId().equals("stream-2")), "a RECONCILE after re-subscribing");
    }

    @Test
    void asksAgainAboutTheLiveWorkersMesosHasNotAnsweredUntilEachHasHadAnUpdate() throws Exception {
        listener.live = new TreeMap<>(Map.of("job-1-1-0-1", "agent-1", "job-1-1-1-1", "agent-2"));
        started(config(mesos.url()));
        await(() -> mesos.calls(Call.Type.RECONCILE).size() >= 1, "the explicit RECONCILE");
        assertEquals(2, mesos.calls(Call.Type.RECONCILE).get(0).getReconcile().getTasksCount());
        // Mesos answers one task (reconciliation answers carry no uuid) and stays silent about the other, as it
        // does while that task's agent is still re-registering after a master failover.
        mesos.send(update("job-1-1-0-1", TaskState.TASK_RUNNING, null));
        await(() -> mesos.calls(Call.Type.RECONCILE).stream().anyMatch(c -> c.getReconcile().getTasksList().stream()
                .map(t -> t.getTaskId().getValue() + "@" + t.getAgentId().getValue()).toList()
                .equals(List.of("job-1-1-1-1@agent-2"))), "the unanswered worker asked about again, alone");

        mesos.send(update("job-1-1-1-1", TaskState.TASK_RUNNING, null));
        await(() -> listener.statuses.size() == 2, "both answers passed on");
        // Retries are at most 200 ms apart here: once every worker is answered, several such periods stay quiet.
        Thread.sleep(500);
        int asked = mesos.calls(Call.Type.RECONCILE).size();
        Thread.sleep(1000);
        assertEquals(asked, mesos.calls(Call.Type.RECONCILE).size(), "RECONCILE sent after every task answered");
        assertTrue(mesos.calls(Call.Type.ACKNOWLEDGE).isEmpty(), "an update without a uuid was acknowledged");
    }

    @Test
    void offersBecomeLeasesAndOneAcceptTakesEveryOfferOfTheAgent() throws Exception {
        MesosResourceProvider provider = started(config(mesos.url()));
        await(() -> provider.agents().isEmpty() && mesos.subscribes.size() == 1, "subscribed");
        await(() -> {
            try {
                mesos.send(offers(MesosFixtures.offer("o-1", "agent-1", "host-1"),
                        MesosFixtures.offer("o-2", "agent-1", "host-1"),
                        MesosFixtures.offer("o-3", "agent-2", "host-2")));
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "the stream to take offers");
        await(() -> listener.leases.size() == 3, "three leases");
        assertEquals(List.of("o-1", "o-2", "o-3"), listener.leases.stream().map(l -> l.leaseId()).toList());
        assertEquals(8.0, listener.leases.get(0).cpus(), 1e-9);

        provider.launch("agent-1", List.of("o-1", "o-2"), List.of(TaskBuilderTest.request("job-1-1-0-1", 6, 31000),
                TaskBuilderTest.request("job-1-1-1-1", 6, 31003)));
        await(() -> mesos.calls(Call.Type.ACCEPT).size() == 1, "one ACCEPT");
        Call.Accept accept = mesos.calls(Call.Type.ACCEPT).get(0).getAccept();
        assertEquals(List.of("o-1", "o-2"), accept.getOfferIdsList().stream().map(OfferID::getValue).toList());
        assertEquals(1, accept.getOperationsCount());
        assertEquals(List.of("job-1-1-0-1", "job-1-1-1-1"), accept.getOperations(0).getLaunch().getTaskInfosList()
                .stream().map(t -> t.getTaskId().getValue()).toList());
        assertEquals(5.0, accept.getFilters().getRefuseSeconds(), 1e-9);
        AgentState agent = provider.agents().get(0);
        assertEquals("agent-1", agent.agentId());
        assertEquals("perpetual", agent.pool());
        assertEquals(List.of("job-1-1-0-1", "job-1-1-1-1"), agent.workers());

        mesos.send(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                .setOfferId(OfferID.newBuilder().setValue("o-3"))).build());
        await(() -> listener.rescinded.contains("o-3"), "the rescind passed on");

        provider.launch("agent-2", List.of("o-3"), List.of(TaskBuilderTest.request("job-1-1-2-1", 1, 31000)));
        await(() -> listener.statuses.size() == 1, "the launch on a rescinded offer refused");
        assertEquals(WorkerStatus.State.LOST, listener.statuses.get(0).state());
        assertTrue(listener.statuses.get(0).reason().contains("o-3"), listener.statuses.get(0).reason());

        mesos.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-1"))).build());
        await(() -> listener.agentsLost.size() == 1, "the agent loss passed on");
        assertTrue(listener.agentsLost.get(0).startsWith("agent-1: "), listener.agentsLost.toString());
        assertEquals(AgentState.LOST, provider.agents().get(0).state());
    }

    @Test
    void acknowledgesAnUpdateOnlyAfterTheListenerStoredIt() throws Exception {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        listener.answer = s -> stored;
        MesosResourceProvider provider = started(config(mesos.url()));
        await(() -> mesos.subscribes.size() == 1, "subscribed");
        await(() -> {
            try {
                mesos.send(offers(MesosFixtures.offer("o-1", "agent-1", "host-1")));
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "the stream to take offers");
        ByteString uuid = ByteString.copyFromUtf8("0123456789abcdef");
        mesos.send(update("job-1-1-0-1", TaskState.TASK_RUNNING, uuid));
        await(() -> listener.statuses.size() == 1, "the status passed on");
        assertEquals(WorkerStatus.State.RUNNING, listener.statuses.get(0).state());

        // A later call is the fence: had the update been acknowledged at once, its ACKNOWLEDGE would be in first.
        await(() -> listener.leases.size() == 1, "the lease");
        provider.decline(List.of("o-1"));
        await(() -> mesos.calls(Call.Type.DECLINE).size() == 1, "the DECLINE");
        assertTrue(mesos.calls(Call.Type.ACKNOWLEDGE).isEmpty(), "acknowledged before the state was stored");

        stored.complete(null);
        await(() -> mesos.calls(Call.Type.ACKNOWLEDGE).size() == 1, "the ACKNOWLEDGE once stored");
        Call.Acknowledge ack = mesos.calls(Call.Type.ACKNOWLEDGE).get(0).getAcknowledge();
        assertEquals("job-1-1-0-1", ack.getTaskId().getValue());
        assertEquals("agent-1", ack.getAgentId().getValue());
        assertEquals(uuid, ack.getUuid());
    }

    @Test
    void followsA307ToTheLeadingMaster() throws Exception {
        try (FakeSchedulerApi leader = new FakeSchedulerApi()) {
            mesos.redirectTo = leader.location();
            listener.live = Map.of("job-1-1-0-1", "agent-1");
            started(config(mesos.url()));
            await(() -> leader.subscribes.size() == 1, "the SUBSCRIBE at the leading master");
            await(() -> leader.calls(Call.Type.RECONCILE).size() >= 1, "calls going to the leading master");
            assertEquals(1, mesos.subscribes.size());
        }
    }

    @Test
    void followsA307AgainAfterARedirectLoopBetweenMastersEnds() throws Exception {
        try (FakeSchedulerApi other = new FakeSchedulerApi()) {
            // During an election each master names the other: the provider gives up on redirects for a while...
            mesos.redirectTo = other.location();
            other.redirectTo = mesos.location();
            started(config(mesos.url()));
            await(() -> mesos.subscribes.size() >= 4, "the loop broken off and subscribing retried");
            // ...then the other master wins; the only configured master now names it, and must be followed.
            other.redirectTo = null;
            await(() -> other.streamsOpened() > 0, "a subscription at the new leader");
        }
    }

    @Test
    void givesUpOnAMasterThatTakesTheSubscribeButNeverAnswers() throws Exception {
        // A master that accepts the connection and then says nothing (hung, or behind a black-holing proxy): the
        // heartbeat watch only starts at SUBSCRIBED, so without a deadline the provider would wait forever.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            MesosConfig base = config("http://127.0.0.1:" + silent.getLocalPort());
            started(new MesosConfig(base.master(), base.user(), base.role(), base.failoverTimeout(),
                    base.refuseSeconds(), base.reconcileInterval(), base.missedHeartbeats(), base.minBackoff(),
                    base.maxBackoff(), Duration.ofMillis(300)));
            await(() -> accepted.size() >= 2, "a new SUBSCRIBE after the silent one timed out");
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void resubscribesWhenHeartbeatsStop() throws Exception {
        mesos.heartbeatSeconds = 0.1;
        started(config(mesos.url()).withMissedHeartbeats(3));
        await(() -> mesos.subscribes.size() == 1, "subscribed");
        await(() -> {
            try {
                mesos.send(offers(MesosFixtures.offer("o-1", "agent-1", "host-1")));
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "the stream to take offers");
        await(() -> listener.leases.size() == 1, "the lease");
        // No HEARTBEAT follows: the provider must give up on this stream and subscribe again.
        await(() -> mesos.subscribes.size() == 2, "a new SUBSCRIBE after missed heartbeats");
        assertEquals("fw-1", mesos.subscribes.get(1).getFrameworkId().getValue());
        await(() -> listener.rescinded.contains("o-1"), "the old subscription's offers rescinded");
    }
}
