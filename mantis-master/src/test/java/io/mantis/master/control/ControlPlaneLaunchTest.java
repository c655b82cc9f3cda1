package io.mantis.master.control;

import static io.mantis.master.control.PlaneFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.job.Job;
import io.mantis.master.job.Worker;
import io.mantis.master.job.WorkerState;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerHeartbeat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement, launch and recovery through the real control plane wiring, with a recording provider. */
class ControlPlaneLaunchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private PlaneFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaneFixture(dir);
        f.start();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aWorkerIsLaunchedOnlyAfterItsPlacementIsStored() throws Exception {
        f.submit(PlaneFixture.spec("echo-1", 1));
        String lease = f.provider.offer("agent-a");

        await(() -> !f.provider.launches.isEmpty(), "a launch");
        RecordingProvider.Launch launch = f.provider.launches.get(0);
        assertEquals("agent-a", launch.agentId());
        assertEquals(List.of(lease), launch.leaseIds());
        assertEquals(List.of("echo-1-1-0-1"), f.provider.launchedWorkers());
        JsonNode stored = JSON.readTree(launch.storedJobs().get("echo-1"));
        JsonNode worker = stored.get("workers").get(0);
        assertEquals("LAUNCHED", worker.get("state").asText(), "stored when launched: " + stored);
        assertEquals("agent-a", worker.get("agentId").asText());
        assertEquals(worker.get("dataPort").asInt(), JSON.readTree(launch.workers().get(0).assignmentJson())
                .get("dataPort").asInt(), "the launch uses the stored ports");
    }

    @Test
    void aSecondStageIsLaunchedWithTheAddressesOfTheFirst() throws Exception {
        f.submit(PlaneFixture.spec("chain-1", 2, 1));
        f.provider.offer("agent-a");
        // Stage 2 is placed only once stage 1 is: on the agent's remaining capacity, offered again as a provider does.
        await(() -> f.provider.launchedWorkers().size() == 2, "stage 1 launched");
        f.provider.offer("agent-a");

        await(() -> f.provider.launchedWorkers().size() == 3, "three launches");
        LaunchRequest sink = f.provider.launches.stream().flatMap(l -> l.workers().stream())
                .filter(w -> w.workerId().startsWith("chain-1-2-")).findFirst().orElseThrow();
        JsonNode upstreams = JSON.readTree(sink.assignmentJson()).get("upstreams");
        Job job = f.job("chain-1");
        List<String> expected = job.workers(1).stream().map(w -> w.host() + ":" + w.dataPort()).toList();
        assertEquals(expected, List.of(upstreams.get(0).asText(), upstreams.get(1).asText()));
        assertEquals(3, f.provider.launchedWorkers().stream().distinct().count(), "no worker launched twice");
    }

    @Test
    void aStageIsPlacedOnlyOnceThePreviousStageIsPlaced() {
        // Placed together, stage 2 could take the agent's whole offer and wait for stage 1, which then finds no room.
        f.submit(PlaneFixture.spec("gate-1", 1, 1));
        f.provider.offer("agent-a");

        await(() -> f.provider.launches.size() == 1, "the first launch");
        assertEquals(List.of("gate-1-1-0-1"), f.provider.launchedWorkers(), "stage 1 alone");
        f.provider.offer("agent-a");
        await(() -> f.provider.launchedWorkers().size() == 2, "stage 2 launched on the offer that came next");
        assertEquals("gate-1-2-0-1", f.provider.launchedWorkers().get(1));
    }

    @Test
    void aRestartedPlaneAdoptsRunningWorkersWithoutLaunchingThemAgain() {
        f.submit(PlaneFixture.spec("keep-1", 1));
        f.provider.offer("agent-a");
        await(() -> f.provider.launchedWorkers().size() == 1, "the launch");
        String workerId = "keep-1-1-0-1";
        f.provider.listener.onWorkerStatus(new WorkerStatus(workerId, "agent-a", WorkerStatus.State.RUNNING, null,
                null)).toCompletableFuture().join();
        f.plane.workerHeartbeat(new WorkerHeartbeat(workerId, "127.0.0.1", 9000, 9001, 9002));
        await(() -> f.job("keep-1").workers().get(0).state() == WorkerState.STARTED, "worker STARTED");
        f.close();

        f.start();
        Worker recovered = f.job("keep-1").workers().get(0);
        assertEquals(WorkerState.STARTED, recovered.state());
        assertEquals(Map.of(workerId, "agent-a"), f.provider.listener.liveWorkers());
        f.plane.workerHeartbeat(new WorkerHeartbeat(workerId, "127.0.0.1", 9000, 9001, 9002));
        // A new job is placed and launched: the recovered worker must not come with it.
        f.submit(PlaneFixture.spec("next-1", 1));
        f.provider.offer("agent-a");
        await(() -> !f.provider.launches.isEmpty(), "the new job's launch");
        assertEquals(List.of("next-1-1-0-1"), f.provider.launchedWorkers());
    }

    @Test
    void aRecoveredWorkerThatWasPlacedButNeverLaunchedIsNotPlacedAgain() {
        f.submit(PlaneFixture.spec("half-1", 1));
        f.provider.offer("agent-a");
        await(() -> f.provider.launchedWorkers().size() == 1, "the launch");
        f.close();

        f.start();
        assertTrue(f.job("half-1").workers().get(0).placed());
        f.provider.offer("agent-a");
        f.submit(PlaneFixture.spec("other-1", 1));
        await(() -> !f.provider.launches.isEmpty(), "the other job's launch");
        assertEquals(List.of("other-1-1-0-1"), f.provider.launchedWorkers());
    }
}
