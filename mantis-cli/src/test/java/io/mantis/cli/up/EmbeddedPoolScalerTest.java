package io.mantis.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.FakeMaster;
import io.mantis.cli.client.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded scaler with real agents heartbeating to a stand-in master, as the master's pool manager uses it. */
class EmbeddedPoolScalerTest {

    /** Away from the ports of {@code mantis up} (31000) and of the integration tests. */
    private static final int FIRST_PORT = 26000;

    @TempDir
    Path dir;

    private FakeMaster master;
    private EmbeddedPoolScaler scaler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        master = new FakeMaster();
        master.on("POST /agents/heartbeat", 200, "{\"kill\":[],\"forget\":[]}");
        scaler = new EmbeddedPoolScaler(new AgentPlan(1, 1, 2, 1024, 100, 1000, FIRST_PORT), dir, null);
    }

    @AfterEach
    void stop() {
        scaler.close();
        master.close();
    }

    @Test
    void scaleUpStartsAgentsWithTheNextIdsAndFreePortRangesAndTheyRegister() {
        scaler.scaleUp("transient", 2); // before the master listens: held until attach
        scaler.attach(master.url());

        Map<String, JsonNode> seen = awaitHeartbeats("perpetual-1", "transient-1", "transient-2", "transient-3");
        assertEquals(List.of("perpetual-1", "transient-1", "transient-2", "transient-3"), scaler.agentIds());
        assertEquals("transient", seen.get("transient-3").path("pool").asText());
        assertEquals(FIRST_PORT + 300, seen.get("transient-3").path("resources").path("portsBegin").asInt());
        assertEquals(FIRST_PORT + 399, seen.get("transient-3").path("resources").path("portsEnd").asInt());
        assertEquals(2, seen.get("transient-2").path("resources").path("cpus").asDouble());
        assertEquals(1024, seen.get("transient-2").path("resources").path("memoryMB").asDouble());
    }

    @Test
    void releaseStopsTheAgentAndItsPortRangeGoesToTheNextNewAgentUnderANewId() throws Exception {
        scaler.attach(master.url());
        scaler.scaleUp("transient", 1);
        URI second = URI.create(awaitHeartbeats("transient-2").get("transient-2").path("agentUrl").asText());
        assertTrue(answers(second), "transient-2 serves before its release");

        scaler.release("transient", List.of("transient-2"));
        await("transient-2 stopped", () -> !scaler.agentIds().contains("transient-2") && !answers(second));

        scaler.scaleUp("transient", 1);
        JsonNode third = awaitHeartbeats("transient-3").get("transient-3");
        assertEquals(FIRST_PORT + 200, third.path("resources").path("portsBegin").asInt(),
                "the released agent's slot is free again");
        assertEquals(List.of("perpetual-1", "transient-1", "transient-3"), scaler.agentIds());
    }

    @Test
    void anAgentOfAnotherPoolOrAnUnknownIdIsNotReleased() throws Exception {
        scaler.attach(master.url());
        URI perpetual = URI.create(awaitHeartbeats("perpetual-1").get("perpetual-1").path("agentUrl").asText());

        scaler.release("transient", List.of("perpetual-1", "transient-9"));
        scaler.scaleUp("transient", 1); // runs after the release on the scaler's one thread
        awaitHeartbeats("transient-2");

        assertTrue(answers(perpetual), "a perpetual agent is never released as a transient one");
        assertEquals(List.of("perpetual-1", "transient-1", "transient-2"), scaler.agentIds());
    }

    @Test
    void closeStopsEveryAgentAndLaterScaleUpsDoNothing() throws Exception {
        scaler.attach(master.url());
        scaler.scaleUp("transient", 1);
        List<URI> urls = awaitHeartbeats("perpetual-1", "transient-1", "transient-2").values().stream()
                .map(h -> URI.create(h.path("agentUrl").asText())).toList();

        scaler.close();
        scaler.scaleUp("transient", 1);

        for (URI url : urls) {
            assertFalse(answers(url), url + " stopped with the scaler");
        }
        assertEquals(List.of(), scaler.agentIds());
    }

    @Test
    void closeWhileAttachIsStartingThePlanLeavesNoAgentRunning() throws Exception {
        AtomicReference<RuntimeException> attachFailure = new AtomicReference<>();
        Thread attaching = new Thread(() -> {
            try {
                scaler.attach(master.url());
            } catch (RuntimeException e) {
                attachFailure.set(e);
            }
        }, "attach");
        attaching.start();
        await("attach to begin starting perpetual-1", () -> !scaler.agentIds().isEmpty());

        scaler.close();
        attaching.join(Duration.ofSeconds(30).toMillis());

        assertFalse(attaching.isAlive(), "attach returned");
        assertEquals(List.of(), scaler.agentIds(), "no agent started after close stays running; attach said: "
                + attachFailure.get());
        for (FakeMaster.Request r : master.requests()) {
            if (r.route().equals("POST /agents/heartbeat")) {
                URI url = URI.create(Json.MAPPER.readTree(r.body()).path("agentUrl").asText());
                assertFalse(answers(url), url + " stopped with the scaler");
            }
        }
    }

    @Test
    void attachingTwiceIsAnError() {
        scaler.attach(master.url());
        assertThrows(IllegalStateException.class, () -> scaler.attach(master.url()));
    }

    /** The latest heartbeat of each agent, once every one of {@code ids} has sent one. */
    private Map<String, JsonNode> awaitHeartbeats(String... ids) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        await("heartbeats from " + List.of(ids), () -> {
            for (FakeMaster.Request r : master.requests()) {
                if (r.route().equals("POST /agents/heartbeat")) {
                    try {
                        JsonNode h = Json.MAPPER.readTree(r.body());
                        latest.put(h.path("agentId").asText(), h);
                    } catch (IOException e) {
                        throw new AssertionError("an agent sent a heartbeat that is not JSON: " + r.bodyText(), e);
                    }
                }
            }
            return latest.keySet().containsAll(List.of(ids));
        });
        return latest;
    }

    /** Whether something answers HTTP at the agent's address (any status); false once nothing listens. */
    private boolean answers(URI agent) {
        try {
            http.send(HttpRequest.newBuilder(agent.resolve("/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20); // polling interval, not a wait for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
