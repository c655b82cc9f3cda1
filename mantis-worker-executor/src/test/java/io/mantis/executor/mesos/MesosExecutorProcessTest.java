package io.mantis.executor.mesos;

import static io.mantis.executor.mesos.ExecutorFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mantis.executor.agent.job.TickJob;
import io.mantis.runtime.testing.Await;
import io.mantis.runtime.testing.JobJarBuilder;
import io.mantis.runtime.worker.Assignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor as a real process against a fake agent on loopback, running real worker JVMs. */
class MesosExecutorProcessTest {

    @TempDir
    Path dir;
    private ExecutorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ExecutorFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void launchReportsStartingAndRunningAndResubscribesWithWhatIsNotAcknowledged() throws Exception {
        String sha = fixture.fetchJobJar(TickJob.class);
        fixture.fetchExecutorJarOfTestClassPath();
        fixture.startFromClassPath();

        Call first = fixture.awaitSubscribe(1);
        assertEquals(ExecutorFixture.FRAMEWORK_ID, first.getFrameworkId().getValue());
        assertEquals(ExecutorFixture.EXECUTOR_ID, first.getExecutorId().getValue());
        assertEquals(0, first.getSubscribe().getUnacknowledgedUpdatesCount());

        String id = "tick-1-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));
        TaskStatus starting = fixture.awaitUpdate(id, TaskState.TASK_STARTING);
        TaskStatus running = fixture.awaitUpdate(id, TaskState.TASK_RUNNING);
        for (TaskStatus s : List.of(starting, running)) {
            assertEquals(16, s.getUuid().size(), s.toString());
            assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, s.getSource());
        }
        assertNotEquals(starting.getUuid(), running.getUuid());
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING),
                fixture.agent.updates().stream().map(u -> u.getStatus().getState()).toList());

        // The worker really runs from the sandbox: its job JAR, its executor JAR, its token.
        Await.until("the worker's heartbeat", WAIT, () -> !fixture.agent.heartbeatAuthorizations().isEmpty());
        assertEquals("Bearer " + ExecutorFixture.TOKEN, fixture.agent.heartbeatAuthorizations().get(0));
        Path assignment = fixture.sandbox.resolve("workers").resolve(id).resolve("assignment.json");
        assertEquals(fixture.sandbox.resolve(sha).toString(), Assignment.fromJson(Files.readString(assignment)).jobJar());
        String workerCommand = workerCommandLine();
        assertTrue(workerCommand.contains("-cp " + fixture.sandbox.resolve("mantis-executor.jar")), workerCommand);
        assertTrue(workerCommand.contains("-Xmx179m"), workerCommand);

        // An agent restart: both updates and the task come back with the next SUBSCRIBE.
        fixture.agent.dropStream();
        Call second = fixture.awaitSubscribe(2);
        assertEquals(Set.of(starting.getUuid(), running.getUuid()), uuids(second));
        assertEquals(List.of(id), second.getSubscribe().getUnacknowledgedTasksList().stream()
                .map(t -> t.getTaskId().getValue()).toList());

        fixture.agent.push(ExecutorFixture.acknowledged(starting));
        fixture.agent.push(ExecutorFixture.acknowledged(running));
        // Events are handled in order, so the next SUBSCRIBE comes after both acknowledgements.
        fixture.agent.dropStream();
        Call third = fixture.awaitSubscribe(3);
        assertEquals(0, third.getSubscribe().getUnacknowledgedUpdatesCount(), third.toString());
        assertEquals(0, third.getSubscribe().getUnacknowledgedTasksCount(), third.toString());
        assertEquals(2, fixture.agent.updates().size(), "nothing more was sent: " + fixture.agent.updates());
        assertTrue(fixture.process().isAlive(), "the executor left a running task");
    }

    @Test
    void killEndsInTaskKilledAndTheExecutorExitsOnceThatIsAcknowledged() throws Exception {
        String sha = fixture.fetchJobJar(TickJob.class);
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        String id = "tick-2-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));
        fixture.awaitUpdate(id, TaskState.TASK_RUNNING);
        ProcessHandle worker = worker();

        fixture.agent.push(ExecutorFixture.kill(id));
        TaskStatus killed = fixture.awaitUpdate(id, TaskState.TASK_KILLED);
        assertEquals("killed on request", killed.getMessage());
        Await.until("the worker's exit", WAIT, () -> !worker.isAlive());
        assertTrue(fixture.process().isAlive(), "the executor left before its update was acknowledged");

        for (Call.Update u : fixture.agent.updates()) {
            fixture.agent.push(ExecutorFixture.acknowledged(u.getStatus()));
        }
        assertEquals(0, fixture.awaitExit(), fixture.stderr());
    }

    @Test
    void anUpdateTheAgentRefusedIsSentAgainOnTheSameSubscription() throws Exception {
        String sha = fixture.fetchJobJar(TickJob.class);
        fixture.agent.updatesToRefuse.set(1);
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        String id = "tick-2-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));
        fixture.awaitUpdate(id, TaskState.TASK_RUNNING);
        // The refused TASK_STARTING comes again with its uuid, with no re-subscribe in between to carry it.
        Await.until("TASK_STARTING sent again", WAIT, () -> fixture.agent.updates().stream()
                .filter(u -> u.getStatus().getState() == TaskState.TASK_STARTING).count() == 2);
        List<Call.Update> starting = fixture.agent.updates().stream()
                .filter(u -> u.getStatus().getState() == TaskState.TASK_STARTING).toList();
        assertEquals(starting.get(0).getStatus().getUuid(), starting.get(1).getStatus().getUuid());
        assertEquals(1, fixture.agent.subscribes().size());

        fixture.agent.push(ExecutorFixture.kill(id));
        fixture.awaitUpdate(id, TaskState.TASK_KILLED);
        for (Call.Update u : fixture.agent.updates()) {
            fixture.agent.push(ExecutorFixture.acknowledged(u.getStatus()));
        }
        assertEquals(0, fixture.awaitExit(), fixture.stderr());
    }

    @Test
    void aFailingJobIsReportedAsFailedWithItsExitCodeAndError() throws Exception {
        String sha = fixture.fetchJobJar(JobJarBuilder.notAJar(dir.resolve("bad.jar")));
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        String id = "bad-1-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));

        TaskStatus failed = fixture.awaitUpdate(id, TaskState.TASK_FAILED);
        assertTrue(failed.getMessage().startsWith("exited with code 3: error: job bad-1"), failed.getMessage());
        assertTrue(fixture.update(id, TaskState.TASK_RUNNING).isEmpty());
    }

    @Test
    void aTaskWithoutALaunchRequestFailsAsInvalidAndNothingStarts() throws Exception {
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        fixture.agent.push(ExecutorFixture.launch("x-1-1-0-1", ByteString.copyFromUtf8("not json")));

        TaskStatus failed = fixture.awaitUpdate("x-1-1-0-1", TaskState.TASK_FAILED);
        assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, failed.getReason());
        assertTrue(failed.getMessage().startsWith("task data is not LaunchRequest JSON"), failed.getMessage());
        assertTrue(fixture.update("x-1-1-0-1", TaskState.TASK_STARTING).isEmpty());
        assertTrue(fixture.process().descendants().findAny().isEmpty(), "a process was started");
    }

    @Test
    void aJobJarMissingFromTheSandboxFailsTheTaskNamingIt() throws Exception {
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        String sha = "a".repeat(64);
        fixture.agent.push(fixture.launch("gone-1-1-0-1", sha));

        TaskStatus failed = fixture.awaitUpdate("gone-1-1-0-1", TaskState.TASK_FAILED);
        assertEquals("job JAR " + fixture.sandbox.resolve(sha) + " is not in the sandbox: the task's CommandInfo"
                + " must have Mesos fetch http://127.0.0.1:1/api/v1/artifacts/" + sha, failed.getMessage());
    }

    @Test
    void shutdownKillsTheWorkerReportsItAndEndsTheExecutor() throws Exception {
        String sha = fixture.fetchJobJar(TickJob.class);
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        String id = "tick-3-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));
        fixture.awaitUpdate(id, TaskState.TASK_RUNNING);
        ProcessHandle worker = worker();

        fixture.agent.push(ExecutorFixture.of(Event.Type.SHUTDOWN));
        assertEquals(0, fixture.awaitExit(), fixture.stderr());
        assertEquals("killed on request", fixture.update(id, TaskState.TASK_KILLED).orElseThrow().getMessage());
        Await.until("the worker's exit", WAIT, () -> !worker.isAlive());
    }

    @Test
    void anErrorFromTheAgentEndsTheExecutorWithCode1() throws Exception {
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        fixture.agent.push(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("framework removed")).build());
        assertEquals(1, fixture.awaitExit());
        assertTrue(fixture.stderr().contains("the agent reported an error: framework removed"), fixture.stderr());
    }

    @Test
    void withoutCheckpointingALostAgentEndsTheExecutor() throws Exception {
        fixture.env().put("MESOS_CHECKPOINT", "0");
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        fixture.agent.dropStream();
        assertEquals(1, fixture.awaitExit());
        assertTrue(fixture.stderr().contains("does not checkpoint this framework"), fixture.stderr());
        assertEquals(1, fixture.agent.subscribes().size());
    }

    @Test
    void aCheckpointedExecutorRetriesTheAgentUntilTheRecoveryTimeout() throws Exception {
        fixture.env().put("MESOS_RECOVERY_TIMEOUT", "2secs");
        fixture.startFromClassPath();
        fixture.awaitSubscribe(1);
        fixture.agent.close();
        assertEquals(1, fixture.awaitExit());
        String log = fixture.stderr();
        assertTrue(log.contains("MESOS_RECOVERY_TIMEOUT PT2S"), log);
        assertTrue(log.split("subscription to http://" + fixture.agent.endpoint() + "/api/v1/executor failed", -1)
                .length > 2, "it did not retry: " + log);
    }

    @Test
    void aMissingVariableEndsWithCode2NamingIt() throws Exception {
        fixture.env().remove("MESOS_EXECUTOR_ID");
        fixture.startFromClassPath();
        assertEquals(2, fixture.awaitExit());
        assertTrue(fixture.stderr().contains("error: MESOS_EXECUTOR_ID is not set"), fixture.stderr());
        assertTrue(fixture.agent.calls().isEmpty());
    }

    private ProcessHandle worker() {
        List<ProcessHandle> workers = fixture.process().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("WorkerMain")).toList();
        assertEquals(1, workers.size(), "one worker JVM expected");
        return workers.get(0);
    }

    private String workerCommandLine() {
        return worker().info().commandLine().orElse("");
    }

    private static Set<ByteString> uuids(Call subscribe) {
        return subscribe.getSubscribe().getUnacknowledgedUpdatesList().stream().map(u -> u.getStatus().getUuid())
                .collect(Collectors.toSet());
    }

}
