package io.mantis.cli.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake Mesos master against a bare scheduler client and a real executor process. */
class FakeMesosMasterTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    FakeMesosMaster mesos;
    HttpServer files;
    RawScheduler scheduler;
    final java.util.Set<OfferID> had = new java.util.HashSet<>();

    @BeforeEach
    void start() throws Exception {
        mesos = FakeMesosMaster.builder(dir.resolve("mesos")).heartbeat(Duration.ofMillis(300))
                .agent(AgentSpec.of("agent-1", "perpetual", 0)).agent(AgentSpec.of("agent-2", "transient", 1)).start();
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/files/payload.txt", exchange -> {
            byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        files.start();
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        mesos.close();
        files.stop(0);
    }

    @Test
    void callsBeforeSubscribeAreForbidden() throws Exception {
        scheduler = new RawScheduler(mesos.url());
        scheduler.frameworkId = "never-subscribed";
        var reply = scheduler.call(scheduler.newCall(Call.Type.REVIVE).build(), "some-stream");
        assertEquals(403, reply.statusCode(), reply.body());
    }

    @Test
    void everyCallAfterSubscribeNeedsTheStreamIdAndFrameworkId() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        Call revive = scheduler.newCall(Call.Type.REVIVE).build();

        var none = scheduler.call(revive, null);
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("Mesos-Stream-Id"), none.body());
        assertEquals(400, scheduler.call(revive, "not-the-stream").statusCode());
        assertEquals(400, scheduler.call(revive.toBuilder().clearFrameworkId().build(), scheduler.streamId).statusCode());
        assertEquals(202, scheduler.call(revive));
    }

    @Test
    void eachAgentIsOfferedWithItsResourcesAndPoolAttribute() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        Offer one = offerOf("agent-1");
        Offer two = offerOf("agent-2");

        assertEquals("perpetual", pool(one));
        assertEquals("transient", pool(two));
        assertEquals(4.0, ResourceSet.of(one.getResourcesList()).scalar("cpus"), 1e-9);
        assertEquals(8192.0, ResourceSet.of(one.getResourcesList()).scalar("mem"), 1e-9);
        assertEquals(1000.0, ResourceSet.of(one.getResourcesList()).scalar("network"), 1e-9);
        Resource ports = one.getResourcesList().stream().filter(r -> r.getName().equals("ports")).findFirst().orElseThrow();
        assertEquals(31000, ports.getRanges().getRange(0).getBegin());
        assertEquals(31199, ports.getRanges().getRange(0).getEnd());
        assertTrue(scheduler.seen(e -> e.getType() == Event.Type.HEARTBEAT) || awaitHeartbeat());
    }

    @Test
    void acceptingAnUnknownOrUsedOfferFailsTheTasks() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        Offer offer = offerOf("agent-1");
        assertEquals(202, scheduler.call(accept(List.of("no-such-offer"), task("t-unknown", offer, 1))));
        TaskStatus lost = scheduler.awaitUpdate("t-unknown", TaskState.TASK_LOST, WAIT);
        assertEquals(TaskStatus.Reason.REASON_INVALID_OFFERS, lost.getReason());
        assertFalse(lost.hasUuid(), "the master's own updates are not to be acknowledged");

        assertEquals(202, scheduler.call(decline(offer.getId().getValue())));
        assertEquals(202, scheduler.call(accept(List.of(offer.getId().getValue()), task("t-used", offer, 1))));
        assertEquals(TaskStatus.Reason.REASON_INVALID_OFFERS,
                scheduler.awaitUpdate("t-used", TaskState.TASK_LOST, WAIT).getReason());
        assertEquals(Optional.empty(), mesos.task("t-used"), "nothing was launched");
    }

    @Test
    void partitionAwareFrameworksSeeDroppedTasksAndOversizedTasksAreRefused() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework()
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)).build());
        Offer offer = offerOf("agent-2");
        assertEquals(202, scheduler.call(accept(List.of("gone"), task("t-dropped", offer, 1))));
        scheduler.awaitUpdate("t-dropped", TaskState.TASK_DROPPED, WAIT);

        assertEquals(202, scheduler.call(accept(List.of(offer.getId().getValue()), task("t-big", offer, 64))));
        TaskStatus error = scheduler.awaitUpdate("t-big", TaskState.TASK_ERROR, WAIT);
        assertTrue(error.getMessage().contains("more resources"), error.getMessage());
    }

    @Test
    void launchedExecutorRunsWithTheAgentEnvironmentAndUpdatesWaitForAcknowledgement() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        Offer offer = offerOf("agent-1");
        assertEquals(202, scheduler.call(accept(List.of(offer.getId().getValue()), task("t-run", offer, 1))));

        TaskStatus starting = scheduler.awaitUpdate("t-run", TaskState.TASK_STARTING, WAIT);
        assertTrue(starting.hasUuid());
        FakeTask held = mesos.awaitTask("t-run", TaskState.TASK_RUNNING, WAIT);
        assertEquals(2, held.unacknowledged(), "RUNNING waits behind the unacknowledged STARTING");
        assertFalse(scheduler.seen(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING));

        assertEquals(202, scheduler.acknowledge(starting));
        TaskStatus running = scheduler.awaitUpdate("t-run", TaskState.TASK_RUNNING, WAIT);
        assertTrue(running.getMessage().contains("payload.txt"), "the URI was fetched into the sandbox: "
                + running.getMessage());
        assertTrue(running.getMessage().contains("endpoint=127.0.0.1:"), running.getMessage());
        assertTrue(running.getMessage().contains("checkpoint=0"), running.getMessage());
        Path sandbox = mesos.task("t-run").orElseThrow().sandbox();
        assertEquals("payload", Files.readString(sandbox.resolve("payload.txt")));
        FakeMesosMaster.await("the executor got ACKNOWLEDGED for STARTING", WAIT, () -> read(sandbox.resolve("acks"))
                .filter(s -> s.contains("TASK_STARTING")));

        var bogus = scheduler.call(scheduler.newCall(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(running.getAgentId()).setTaskId(running.getTaskId())
                .setUuid(Statuses.uuid())).build(), scheduler.streamId);
        assertEquals(400, bogus.statusCode(), bogus.body());
        assertEquals(202, scheduler.acknowledge(running));

        assertEquals(202, scheduler.call(reconcile()));
        TaskStatus reconciled = scheduler.awaitUpdate("t-run", TaskState.TASK_RUNNING, WAIT);
        assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, reconciled.getReason());
        assertFalse(reconciled.hasUuid());

        assertEquals(202, scheduler.call(scheduler.newCall(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(running.getTaskId()).setAgentId(running.getAgentId())).build()));
        TaskStatus killed = scheduler.awaitUpdate("t-run", TaskState.TASK_KILLED, WAIT);
        assertEquals(202, scheduler.acknowledge(killed));
        Event failure = scheduler.await("FAILURE of the executor that exited", e -> e.getType() == Event.Type.FAILURE
                && e.getFailure().hasExecutorId(), WAIT);
        assertEquals(0, failure.getFailure().getStatus(), "the executor exits cleanly after its kill is acknowledged");
    }

    @Test
    void explicitReconciliationOfUnknownTasks() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        assertEquals(202, scheduler.call(reconcile("ghost", null)));
        TaskStatus lost = scheduler.awaitUpdate("ghost", TaskState.TASK_LOST, WAIT);
        assertFalse(lost.hasUuid());
        assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, lost.getReason());
        scheduler.close();

        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework()
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)).build());
        assertEquals(202, scheduler.call(reconcile("ghost", "agent-1")));
        scheduler.awaitUpdate("ghost", TaskState.TASK_GONE, WAIT);
    }

    @Test
    void executorCrashFailsTheTaskAndTheFrameworkSurvivesADisconnect() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        String framework = scheduler.frameworkId;
        String oldStream = scheduler.streamId;
        Offer offer = offerOf("agent-2");
        assertEquals(202, scheduler.call(accept(List.of(offer.getId().getValue()), task("t-crash", offer, 1))));
        scheduler.acknowledge(scheduler.awaitUpdate("t-crash", TaskState.TASK_STARTING, WAIT));
        scheduler.acknowledge(scheduler.awaitUpdate("t-crash", TaskState.TASK_RUNNING, WAIT));

        mesos.disconnectFramework();
        FakeMesosMaster.await("the stream closed", WAIT, () -> scheduler.streamEnded() ? Optional.of(true) : Optional.empty());
        RawScheduler again = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework()
                .setId(FrameworkID.newBuilder().setValue(framework)).build());
        assertEquals(framework, again.frameworkId, "re-subscribed as the same framework");
        assertNotEquals(oldStream, again.streamId);
        assertEquals(400, again.call(again.newCall(Call.Type.REVIVE).build(), oldStream).statusCode());
        assertEquals(TaskState.TASK_RUNNING, mesos.task("t-crash").orElseThrow().state(), "the task kept running");
        scheduler = again;

        mesos.crashExecutor("t-crash");
        TaskStatus failed = scheduler.awaitUpdate("t-crash", TaskState.TASK_FAILED, WAIT);
        assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, failed.getReason());
        assertEquals("Executor terminated", failed.getMessage());
        assertTrue(failed.hasUuid(), "the agent's update is reliable and must be acknowledged");
        assertEquals(202, scheduler.acknowledge(failed));
    }

    @Test
    void rescindedOffersAndLostAgents() throws Exception {
        scheduler = new RawScheduler(mesos.url()).subscribe(RawScheduler.framework().build());
        Offer first = offerOf("agent-1");
        mesos.rescind(first.getId().getValue());
        Event rescind = scheduler.await("RESCIND", e -> e.getType() == Event.Type.RESCIND, WAIT);
        assertEquals(first.getId(), rescind.getRescind().getOfferId());
        assertEquals(202, scheduler.call(accept(List.of(first.getId().getValue()), task("t-rescinded", first, 1))));
        scheduler.awaitUpdate("t-rescinded", TaskState.TASK_LOST, WAIT);

        Offer again = offerOf("agent-1");
        assertNotEquals(first.getId(), again.getId(), "the resources come back in a new offer");
        assertEquals(202, scheduler.call(accept(List.of(again.getId().getValue()), task("t-lost", again, 1))));
        scheduler.acknowledge(scheduler.awaitUpdate("t-lost", TaskState.TASK_STARTING, WAIT));
        scheduler.acknowledge(scheduler.awaitUpdate("t-lost", TaskState.TASK_RUNNING, WAIT));
        long pid = mesos.task("t-lost").orElseThrow().executorPid();

        mesos.loseAgent("agent-1");
        TaskStatus lost = scheduler.awaitUpdate("t-lost", TaskState.TASK_LOST, WAIT);
        assertEquals(TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
        scheduler.await("FAILURE of agent-1", e -> e.getType() == Event.Type.FAILURE && !e.getFailure().hasExecutorId()
                && e.getFailure().getAgentId().getValue().equals("agent-1"), WAIT);
        FakeMesosMaster.await("the executor process gone", WAIT,
                () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty() ? Optional.of(true) : Optional.empty());
    }

    // ---- helpers

    private boolean awaitHeartbeat() {
        return scheduler.await("HEARTBEAT", e -> e.getType() == Event.Type.HEARTBEAT, WAIT) != null;
    }

    /** An offer of the agent that this test has not had before (one OFFERS event may hold several agents'). */
    private Offer offerOf(String agentId) {
        Offer offer = FakeMesosMaster.await("an offer of " + agentId, WAIT, () -> scheduler.offers().stream()
                .filter(o -> o.getAgentId().getValue().equals(agentId) && !had.contains(o.getId())).findFirst());
        had.add(offer.getId());
        return offer;
    }

    private static String pool(Offer offer) {
        return offer.getAttributesList().stream().filter(a -> a.getName().equals("pool"))
                .filter(a -> a.getType() == Value.Type.TEXT).map(a -> a.getText().getValue()).findFirst().orElse(null);
    }

    private TaskInfo task(String id, Offer offer, double cpus) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "exec '" + java + "' -Xmx32m -cp '" + System.getProperty("java.class.path") + "' "
                + TestExecutorMain.class.getName();
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId())
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", 128))
                .setExecutor(ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                        .setExecutorId(ExecutorID.newBuilder().setValue(id + "-executor"))
                        .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 64))
                        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(command)
                                .addUris(CommandInfo.URI.newBuilder().setValue("http://127.0.0.1:"
                                        + files.getAddress().getPort() + "/files/payload.txt"))))
                .build();
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private Call accept(List<String> offerIds, TaskInfo task) {
        Call.Accept.Builder accept = Call.Accept.newBuilder().addOperations(Offer.Operation.newBuilder()
                .setType(Offer.Operation.Type.LAUNCH).setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)));
        offerIds.forEach(id -> accept.addOfferIds(OfferID.newBuilder().setValue(id)));
        return scheduler.newCall(Call.Type.ACCEPT).setAccept(accept).build();
    }

    private Call decline(String offerId) {
        return scheduler.newCall(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(OfferID.newBuilder().setValue(offerId))).build();
    }

    private Call reconcile() {
        return scheduler.newCall(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()).build();
    }

    private Call reconcile(String taskId, String agentId) {
        Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (agentId != null) {
            task.setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agentId));
        }
        return scheduler.newCall(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder().addTasks(task)).build();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
