package io.mantis.executor.mesos;

import static io.mantis.executor.mesos.ExecutorFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.executor.agent.job.TickJob;
import io.mantis.runtime.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code -all} JAR as Mesos's fetcher delivers it ({@code mantis-executor.jar} in the sandbox), started
 * as the master's ExecutorInfo says and with {@code java -jar}: it must hold the executor, its protobufs and the
 * whole worker runtime.
 */
class ShadedExecutorJarIT {

    @TempDir
    Path dir;
    private ExecutorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ExecutorFixture(dir);
        String built = System.getProperty("mantis.executor.jar");
        if (built == null || !Files.isRegularFile(Path.of(built))) {
            throw new IllegalStateException("mantis.executor.jar '" + built + "' is not a file: run this test with"
                    + " 'mvn verify' so the shaded JAR is built first");
        }
        Files.copy(Path.of(built), fixture.sandbox.resolve(SandboxLaunches.EXECUTOR_JAR));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theShadedJarRunsTheExecutorAndItsWorkers() throws Exception {
        String sha = fixture.fetchJobJar(TickJob.class);
        // The command the master puts into the ExecutorInfo, run in the sandbox.
        fixture.start(List.of("-Xmx48m", "-cp", SandboxLaunches.EXECUTOR_JAR, MesosExecutorMain.class.getName()));
        fixture.awaitSubscribe(1);
        String id = "tick-1-1-0-1";
        fixture.agent.push(fixture.launch(id, sha));
        fixture.awaitUpdate(id, TaskState.TASK_RUNNING);
        Await.until("the worker's heartbeat", WAIT, () -> !fixture.agent.heartbeatAuthorizations().isEmpty());
        String worker = fixture.process().descendants().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("WorkerMain")).findFirst().orElse("");
        assertTrue(worker.contains("-cp " + fixture.sandbox.resolve(SandboxLaunches.EXECUTOR_JAR)), worker);

        fixture.agent.push(ExecutorFixture.kill(id));
        TaskStatus killed = fixture.awaitUpdate(id, TaskState.TASK_KILLED);
        assertEquals("killed on request", killed.getMessage());
        for (Call.Update u : fixture.agent.updates()) {
            fixture.agent.push(ExecutorFixture.acknowledged(u.getStatus()));
        }
        assertEquals(0, fixture.awaitExit(), fixture.stderr());
    }

    @Test
    void theShadedJarNamesAMissingVariable() throws Exception {
        fixture.env().remove("MESOS_SANDBOX");
        fixture.start(List.of("-jar", fixture.sandbox.resolve(SandboxLaunches.EXECUTOR_JAR).toString()));
        assertEquals(2, fixture.awaitExit());
        assertTrue(fixture.stderr().contains("error: MESOS_SANDBOX is not set"), fixture.stderr());
    }
}
