package io.mantis.cli.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.master.Master;
import io.mantis.master.pools.PoolRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent pools on Mesos through the fake master: one perpetual agent and a transient pool (min idle 1, max idle 1,
 * cool-down 2 s, 1 to 3 agents) whose scaler is a shell command appending each action to a file. Two interactive
 * jobs, each filling a transient agent, make the pool grow (the command is asked; the test plays the operator and
 * adds the agents); once they are killed, the idle transient agents beyond max idle are drained through the
 * operator API and handed to the command, while the perpetual job runs on untouched.
 */
class MesosPoolsIT {

    static final Duration COOL_DOWN = Duration.ofSeconds(2);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Map<String, Object> HALF_CPU = Map.of("cpus", 0.5, "memoryMB", 256, "networkMbps", 10,
            "diskMB", 100);
    /** Two of these and their executors (0.1 cpus each) fill a 4-cpu agent; a third does not fit. */
    static final Map<String, Object> BIG = Map.of("cpus", 1.8, "memoryMB", 256, "networkMbps", 10, "diskMB", 100);
    static final Map<String, String> POOLS = Map.of("perpetual-1", "perpetual", "transient-1", "transient",
            "transient-2", "transient", "transient-3", "transient");

    @TempDir
    static Path dir;
    static Path actions;
    static FakeMesosMaster mesos;
    static Master master;
    static MantisRest api;

