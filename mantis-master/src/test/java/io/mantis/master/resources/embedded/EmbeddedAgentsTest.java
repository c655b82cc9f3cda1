package io.mantis.master.resources.embedded;

import io.mantis.master.resources.RecordingListener;
import io.mantis.master.resources.KnownWorker;
import io.mantis.master.resources.AgentState;
import static io.mantis.master.resources.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.resources.Lease;
import io.mantis.master.resources.Lease.PortRange;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.AgentResources;
import io.mantis.protocol.KillRequest;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import io.mantis.protocol.WorkerReport.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedAgentsTest {

    private static final AgentResources RESOURCES = new AgentResources(4, 8192, 1000, 20000, 31000, 31999);
    private static final String W = "job-1-1-0-1";

    private final MutableClock clock = new MutableClock();
    private final RecordingListener listener = new RecordingListener();
    private final Map<String, KnownWorker> known = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ScheduledExecutorService timer;
    private FakeAgentServer agent;
    private EmbeddedAgents provider;

    @BeforeEach
    void setUp() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        agent = new FakeAgentServer();
        provider = newProvider("s3cret");
        provider.start(listener);
    }

    @AfterEach
    void tearDown() {
        provider.close();
        agent.close();
        timer.shutdownNow();
    }

    @Test
    void registrationOffersTheWholeAgentAsOneLease() {
        provider.onHeartbeat(heartbeat(agent.url()));

        Lease lease = listener.lease(0);
        assertEquals("a1-lease-1", lease.leaseId());
        assertEquals("a1", lease.agentId());
        assertEquals("host-1", lease.hostname());
        assertEquals(4.0, lease.cpus());
        assertEquals(8192.0, lease.memoryMB());
        assertEquals(1000.0, lease.networkMbps());
        assertEquals(20000.0, lease.diskMB());
        assertEquals(List.of(new PortRange(31000, 31999)), lease.ports());
        assertEquals(Map.of("pool", "perpetual"), lease.attributes());
        assertEquals(clock.millis(), lease.offeredAtMillis());

        clock.advance(Duration.ofSeconds(1));
        provider.onHeartbeat(heartbeat(agent.url()));
        assertEquals(1, listener.leases.size(), "a refresh offers nothing while everything is offered");
        AgentState state = provider.agents().get(0);
        assertEquals(AgentState.ACTIVE, state.state());
        assertEquals("cgroup v1", state.isolation());
        assertEquals(RESOURCES, state.total());
        assertEquals(clock.millis(), state.lastHeartbeatAt());
    }

    @Test
    void launchConsumesTheLeasePostsTheRequestAndOffersTheRest() throws Exception {
        provider.onHeartbeat(heartbeat(agent.url()));
        LaunchRequest request = launchRequest(W, 1, 1024, 31000);

        provider.launch("a1", List.of(listener.lease(0).leaseId()), List.of(request));

        FakeAgentServer.Received received = agent.next();
        assertEquals("POST", received.method());
        assertEquals("/launch", received.path());
        assertEquals("Bearer s3cret", received.authorization());
        assertEquals(request, json.readValue(received.body(), LaunchRequest.class));
        Lease rest = listener.lease(1);
        assertEquals(3.0, rest.cpus());
        assertEquals(7168.0, rest.memoryMB());
        assertEquals(900.0, rest.networkMbps());
        assertEquals(List.of(new PortRange(31003, 31999)), rest.ports());
        AgentState state = provider.agents().get(0);
        assertEquals(1.0, state.cpusUsed());
        assertEquals(1024.0, state.memoryUsedMB());
        assertEquals(List.of(W), state.workers());

        provider.onHeartbeat(heartbeat(agent.url(), new WorkerReport(W, Status.EXITED, 0, null)));

        Lease freed = listener.lease(2);
        assertEquals(1.0, freed.cpus());
        assertEquals(1024.0, freed.memoryMB());
        assertEquals(List.of(new PortRange(31000, 31002)), freed.ports());
        assertEquals(List.of(new WorkerStatus(W, "a1", State.EXITED, 0, "exited with code 0")),
                listener.statusesOf(W));
        assertEquals(List.of(), provider.agents().get(0).workers());
    }

    @Test
    void exitReachesTheListenerOnceAndIsForgottenOnlyAfterItsStageCompletes() throws Exception {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        listener.answer = s -> s.state() == State.EXITED ? stored : CompletableFuture.completedFuture(null);
        launchOne();
        WorkerReport running = new WorkerReport(W, Status.RUNNING, null, null);
        WorkerReport exited = new WorkerReport(W, Status.EXITED, 137, "memory limit of 1024 MB exceeded");

        provider.onHeartbeat(heartbeat(agent.url(), running));
        provider.onHeartbeat(heartbeat(agent.url(), running));
        AgentHeartbeatReply first = provider.onHeartbeat(heartbeat(agent.url(), exited));
        AgentHeartbeatReply second = provider.onHeartbeat(heartbeat(agent.url(), exited));

        assertEquals(List.of(new WorkerStatus(W, "a1", State.RUNNING, null, null),
                new WorkerStatus(W, "a1", State.EXITED, 137, "memory limit of 1024 MB exceeded")),
                listener.statusesOf(W));
        assertEquals(List.of(), first.forget());
        assertEquals(List.of(), second.forget());
        assertEquals(List.of(), second.kill());

        stored.complete(null);
        AgentHeartbeatReply third = provider.onHeartbeat(heartbeat(agent.url(), exited));

        assertEquals(List.of(W), third.forget());
        assertEquals(2, listener.statusesOf(W).size());
    }

    @Test
    void aStatusTheListenerFailedToStoreIsPassedOnAgainWithTheNextHeartbeat() throws Exception {
        listener.answer = s -> listener.statusesOf(W).size() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
                : CompletableFuture.completedFuture(null);
        launchOne();
        WorkerReport exited = new WorkerReport(W, Status.EXITED, 1, null);

        AgentHeartbeatReply first = provider.onHeartbeat(heartbeat(agent.url(), exited));
        AgentHeartbeatReply second = provider.onHeartbeat(heartbeat(agent.url(), exited));
        AgentHeartbeatReply third = provider.onHeartbeat(heartbeat(agent.url(), exited));

        assertEquals(2, listener.statusesOf(W).size());
        assertEquals(List.of(), first.forget());
        assertEquals(List.of(), second.forget());
        assertEquals(List.of(W), third.forget());
    }

    @Test
    void anAgentSilentPastTheTimeoutIsLostWithItsWorkersAndLeases() {
        launchOne();
        Lease rest = listener.lease(1);
        provider.onHeartbeat(heartbeat(agent.url(), new WorkerReport(W, Status.RUNNING, null, null)));

        clock.advance(Duration.ofSeconds(11));

        await(() -> !listener.agentsLost.isEmpty(), "the agent to be lost");
        assertEquals(List.of("a1: agent a1 sent no heartbeat for 11 s"), listener.agentsLost);
        assertEquals(List.of(rest.leaseId()), listener.rescinded);
        await(() -> listener.statusesOf(W).size() == 2, "worker " + W + " to be lost");
        assertEquals(new WorkerStatus(W, "a1", State.LOST, null, "agent a1 sent no heartbeat for 11 s"),
                listener.statusesOf(W).get(1));
        assertEquals(AgentState.LOST, provider.agents().get(0).state());

        AgentHeartbeatReply back = provider.onHeartbeat(
                heartbeat(agent.url(), new WorkerReport(W, Status.RUNNING, null, null)));

        assertEquals(List.of(W), back.kill(), "a worker of the lost agent is unknown now and must stop");
        Lease fresh = listener.lease(2);
        assertEquals(4.0, fresh.cpus());
        assertEquals(List.of(new PortRange(31000, 31999)), fresh.ports());
        assertEquals(AgentState.ACTIVE, provider.agents().get(0).state());
        assertEquals(2, listener.statusesOf(W).size());
    }

    @Test
    void aReleasedAgentOffersNothingMoreAndIsDroppedWithoutBeingLostOnceSilent() {
        provider.onHeartbeat(heartbeat(agent.url()));
        Lease offered = listener.lease(0);

        provider.forget("a1");

        assertEquals(List.of(offered.leaseId()), listener.rescinded, "its outstanding lease may not be used");
        assertEquals(List.of("a1"), provider.agents().stream().map(AgentState::agentId).toList(),
                "listed while it still heartbeats, so the pools show it released");
        provider.onHeartbeat(heartbeat(agent.url()));
        provider.decline(List.of(offered.leaseId()));
        clock.advance(Duration.ofSeconds(11));

        await(() -> provider.agents().isEmpty(), "the released agent to be dropped once silent");
        assertEquals(List.of(), listener.agentsLost, "a released agent that stops is not lost");
        assertEquals(1, listener.leases.size(), "nothing offered after the release: " + listener.leases);
    }

    @Test
    void aLaunchToAReleasedAgentLosesItsWorkers() {
        provider.onHeartbeat(heartbeat(agent.url()));
        String leaseId = listener.lease(0).leaseId();
        provider.forget("a1");

        provider.launch("a1", List.of(leaseId), List.of(launchRequest(W, 1, 1024, 31000)));

        WorkerStatus lost = listener.statusesOf(W).get(0);
        assertEquals(State.LOST, lost.state());
        assertEquals("agent a1 was released by its pool: it takes no new work", lost.reason());
        assertEquals(List.of(), provider.agents().get(0).workers());
    }

    @Test
    void aWorkerLaunchedJustBeforeTheReleaseIsLostWhenTheReleasedAgentStops() {
        launchOne();
        provider.forget("a1");

        clock.advance(Duration.ofSeconds(11));

        await(() -> provider.agents().isEmpty(), "the released agent to be dropped once silent");
        await(() -> listener.statusesOf(W).size() == 1, "worker " + W + " to be lost");
        assertEquals(new WorkerStatus(W, "a1", State.LOST, null,
                "agent a1 was released and stopped while worker " + W + " was placed there"),
                listener.statusesOf(W).get(0));
        assertEquals(List.of(), listener.agentsLost);
    }

    @Test
    void forgettingALostOrUnknownAgentDropsItQuietly() {
        provider.onHeartbeat(heartbeat(agent.url()));
        clock.advance(Duration.ofSeconds(11));
        await(() -> !listener.agentsLost.isEmpty(), "the agent to be lost");

        provider.forget("a1");
        provider.forget("a9");

        assertEquals(List.of(), provider.agents());
        assertEquals(1, listener.agentsLost.size());
    }

    @Test
    void launchToAnAgentThatDoesNotListenFailsAndFreesTheResources() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String deadUrl = "http://127.0.0.1:" + port;
        provider.onHeartbeat(heartbeat(deadUrl));

        provider.launch("a1", List.of(listener.lease(0).leaseId()), List.of(launchRequest(W, 1, 1024, 31000)));

        await(() -> !listener.statusesOf(W).isEmpty(), "worker " + W + " to fail");
        WorkerStatus status = listener.statusesOf(W).get(0);
        assertEquals(State.FAILED, status.state());
        assertTrue(status.reason().startsWith("agent a1 unreachable for launch at " + deadUrl + ": connection refused"),
                status.reason());
        Lease freed = listener.lease(2);
        assertEquals(1.0, freed.cpus());
        assertEquals(List.of(new PortRange(31000, 31002)), freed.ports());
        assertEquals(List.of(), provider.agents().get(0).workers());
    }

    @Test
    void launchRefusedByTheAgentFailsWithItsAnswer() {
        agent.answerWith(400, "assignment has no jobId");
        launchOne();

        await(() -> !listener.statusesOf(W).isEmpty(), "worker " + W + " to fail");
        assertEquals(new WorkerStatus(W, "a1", State.FAILED, null, "agent a1 refused launch: 400 assignment has no jobId"),
                listener.statusesOf(W).get(0));
    }

    @Test
    void workersNobodyLaunchedAreKilledUnlessTheMasterKnowsThem() {
        known.put("job-7-1-0-3", new KnownWorker(1, 1024, 100, List.of(31000, 31001, 31002)));

        AgentHeartbeatReply reply = provider.onHeartbeat(heartbeat(agent.url(),
                new WorkerReport("stray-1-1-0-1", Status.RUNNING, null, null),
                new WorkerReport("job-7-1-0-3", Status.RUNNING, null, null),
                new WorkerReport("old-1-1-0-1", Status.EXITED, 0, null)));

        assertEquals(List.of("stray-1-1-0-1"), reply.kill());
        assertEquals(List.of("old-1-1-0-1"), reply.forget());
        assertEquals(List.of(new WorkerStatus("job-7-1-0-3", "a1", State.RUNNING, null, null)), listener.statuses);
        assertEquals(List.of("job-7-1-0-3"), provider.agents().get(0).workers());
        Lease first = listener.lease(0);
        assertEquals(3.0, first.cpus(), "the adopted worker's cpu is not offered again");
        assertEquals(8192.0 - 1024, first.memoryMB());
        assertEquals(List.of(new PortRange(31003, 31999)), first.ports(), "nor are its ports");
    }

    @Test
    void aLaunchedWorkerTheAgentStopsReportingIsLostAfterThreeHeartbeats() {
        launchOne();
        provider.onHeartbeat(heartbeat(agent.url(), new WorkerReport(W, Status.STARTING, null, null)));

        provider.onHeartbeat(heartbeat(agent.url()));
        provider.onHeartbeat(heartbeat(agent.url()));
        assertEquals(1, listener.statusesOf(W).size(), "two heartbeats without it are tolerated");
        provider.onHeartbeat(heartbeat(agent.url()));

        assertEquals(new WorkerStatus(W, "a1", State.LOST, null, "agent a1 does not know worker " + W),
                listener.statusesOf(W).get(1));
        assertEquals(1.0, listener.lease(2).cpus(), "the lost worker's cpu is offered again");
    }

    @Test
    void aLaunchSpanningTwoLeasesConsumesBothAndOffersWhatIsLeft() throws Exception {
        launchOne();
        Lease rest = listener.lease(1);
        provider.onHeartbeat(heartbeat(agent.url(), new WorkerReport(W, Status.EXITED, 0, null)));
        Lease freed = listener.lease(2);

        provider.launch("a1", List.of(rest.leaseId(), freed.leaseId()), List.of(
                launchRequest("job-1-1-1-1", 2, 2048, 31500), launchRequest("job-1-1-2-1", 0.5, 512, 31600)));
        agent.next();
        agent.next();

        Lease left = listener.lease(3);
        assertEquals(1.5, left.cpus());
        assertEquals(5632.0, left.memoryMB());
        assertEquals(List.of(new PortRange(31000, 31499), new PortRange(31503, 31599), new PortRange(31603, 31999)),
                left.ports());
        assertEquals(List.of("job-1-1-1-1", "job-1-1-2-1"), provider.agents().get(0).workers());
    }

    @Test
    void aLaunchOnALeaseThatIsGoneLosesItsWorkers() {
        provider.onHeartbeat(heartbeat(agent.url()));
        Lease first = listener.lease(0);

        provider.launch("a1", List.of(first.leaseId(), "a1-lease-99"), List.of(launchRequest(W, 1, 1024, 31000)));

        WorkerStatus lost = listener.statusesOf(W).get(0);
        assertEquals(State.LOST, lost.state());
        assertEquals("leases [a1-lease-99] are no longer valid on agent a1", lost.reason());
        assertEquals(4.0, listener.lease(1).cpus(), "the valid lease's resources are offered again");
    }

    @Test
    void aDeclinedLeaseIsOfferedAgainAfterTheDelay() {
        provider.onHeartbeat(heartbeat(agent.url()));
        Lease first = listener.lease(0);

        provider.decline(List.of(first.leaseId()));

        Lease again = listener.lease(1);
        assertEquals("a1-lease-2", again.leaseId());
        assertEquals(first.cpus(), again.cpus());
        assertEquals(first.memoryMB(), again.memoryMB());
        assertEquals(first.ports(), again.ports());
    }

    @Test
    void killPostsToTheAgentAndAnUnknownAgentReportsTheWorkerLost() throws Exception {
        provider.onHeartbeat(heartbeat(agent.url()));

        provider.kill("a1", W, "killed by user");
        provider.kill("a9", "job-2-1-0-1", "killed by user");

        FakeAgentServer.Received received = agent.next();
        assertEquals("/kill", received.path());
        assertEquals("Bearer s3cret", received.authorization());
        assertEquals(new KillRequest(W, "killed by user"), json.readValue(received.body(), KillRequest.class));
        WorkerStatus lost = listener.statusesOf("job-2-1-0-1").get(0);
        assertEquals(State.LOST, lost.state());
        assertEquals("agent a9 is not registered: worker job-2-1-0-1 is gone with it", lost.reason());
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() throws Exception {
        RecordingListener other = new RecordingListener();
        try (EmbeddedAgents open = newProvider(null)) {
            open.start(other);
            open.onHeartbeat(heartbeat(agent.url()));

            open.kill("a1", W, "done");

            assertNull(agent.next().authorization());
        }
    }

    @Test
    void incompleteHeartbeatsAreRejectedNamingTheField() {
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> provider.onHeartbeat(
                new AgentHeartbeat(null, "h", "perpetual", RESOURCES, agent.url(), "none", List.of())));
        assertTrue(noId.getMessage().contains("'agentId' is missing"), noId.getMessage());
        IllegalArgumentException badPool = assertThrows(IllegalArgumentException.class, () -> provider.onHeartbeat(
                new AgentHeartbeat("a1", "h", "spot", RESOURCES, agent.url(), "none", List.of())));
        assertTrue(badPool.getMessage().contains("'pool' is 'spot'"), badPool.getMessage());
        assertTrue(badPool.getMessage().contains("perpetual or transient"), badPool.getMessage());
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class, () -> provider.onHeartbeat(
                new AgentHeartbeat("a1", "h", "transient", RESOURCES, null, "none", List.of())));
        assertTrue(noUrl.getMessage().contains("'agentUrl' is missing"), noUrl.getMessage());
        IllegalArgumentException noResources = assertThrows(IllegalArgumentException.class, () -> provider
                .onHeartbeat(new AgentHeartbeat("a1", "h", "transient", null, agent.url(), "none", List.of())));
        assertTrue(noResources.getMessage().contains("'resources' is missing"), noResources.getMessage());
        assertEquals(List.of(), provider.agents(), "nothing registers from a rejected heartbeat");
    }

    private EmbeddedAgents newProvider(String token) {
        EmbeddedAgentsConfig config = new EmbeddedAgentsConfig(Duration.ofSeconds(10), token, Duration.ofMillis(20),
                Duration.ofMillis(100), 3, Duration.ofSeconds(5));
        return new EmbeddedAgents(config, id -> Optional.ofNullable(known.get(id)), clock, timer, http);
    }

    /** Registers a1 and launches {@link #W} (1 cpu, 1024 MB, ports 31000-31002) on its first lease. */
    private void launchOne() {
        provider.onHeartbeat(heartbeat(agent.url()));
        provider.launch("a1", List.of(listener.lease(0).leaseId()), List.of(launchRequest(W, 1, 1024, 31000)));
        try {
            agent.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static AgentHeartbeat heartbeat(String url, WorkerReport... reports) {
        return new AgentHeartbeat("a1", "host-1", "perpetual", RESOURCES, url, "cgroup v1", List.of(reports));
    }

    private static LaunchRequest launchRequest(String workerId, double cpus, double memoryMB, int firstPort) {
        String assignment = "{\"jobId\":\"job-1\",\"dataPort\":" + firstPort + ",\"sinkPort\":" + (firstPort + 1)
                + ",\"adminPort\":" + (firstPort + 2) + "}";
        return new LaunchRequest(workerId, "ab12", "http://127.0.0.1:8100/api/v1/artifacts/ab12", assignment, cpus,
                memoryMB, 100, "http://127.0.0.1:8100/api/v1/workers/" + workerId + "/heartbeat", 1000, "s3cret");
    }
}
