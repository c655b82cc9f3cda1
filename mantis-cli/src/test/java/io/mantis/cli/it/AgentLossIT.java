package io.mantis.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.executor.agent.EmbeddedAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When an agent vanishes, its workers are replaced on another agent of the pool and the job runs on. */
class AgentLossIT {

    @TempDir
    Path dir;
    EmbeddedCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void workersOfAVanishedAgentAreReplacedElsewhere() throws Exception {
        cluster = EmbeddedCluster.start(dir, 2, 0, 4, 8192, null);
        Api api = cluster.api();
        String sha = Jobs.upload(api, "sine-wave");
        String id = Jobs.submit(api, sha, "wave-agent-loss", Map.of("ticksPerSecond", "100")).path("id").asText();
        JsonNode job = Jobs.awaitRunning(api, id);
        String lostAgent = Jobs.worker(job, 1, 0).path("agentId").asText();

        EmbeddedAgent agent = cluster.agents().get(lostAgent.equals("perpetual-1") ? 0 : 1);
        agent.close();

        JsonNode moved;
        try {
            moved = awaitMoved(api, id, lostAgent);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the job: " + Jobs.job(api, id) + "; agents: "
                    + api.get("/api/v1/agents").body(), e);
        }
        for (JsonNode w : Jobs.live(moved)) {
            assertNotEquals(1, w.path("number").asInt(), "replaced, with a new number: " + w);
        }
        Eventually.await("agent " + lostAgent + " reported lost", Duration.ofSeconds(30), () -> {
            for (JsonNode a : api.get("/api/v1/agents").body()) {
                if (a.path("agentId").asText().equals(lostAgent) && a.path("state").asText().equals("lost")) {
                    return Optional.of(true);
                }
            }
            return Optional.empty();
        });
        try (SinkReader sink = Jobs.tail(moved)) {
            assertEquals('{', sink.next(Duration.ofSeconds(20)).charAt(0), "output flows again");
        }
    }

    private static JsonNode awaitMoved(Api api, String id, String lostAgent) {
        return Eventually.await("every worker of " + id + " running on the other agent", Jobs.START, () -> {
            JsonNode now = Jobs.job(api, id);
            boolean all = now.path("state").asText().equals("RUNNING");
            for (JsonNode w : Jobs.live(now)) {
                all &= w.path("state").asText().equals("STARTED") && !w.path("agentId").asText().equals(lostAgent);
            }
            return all ? Optional.of(now) : Optional.empty();
        });
    }
}
