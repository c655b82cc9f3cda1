package io.mantis.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MasterHeartbeatsTest {

    private static final MasterHeartbeats.Beat BEAT = new MasterHeartbeats.Beat("sine-1-2-0-3", "127.0.0.1", 7001,
            7002, 7003);

    @Test
    void postsTheWorkersAddressWithTheTokenEveryInterval() throws Exception {
        try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint();
             MasterHeartbeats beats = new MasterHeartbeats(master.url(), Duration.ofMillis(50), "s3cret", BEAT,
                     () -> { })) {
            beats.start();
            Await.until("three heartbeats", Duration.ofSeconds(10), () -> master.received().size() >= 3);

            JsonNode body = new ObjectMapper().readTree(master.received().get(0).body());
            assertEquals("sine-1-2-0-3", body.get("workerId").asText());
            assertEquals("127.0.0.1", body.get("host").asText());
            assertEquals(7001, body.get("dataPort").asInt());
            assertEquals(7002, body.get("sinkPort").asInt());
            assertEquals(7003, body.get("adminPort").asInt());
            assertEquals("Bearer s3cret", master.received().get(2).authorization());
        }
    }

    @Test
    void everyBeatCarriesTheSinksCurrentSubscriberCount() throws Exception {
        AtomicInteger clients = new AtomicInteger(2);
        try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint();
             MasterHeartbeats beats = new MasterHeartbeats(master.url(), Duration.ofMillis(50), null, BEAT,
                     clients::get, () -> { })) {
            beats.start();
            Await.until("a heartbeat", Duration.ofSeconds(10), () -> !master.received().isEmpty());
            assertEquals(2, new ObjectMapper().readTree(master.received().get(0).body()).get("subscribers").asInt());

            clients.set(0);
            Await.until("a heartbeat saying nobody is subscribed", Duration.ofSeconds(10), () -> {
                var all = master.received();
                return subscribers(all.get(all.size() - 1).body()) == 0;
            });
        }
    }

    private static int subscribers(String body) {
        try {
            return new ObjectMapper().readTree(body).get("subscribers").asInt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() throws Exception {
        try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint();
             MasterHeartbeats beats = new MasterHeartbeats(master.url(), Duration.ofMillis(50), null, BEAT,
                     () -> { })) {
            beats.start();
            Await.until("a heartbeat", Duration.ofSeconds(10), () -> !master.received().isEmpty());
            assertNull(master.received().get(0).authorization());
        }
    }

    @Test
    void keepsTryingWhileTheMasterIsDownOrFailing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there until the master comes up
        }
        AtomicInteger rejected = new AtomicInteger();
        try (MasterHeartbeats beats = new MasterHeartbeats(URI.create("http://127.0.0.1:" + port + "/hb"),
                Duration.ofMillis(50), null, BEAT, rejected::incrementAndGet)) {
            beats.start();
            Thread.sleep(200); // several beats fail to connect meanwhile
            try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint(port)) {
                master.answer(503);
                Await.until("three beats answered 503", Duration.ofSeconds(10), () -> master.received().size() >= 3);
                master.answer(204);
                int seen = master.received().size();
                Await.until("beats go on once the master answers", Duration.ofSeconds(10),
                        () -> master.received().size() >= seen + 2);
            }
        }
        assertEquals(0, rejected.get());
    }

    @Test
    void aNotFoundAnswerStopsTheBeatsAndReportsOnce() throws Exception {
        AtomicInteger rejected = new AtomicInteger();
        try (FakeHeartbeatEndpoint master = new FakeHeartbeatEndpoint();
             MasterHeartbeats beats = new MasterHeartbeats(master.url(), Duration.ofMillis(20), null, BEAT,
                     rejected::incrementAndGet)) {
            master.answer(404);
            beats.start();
            Await.until("the rejection", Duration.ofSeconds(10), () -> rejected.get() == 1);
            int sent = master.received().size();
            // A later beat would have come within a few intervals; none may.
            master.answer(204);
            Thread.sleep(300); // fifteen intervals: absence cannot be awaited
            assertEquals(sent, master.received().size(), "a beat was sent after the 404");
        }
        assertEquals(1, rejected.get());
    }

    @Test
    void rejectsANonPositiveInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MasterHeartbeats(
                URI.create("http://127.0.0.1:1/hb"), Duration.ZERO, null, BEAT, () -> { }));
        assertTrue(e.getMessage().contains("interval must be positive"), e.getMessage());
    }
}
