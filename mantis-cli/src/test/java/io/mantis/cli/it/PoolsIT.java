package io.mantis.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.up.AgentPlan;
import io.mantis.cli.up.LocalCluster;
import io.mantis.master.MasterConfig;
import io.mantis.master.pools.PoolRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded pools end to end, as {@code mantis up} runs them ({@link LocalCluster} with its scaler): one
 * perpetual agent, a transient pool of 1 to 3 agents of 2 cpus (min idle 1, max idle 1, cool-down 3 s), a perpetual
 * sine wave and three interactive ones of two half-cpu workers each, so two fill an agent. The steps build on each
 * other and run in order, on one cluster, to keep the suite short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolsIT {

    static final Duration COOL_DOWN = Duration.ofSeconds(3);
    /** Far from the other integration tests' worker ports (21000...) and mantis up's (31000...). */
    static final int FIRST_PORT = 24000;
    static final Map<String, Object> HALF_CPU = Map.of("cpus", 0.5, "memoryMB", 512, "networkMbps", 10,
            "diskMB", 100);

    @TempDir
    static Path dir;
    static LocalCluster cluster;
    static Api api;
    /** Every agent's pool as the master has shown it, released ones included. */
    static final Map<String, String> agentPools = new HashMap<>();
    static String perpetual;
    static List<String> perpetualWorkers;
    static SinkReader perpetualSink;
    static final List<String> interactive = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        MasterConfig config = MasterConfig.defaults(dir).withPort(0)
                .withTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(5))
                .withPools(List.of(new PoolRule("transient", 1, 1, COOL_DOWN, 1, 3)));
        cluster = LocalCluster.start(config, new AgentPlan(1, 1, 2, 2048, 1000, 100_000, FIRST_PORT), dir);
        api = new Api(cluster.url(), null);
        String sha = Jobs.upload(api, "sine-wave");
        createCluster("steady", sha, "PERPETUAL");
        createCluster("interactive", sha, "TRANSIENT");
        Eventually.await("perpetual-1 and transient-1 registered", Duration.ofSeconds(30), () ->
                agents().keySet().containsAll(List.of("perpetual-1", "transient-1")) ? Optional.of(true)
                        : Optional.empty());

        perpetual = submit("steady");
        JsonNode job = Jobs.awaitRunning(api, perpetual);
        perpetualWorkers = workerIds(job);
        perpetualSink = Jobs.tail(job);
        perpetualSink.next(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (perpetualSink != null) {
            perpetualSink.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void interactiveJobsThatCannotFitGrowTheTransientPoolAndTheirWorkersArePlaced() {
        assertEquals(List.of("transient-1"), transientAgents(), "one transient agent before the burst");
        for (int i = 0; i < 3; i++) {
            interactive.add(submit("interactive"));
        }
        for (String id : interactive) {
            Jobs.awaitRunning(api, id);
        }

        Set<String> used = agentsOf(interactive);
        assertTrue(used.stream().anyMatch(a -> !a.equals("transient-1")),
                "three jobs of 1 cpu do not fit one agent of 2 cpus; some run on an added agent: " + used);
        assertTrue(scaleEvents("scale_up").size() >= 1, "a scale-up is recorded: " + api.get("/api/v1/pools/events"));
    }

    @Test
    @Order(2)
    void transientWorkIsPackedOntoTheFewestAgentsThatFitIt() {
        Set<String> used = agentsOf(interactive);
        assertEquals(2, used.size(), "3 cpus of work on agents of 2 cpus needs 2 agents, not more: " + used);
        for (Map.Entry<String, Double> e : cpusUsed().entrySet()) {
            assertTrue(e.getValue() <= 2.0, e.getKey() + " holds no more than it offers: " + e.getValue());
        }
    }

    @Test
    @Order(3)
    void perpetualAndTransientWorkersNeverShareAnAgent() {
        assertEquals(Set.of("perpetual-1"), agentsOf(List.of(perpetual)), "the perpetual job runs on its own pool");
        for (String id : interactive) {
            for (String agent : agentsOf(List.of(id))) {
                assertEquals("transient", agentPools.get(agent), id + " runs on " + agent);
            }
        }
        assertEquals(0, mismatchedPlacements(), "no worker ever placed on an agent of the other pool");
    }

    @Test
    @Order(4)
    void idleTransientAgentsBeyondMaxIdleAreReleasedAfterTheInteractiveJobsEndAndThePerpetualJobRunsOn()
            throws Exception {
        for (String id : interactive) {
            Api.Reply killed = api.post("/api/v1/jobs/" + id + "/actions/kill", Map.of("reason", "session over"));
            assertEquals(200, killed.status(), killed.body().toString());
        }
        Eventually.await("no transient agent running a worker", Duration.ofSeconds(30), () ->
                cpusUsed().entrySet().stream().noneMatch(e -> e.getKey().startsWith("transient") && e.getValue() > 0)
                        ? Optional.of(true) : Optional.empty());
        long ended = System.nanoTime();

        Eventually.await("the transient pool back to one agent in service", COOL_DOWN.plusSeconds(12), () -> {
            Map<String, String> states = agentStates("transient");
            long inService = states.values().stream().filter(s -> !s.equals("released") && !s.equals("lost")).count();
            return inService == 1 && states.values().stream().noneMatch("draining"::equals)
                    ? Optional.of(states) : Optional.empty();
        });
        double seconds = (System.nanoTime() - ended) / 1e9;
        List<String> released = new ArrayList<>();
        scaleEvents("release").forEach(e -> e.path("agentIds").forEach(id -> released.add(id.asText())));
        assertEquals(2, released.size(), "two idle agents beyond max idle 1 released (" + seconds + " s): "
                + agentStates("transient"));
        for (String id : released) {
            assertFalse(cluster.agentIds().contains(id), id + " is released, so its agent has stopped");
        }
        // A released agent that stopped is expected to go: the master forgets it instead of keeping it as lost.
        Eventually.await("released agents " + released + " forgotten once stopped", Duration.ofSeconds(20), () -> {
            Map<String, String> now = agentStates("transient");
            assertFalse(now.containsValue("lost"), "no transient agent is lost: " + now);
            return released.stream().noneMatch(now::containsKey) ? Optional.of(now) : Optional.empty();
        });
        assertEquals(1, agentStates("transient").size(), "one transient agent left: " + agentStates("transient"));
        assertTrue(cluster.agentIds().contains("perpetual-1"), "the perpetual agent is untouched");

        JsonNode job = Jobs.job(api, perpetual);
        assertEquals("RUNNING", job.path("state").asText());
        assertEquals(perpetualWorkers, workerIds(job), "the perpetual job keeps the same workers");
        for (JsonNode w : Jobs.live(job)) {
            assertEquals("STARTED", w.path("state").asText(), w.toString());
        }
        perpetualSink.drain();
        for (int i = 0; i < 3; i++) {
            perpetualSink.next(Duration.ofSeconds(10));
        }
        assertEquals(0, mismatchedPlacements(), "no worker ever placed on an agent of the other pool");
    }

    private static void createCluster(String name, String sha, String durationType) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("artifact", sha);
        spec.put("parameters", Map.of("ticksPerSecond", "20"));
        spec.put("stages", List.of(Map.of("workers", 1, "machine", HALF_CPU), Map.of("workers", 1, "machine", HALF_CPU)));
        spec.put("durationType", durationType);
        if (durationType.equals("TRANSIENT")) {
            spec.put("subscriptionTimeoutSeconds", 600); // the test ends them; nobody needs to stay subscribed
        }
        Api.Reply reply = api.post("/api/v1/clusters", spec);
        assertEquals(201, reply.status(), reply.error());
    }

    private static String submit(String clusterName) {
        Api.Reply reply = api.post("/api/v1/clusters/" + clusterName + "/jobs", Map.of());
        assertEquals(201, reply.status(), reply.error());
        return reply.body().path("id").asText();
    }

    private static List<String> workerIds(JsonNode job) {
        return Jobs.live(job).stream().map(w -> w.path("workerId").asText()).sorted().toList();
    }

    /** The master's agents by id, remembering each one's pool. */
    private static Map<String, JsonNode> agents() {
        Api.Reply reply = api.get("/api/v1/agents");
        assertEquals(200, reply.status(), reply.error());
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode a : reply.body()) {
            byId.put(a.path("agentId").asText(), a);
            agentPools.put(a.path("agentId").asText(), a.path("pool").asText());
        }
        return byId;
    }

    private static Map<String, String> agentStates(String pool) {
        Map<String, String> states = new LinkedHashMap<>();
        agents().forEach((id, a) -> {
            if (a.path("pool").asText().equals(pool)) {
                states.put(id, a.path("state").asText());
            }
        });
        return states;
    }

    private static List<String> transientAgents() {
        return new ArrayList<>(agentStates("transient").keySet());
    }

    private static Map<String, Double> cpusUsed() {
        Map<String, Double> used = new LinkedHashMap<>();
        agents().forEach((id, a) -> used.put(id, a.path("cpusUsed").asDouble()));
        return used;
    }

    private static Set<String> agentsOf(List<String> jobIds) {
        Set<String> used = new TreeSet<>();
        for (String id : jobIds) {
            for (JsonNode w : Jobs.live(Jobs.job(api, id))) {
                used.add(w.path("agentId").asText());
            }
        }
        return used;
    }

    private static List<JsonNode> scaleEvents(String action) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/pools/events").body()) {
            if (e.path("pool").asText().equals("transient") && e.path("action").asText().equals(action)) {
                found.add(e);
            }
        }
        return found;
    }

    /** Workers of any job, ended or not, ever placed on an agent whose pool is not the job's. */
    private static int mismatchedPlacements() {
        agents();
        int placements = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode summary : api.get("/api/v1/jobs").body()) {
            JsonNode job = Jobs.job(api, summary.path("id").asText());
            for (JsonNode w : job.path("workers")) {
                String agent = w.path("agentId").asText(null);
                if (agent == null) {
                    continue;
                }
                placements++;
                if (!job.path("pool").asText().equals(agentPools.get(agent))) {
                    wrong.add(w.path("workerId").asText() + " on " + agent);
                }
            }
        }
        assertTrue(placements >= 8, "every worker of the 4 jobs was seen placed: " + placements);
        return wrong.size();
    }
}
