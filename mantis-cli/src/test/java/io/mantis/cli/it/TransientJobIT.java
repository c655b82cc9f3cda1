package io.mantis.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient jobs on a real embedded cluster with one agent per pool: they end by themselves when nobody is
 * subscribed to their sink for their timeout, stay while a client is connected, and run on the transient agent only.
 */
class TransientJobIT {

    static final String TOKEN = "it-token";

    @TempDir
    static Path dir;
    static EmbeddedCluster cluster;
    static Api api;
    static String sineWave;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(dir, 1, 1, 4, 8192, TOKEN);
        api = cluster.api();
        sineWave = Jobs.upload(api, "sine-wave");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTransientJobNobodySubscribesToEndsCompletedAfterItsTimeout() {
        long submittedAt = System.currentTimeMillis();
        JsonNode submitted = submit("lonely", 3);
        String id = submitted.path("id").asText();
        assertEquals("transient", submitted.path("pool").asText());
        assertEquals(3, submitted.path("subscriptionTimeoutSeconds").asLong());
        assertTrue(submitted.path("endsAt").asLong() <= submitted.path("submittedAt").asLong() + 3000,
                "ends 3 s after submission unless someone connects: " + submitted);

        JsonNode ended = Eventually.await("job " + id + " ended", Duration.ofSeconds(3 + 10), () -> {
            JsonNode job = Jobs.job(api, id);
            return job.path("endedAt").isNull() ? Optional.empty() : Optional.of(job);
        });
        assertEquals("COMPLETED", ended.path("state").asText(), ended.toString());
        assertEquals("no client subscribed for 3 s", ended.path("reason").asText());
        long took = ended.path("endedAt").asLong() - submittedAt;
        assertTrue(took >= 3000 && took < 3000 + 5000, "ended " + took + " ms after submission");
        assertTrue(ended.path("endsAt").isNull(), "an ended job does not end again: " + ended);
        for (JsonNode w : ended.path("workers")) {
            assertEquals("KILLED", w.path("state").asText(), "its workers were stopped: " + w);
            String agent = w.path("agentId").asText(null);
            assertTrue(agent == null || agent.startsWith("transient-"), "placed in the transient pool only: " + w);
        }
    }

    @Test
    void aConnectedClientKeepsTheJobRunningPastItsTimeoutUntilItLeaves() throws Exception {
        long timeoutSeconds = 15;
        JsonNode submitted = submit("watched", timeoutSeconds);
        String id = submitted.path("id").asText();
        long submittedAt = submitted.path("submittedAt").asLong();
        JsonNode running = Jobs.awaitRunning(api, id);
        for (JsonNode w : Jobs.live(running)) {
            assertTrue(w.path("agentId").asText().startsWith("transient-"), "runs on the transient agent: " + w);
        }

        try (SinkReader client = Jobs.tail(running)) {
            client.next(Duration.ofSeconds(20));
            JsonNode watched = Eventually.await("job " + id + " counting its subscriber", Duration.ofSeconds(10), () -> {
                JsonNode job = Jobs.job(api, id);
                return job.path("subscribers").asInt() == 1 ? Optional.of(job) : Optional.empty();
            });
            assertTrue(watched.path("endsAt").isNull(), "a watched job without a limit does not end: " + watched);

            // Stay connected until well past the timeout as counted from submission; the job must keep running.
            long pastTimeout = submittedAt + timeoutSeconds * 1000 + 3000;
            while (System.currentTimeMillis() < pastTimeout) {
                JsonNode job = Jobs.job(api, id);
                assertEquals("RUNNING", job.path("state").asText(), "ended while watched: " + job);
                client.next(Duration.ofSeconds(20));
            }
        }
        long leftAt = System.currentTimeMillis();

        JsonNode unwatched = Eventually.await("job " + id + " noticing the client left", Duration.ofSeconds(10), () -> {
            JsonNode job = Jobs.job(api, id);
            return job.path("subscribers").asInt() == 0 && !job.path("endsAt").isNull()
                    ? Optional.of(job) : Optional.empty();
        });
        assertFalse(unwatched.path("state").asText().equals("COMPLETED"), "not ended at once: " + unwatched);
        JsonNode ended = Eventually.await("job " + id + " ended", Duration.ofSeconds(timeoutSeconds + 10), () -> {
            JsonNode job = Jobs.job(api, id);
            return job.path("endedAt").isNull() ? Optional.empty() : Optional.of(job);
        });
        assertEquals("COMPLETED", ended.path("state").asText(), ended.toString());
        assertEquals("no client subscribed for 15 s", ended.path("reason").asText());
        long after = ended.path("endedAt").asLong() - leftAt;
        assertTrue(after >= timeoutSeconds * 1000 - 2000, "ended only a timeout after the client left: " + after);
        for (JsonNode agent : api.get("/api/v1/agents").body()) {
            if (agent.path("pool").asText().equals("perpetual")) {
                assertEquals(0, agent.path("workers").size(), "no transient worker on a perpetual agent: " + agent);
            }
        }
    }

    @Test
    void badTimeoutsAreRefusedNamingTheField() {
        Api.Reply zero = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "name", "bad",
                "durationType", "TRANSIENT", "subscriptionTimeoutSeconds", 0));
        assertEquals(400, zero.status(), zero.body().toString());
        assertTrue(zero.error().contains("field 'subscriptionTimeoutSeconds'"), zero.error());

        Api.Reply perpetual = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "name", "bad",
                "durationType", "PERPETUAL", "subscriptionTimeoutSeconds", 30));
        assertEquals(400, perpetual.status(), perpetual.body().toString());
        assertTrue(perpetual.error().contains("only TRANSIENT jobs"), perpetual.error());

        Api.Reply limit = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "name", "bad",
                "runtimeLimitSeconds", -5));
        assertEquals(400, limit.status(), limit.body().toString());
        assertTrue(limit.error().contains("field 'runtimeLimitSeconds'"), limit.error());
    }

    private static JsonNode submit(String name, long subscriptionTimeoutSeconds) {
        Api.Reply reply = api.post("/api/v1/jobs", Map.of("artifact", sineWave, "name", name,
                "parameters", Map.of("ticksPerSecond", "50"), "durationType", "TRANSIENT",
                "subscriptionTimeoutSeconds", subscriptionTimeoutSeconds));
        assertEquals(201, reply.status(), () -> "submit failed: " + reply.body());
        return reply.body();
    }
}