    @BeforeAll
    static void start() throws Exception {
        actions = dir.resolve("scale-actions.txt");
        mesos = FakeMesosMaster.builder(dir.resolve("mesos")).agent(AgentSpec.of("perpetual-1", "perpetual", 0))
                .agent(AgentSpec.of("transient-1", "transient", 1)).start();
        master = Master.start(MesosMasters.config(dir.resolve("master"), mesos.url().toString())
                .withPools(List.of(new PoolRule("transient", 1, 1, COOL_DOWN, 1, 3)))
                .withScalerCommand("echo \"$MANTIS_SCALE_ACTION $MANTIS_POOL $MANTIS_AGENT_ID\" >> '" + actions
                        + "'"));
        api = new MantisRest(master.url());
        String sha = api.upload("sine-wave");
        createCluster("steady", sha, "PERPETUAL", HALF_CPU);
        createCluster("interactive", sha, "TRANSIENT", BIG);
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
    void transientAgentsBeyondMaxIdleAreDrainedAndReleasedThroughTheScalerOnceInteractiveJobsEnd()
            throws Exception {
        String perpetual = api.submitTo("steady");
        List<String> perpetualWorkers = workerIds(api.awaitRunning(perpetual));
        List<String> interactive = List.of(api.submitTo("interactive"), api.submitTo("interactive"));

        // Only one of the two interactive jobs fits transient-1: the pool asks the scaler for more.
        FakeMesosMaster.await("a scale-up of the transient pool", WAIT, () ->
                lines().stream().filter(l -> l.startsWith("scale-up transient")).findFirst());
        mesos.addAgent(AgentSpec.of("transient-2", "transient", 2));
        mesos.addAgent(AgentSpec.of("transient-3", "transient", 3));
        for (String id : interactive) {
            api.awaitRunning(id);
        }
        Set<String> busy = new TreeSet<>();
        for (String id : interactive) {
            MantisRest.live(api.job(id)).forEach(w -> busy.add(w.path("agentId").asText()));
        }
        assertEquals(2, busy.size(), "each interactive job fills one transient agent: " + busy);
        assertPoolsNeverShared(perpetual, interactive);
        assertTrue(mesos.operatorCalls(Call.Type.DRAIN_AGENT).isEmpty(), "nothing drained while all is busy "
                + "or within max idle: " + mesos.operatorCalls());

        for (String id : interactive) {
            MesosScenario.killAndAwaitEnd(api, id);
        }
        long ended = System.nanoTime();
        List<String> released = FakeMesosMaster.await("two transient agents released", COOL_DOWN.plusSeconds(15),
                () -> {
                    List<String> r = lines().stream().filter(l -> l.startsWith("release ")).toList();
                    return r.size() >= 2 ? Optional.of(r) : Optional.empty();
                });
        double seconds = (System.nanoTime() - ended) / 1e9;

        Set<String> releasedIds = new TreeSet<>();
        for (String line : released) {
            String[] parts = line.split(" ");
            assertEquals(3, parts.length, line);
            assertEquals("transient", parts[1], line);
            releasedIds.add(parts[2]);
        }
        assertEquals(2, releasedIds.size(), "two distinct agents released after " + seconds + " s: " + released);
        assertTrue(Set.of("transient-1", "transient-2", "transient-3").containsAll(releasedIds), "" + releasedIds);
        Set<String> drained = new TreeSet<>();
        mesos.operatorCalls(Call.Type.DRAIN_AGENT).forEach(c -> drained.add(c.getDrainAgent().getAgentId()
                .getValue()));
        assertEquals(releasedIds, drained, "every released agent was drained through the operator API, no other");
        for (String id : releasedIds) {
            FakeMesosMaster.await(id + " drained", WAIT, () -> Optional.of(mesos.agentMode(id))
                    .filter(AgentMode.DRAINED::equals));
        }
        String kept = new TreeSet<>(Set.of("transient-1", "transient-2", "transient-3")).stream()
                .filter(a -> !releasedIds.contains(a)).findFirst().orElseThrow();
        assertEquals(AgentMode.ACTIVE, mesos.agentMode(kept), "min size 1: one transient agent stays");
        assertEquals(AgentMode.ACTIVE, mesos.agentMode("perpetual-1"));

        // Nothing more is released: the pool is at its min size and max idle.
        Thread.sleep(COOL_DOWN.multipliedBy(2).toMillis()); // a quiet period in which nothing may happen
        assertEquals(2, lines().stream().filter(l -> l.startsWith("release ")).count(), "never below min size");

        JsonNode job = api.job(perpetual);
        assertEquals("RUNNING", job.path("state").asText());
        assertEquals(perpetualWorkers, workerIds(job), "the perpetual job keeps the same workers");
        for (JsonNode w : MantisRest.live(job)) {
            assertEquals("perpetual-1", w.path("agentId").asText());
            assertEquals("STARTED", w.path("state").asText(), w.toString());
        }
        assertPoolsNeverShared(perpetual, interactive);
    }

    /** Every Mesos task the fake ever ran is on an agent of its job's pool. */
    private static void assertPoolsNeverShared(String perpetual, List<String> interactive) {
        List<FakeTask> tasks = mesos.tasks();
        assertFalse(tasks.isEmpty());
        for (FakeTask t : tasks) {
            String pool = t.taskId().startsWith(perpetual + "-") ? "perpetual"
                    : interactive.stream().anyMatch(id -> t.taskId().startsWith(id + "-")) ? "transient" : null;
            assertEquals(pool, POOLS.get(t.agentId()), "task " + t.taskId() + " on agent " + t.agentId());
        }
    }

    private static List<String> workerIds(JsonNode job) {
        List<String> ids = new ArrayList<>();
        MantisRest.live(job).forEach(w -> ids.add(w.path("workerId").asText()));
        return ids.stream().sorted().toList();
    }

    private static List<String> lines() {
        try {
            return Files.exists(actions) ? Files.readAllLines(actions).stream().map(String::strip).toList()
                    : List.of();
        } catch (IOException e) {
            return List.of(); // being appended to right now: read it again on the next poll
        }
    }

    private static void createCluster(String name, String sha, String durationType, Map<String, Object> machine)
            throws IOException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("artifact", sha);
        spec.put("parameters", Map.of("ticksPerSecond", "20"));
        spec.put("stages", List.of(Map.of("workers", 1, "machine", machine), Map.of("workers", 1, "machine",
                machine)));
        spec.put("durationType", durationType);
        if (durationType.equals("TRANSIENT")) {
            spec.put("subscriptionTimeoutSeconds", 600); // the test ends them; nobody needs to stay subscribed
        }
        api.createCluster(spec);
    }
}
