package io.mantis.cli.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.master.Master;
import io.mantis.master.MasterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real master as a Mesos framework against {@link FakeMesosMaster}: workers run as Mesos tasks under the real
 * custom executor (the shaded mantis-worker-executor JAR, fetched from the master), and the framework survives a
 * disconnect, its own restart, rescinded offers, a lost agent and an executor crash.
 */
class MesosEndToEndIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    static FakeMesosMaster mesos;
    static MasterConfig config;
    static Master master;
    static MantisRest api;
    static String sineWave;

    @BeforeAll
    static void start() throws Exception {
        mesos = FakeMesosMaster.builder(dir.resolve("mesos")).heartbeat(Duration.ofSeconds(1))
                .agent(AgentSpec.of("perpetual-1", "perpetual", 0)).agent(AgentSpec.of("perpetual-2", "perpetual", 1))
                .agent(AgentSpec.of("perpetual-3", "perpetual", 2)).agent(AgentSpec.of("transient-1", "transient", 3))
                .start();
        config = MesosMasters.config(dir.resolve("master"), mesos.url().toString());
        master = Master.start(config);
        // A restarted master must come back where its workers send heartbeats.
        config = config.withPort(master.url().getPort());
        api = new MantisRest(master.url());
        sineWave = api.upload("sine-wave");
    }

    @AfterAll
    static void stop() {
        if (master != null) {
            master.close();
        }
        if (mesos != null) {
            mesos.close();
        }
    }

    @Test
    void workersRunAsMesosTasksUnderTheCustomExecutorAndAreKilledThroughMesos() throws Exception {
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-path");
        String framework = onlyFramework();
        Call subscribe = mesos.calls(Call.Type.SUBSCRIBE).get(0);
        assertTrue(subscribe.getSubscribe().getFrameworkInfo().getFailoverTimeout() > 0,
                "a failover timeout, so a master restart does not kill the tasks");
        assertFalse(mesos.calls(Call.Type.ACCEPT).isEmpty());

        for (JsonNode w : MantisRest.live(job)) {
            String taskId = w.path("workerId").asText();
            FakeTask task = mesos.awaitTask(taskId, TaskState.TASK_RUNNING, WAIT);
            assertEquals(framework, task.frameworkId());
            assertEquals(w.path("agentId").asText(), task.agentId());
            FakeMesosMaster.await("updates of " + taskId + " acknowledged", WAIT,
                    () -> mesos.task(taskId).filter(t -> t.unacknowledged() == 0));
            assertTrue(mesos.executorCalls().stream().anyMatch(c -> c.getExecutorId().getValue()
                    .equals(task.executorId()) && c.getType() == org.apache.mesos.v1.executor.Protos.Call.Type.SUBSCRIBE),
                    "the executor of " + taskId + " subscribed to its agent");
        }

        JsonNode ended = MesosScenario.killAndAwaitEnd(api, job.path("id").asText());
        for (JsonNode w : ended.path("workers")) {
            String taskId = w.path("workerId").asText();
            // The job ends in the master's records first; the KILL call to Mesos follows asynchronously.
            mesos.awaitCall(Call.Type.KILL, c -> c.getKill().getTaskId().getValue().equals(taskId), WAIT);
            mesos.awaitTask(taskId, TaskState.TASK_KILLED, WAIT);
        }
    }

    @Test
    void aDisconnectedFrameworkResubscribesWithItsIdAndLeavesTasksRunning() throws Exception {
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-disconnect");
        String id = job.path("id").asText();
        String framework = onlyFramework();
        int subscribes = mesos.calls(Call.Type.SUBSCRIBE).size();

        mesos.disconnectFramework();
        Call again = FakeMesosMaster.await("a new SUBSCRIBE", WAIT, () -> mesos.calls(Call.Type.SUBSCRIBE).stream()
                .skip(subscribes).findFirst());
        assertEquals(framework, again.getFrameworkId().getValue(), "re-subscribed with the stored framework id");
        assertEquals(framework, again.getSubscribe().getFrameworkInfo().getId().getValue());
        FakeMesosMaster.await("framework " + framework + " connected again", WAIT,
                () -> mesos.connectedFrameworks().equals(List.of(framework)) ? Optional.of(true) : Optional.empty());
        mesos.awaitCall(Call.Type.RECONCILE, c -> true, WAIT);

        JsonNode after = api.awaitRunning(id);
        for (JsonNode w : MantisRest.live(after)) {
            assertEquals(1, w.path("number").asInt(), "the same workers, not replacements: " + w);
            assertEquals(TaskState.TASK_RUNNING, mesos.task(w.path("workerId").asText()).orElseThrow().state());
        }
        MantisRest.firstSinkEvent(after, Duration.ofSeconds(30));
        MesosScenario.killAndAwaitEnd(api, id);
    }

    @Test
    void aRescindedOfferIsNeverAccepted() throws Exception {
        Set<OfferID> rescinded = new HashSet<>();
        for (var offer : mesos.awaitOffers(o -> true, WAIT)) {
            try {
                mesos.rescind(offer.getId().getValue());
                rescinded.add(offer.getId());
            } catch (IllegalArgumentException e) {
                // the master used or declined it first: nothing to rescind
            }
        }
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-rescind");
        for (Call accept : mesos.calls(Call.Type.ACCEPT)) {
            for (OfferID used : accept.getAccept().getOfferIdsList()) {
                assertFalse(rescinded.contains(used), "rescinded offer " + used.getValue() + " accepted");
            }
        }
        MesosScenario.killAndAwaitEnd(api, job.path("id").asText());
    }

    @Test
    void workersOfALostAgentAreReplacedOnAnother() throws Exception {
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-agent-lost");
        String id = job.path("id").asText();
        String lost = MantisRest.worker(job, 1).path("agentId").asText();

        mesos.loseAgent(lost);
        JsonNode moved = api.await("every worker of " + id + " started away from " + lost, now -> {
            boolean all = now.path("state").asText().equals("RUNNING") && !MantisRest.live(now).isEmpty();
            for (JsonNode w : MantisRest.live(now)) {
                all &= w.path("state").asText().equals("STARTED") && !w.path("agentId").asText().equals(lost);
            }
            return all;
        }, id);
        assertTrue(MantisRest.live(moved).stream().anyMatch(w -> w.path("number").asInt() > 1),
                "replacements have new numbers: " + moved.path("workers"));
        MantisRest.firstSinkEvent(moved, Duration.ofSeconds(30));
        MesosScenario.killAndAwaitEnd(api, id);
    }

    @Test
    void anExecutorCrashReplacesItsWorker() throws Exception {
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-executor-crash");
        String id = job.path("id").asText();
        String crashed = MantisRest.worker(job, 1).path("workerId").asText();
        mesos.awaitTask(crashed, TaskState.TASK_RUNNING, WAIT);

        mesos.crashExecutor(crashed);
        mesos.awaitTask(crashed, TaskState.TASK_FAILED, WAIT);
        JsonNode replaced = api.await("a replacement of " + crashed + " started", now -> {
            JsonNode w = MantisRest.live(now).stream().filter(x -> x.path("stage").asInt() == 1).findFirst().orElse(null);
            return w != null && w.path("number").asInt() > 1 && w.path("state").asText().equals("STARTED");
        }, id);
        assertNotEquals(crashed, MantisRest.worker(replaced, 1).path("workerId").asText());
        FakeMesosMaster.await("the TASK_FAILED of " + crashed + " acknowledged", WAIT,
                () -> mesos.task(crashed).filter(t -> t.unacknowledged() == 0));
        MesosScenario.killAndAwaitEnd(api, id);
    }

    @Test
    void aRestartedMasterResumesItsFrameworkAndKeepsTheTasksRunning() throws Exception {
        JsonNode job = MesosScenario.submitAndStream(api, sineWave, "mesos-restart");
        String id = job.path("id").asText();
        String framework = onlyFramework();
        int subscribes = mesos.calls(Call.Type.SUBSCRIBE).size();

        master.close();
        assertTrue(mesos.calls(Call.Type.TEARDOWN).isEmpty(), "a stopping master does not tear its framework down");
        master = Master.start(config);
        api = new MantisRest(master.url());

        Call again = FakeMesosMaster.await("the new master's SUBSCRIBE", WAIT, () -> mesos.calls(Call.Type.SUBSCRIBE)
                .stream().skip(subscribes).findFirst());
        assertEquals(framework, again.getFrameworkId().getValue(), "the framework id from ZooKeeper");
        for (JsonNode w : MantisRest.live(job)) {
            String taskId = w.path("workerId").asText();
            mesos.awaitCall(Call.Type.RECONCILE, c -> c.getReconcile().getTasksList().stream()
                    .anyMatch(t -> t.getTaskId().getValue().equals(taskId)), WAIT);
        }
        JsonNode after = api.awaitRunning(id);
        for (JsonNode w : MantisRest.live(after)) {
            assertEquals(1, w.path("number").asInt(), "the same workers, not replacements: " + w);
            assertEquals(TaskState.TASK_RUNNING, mesos.task(w.path("workerId").asText()).orElseThrow().state());
        }
        MantisRest.firstSinkEvent(after, Duration.ofSeconds(30));
        MesosScenario.killAndAwaitEnd(api, id);
    }

    private static String onlyFramework() {
        List<String> connected = mesos.connectedFrameworks();
        assertEquals(1, connected.size(), "one framework subscribed: " + connected);
        return connected.get(0);
    }
}
