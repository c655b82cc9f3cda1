package io.mantis.runtime.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.runtime.net.HttpServerTestBed;
import io.mantis.runtime.sink.SseTestClient.NamedEvent;
import io.mantis.runtime.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SseSinkServerTest {

    /** How long a test waits for something it expects to happen soon; only a failing test waits that long. */
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HttpServerTestBed bed;
    private HttpClient http;
    private StageMetrics metrics;
    private SseSinkServer server;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        bed = new HttpServerTestBed(2);
        http = bed.http();
        metrics = new StageMetrics(new SimpleMeterRegistry(), "job-1", 2, 0);
        server = startServer(SseSinkSettings.DEFAULTS);
        port = server.start();
    }

    private SseSinkServer startServer(SseSinkSettings settings) {
        SseSinkServer s = new SseSinkServer("127.0.0.1", 0, bed.group(), metrics, settings);
        toClose.add(s);
        return s;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        bed.close();
    }

    private SseTestClient connect(String clientId) throws Exception {
        return connect(port, clientId, false);
    }

    private SseTestClient connect(int toPort, String clientId, boolean recordRaw) throws Exception {
        SseTestClient client = SseTestClient.connect(http, toPort, clientId, recordRaw);
        toClose.add(client);
        return client;
    }

    private static List<String> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "event-" + i).collect(Collectors.toList());
    }

    private void publishAll(List<String> events) {
        for (String e : events) {
            server.publish(e);
        }
    }

    @Test
    void oneClientGetsEveryEventInOrderWithSseFramingAndHeaders() throws Exception {
        SseTestClient client = connect(port, null, true);
        Await.until("the client to register", WAIT, () -> server.clientCount() == 1);

        HttpResponse<?> head = client.response();
        assertEquals(200, head.statusCode());
        assertEquals("text/event-stream", head.headers().firstValue("content-type").orElse(null));
        assertEquals("no-cache", head.headers().firstValue("cache-control").orElse(null));
        assertEquals("chunked", head.headers().firstValue("transfer-encoding").orElse(null));

        List<String> expected = events(0, 2_000);
        publishAll(expected);

        Await.until("all events at the client", WAIT, () -> client.dataCount() == expected.size());
        assertEquals(expected, client.data());
        String framed = expected.stream().map(e -> "data: " + e + "\n\n").collect(Collectors.joining());
        assertEquals(framed, client.raw().replace(": ping\n\n", ""));
        Await.until("sinkEventsSent to count every event", WAIT,
                () -> metrics.sinkEventsSent.count() == expected.size());
        assertEquals(0.0, metrics.sinkDropped.count());
    }

    @Test
    void clientsSharingAClientIdSplitTheStream() throws Exception {
        SseTestClient a = connect("shared");
        SseTestClient b = connect("shared");
        Await.until("both clients to register", WAIT, () -> server.clientCount() == 2);

        List<String> expected = events(0, 1_000);
        publishAll(expected);

        Await.until("every event at one of the two", WAIT, () -> a.dataCount() + b.dataCount() >= expected.size());
        List<String> got = new ArrayList<>(a.data());
        got.addAll(b.data());
        assertEquals(expected.size(), got.size(), "no event may reach both members");
        assertEquals(new HashSet<>(expected), new HashSet<>(got));
        assertFalse(a.data().isEmpty(), "the first member got nothing");
        assertFalse(b.data().isEmpty(), "the second member got nothing");
        assertInPublishOrder(a.data());
        assertInPublishOrder(b.data());
    }

    private static void assertInPublishOrder(List<String> got) {
        List<Integer> seq = got.stream().map(e -> Integer.parseInt(e.substring("event-".length()))).toList();
        assertEquals(seq.stream().sorted().toList(), seq, "a member's share must keep publish order");
    }

    @Test
    void clientsWithDifferentIdsOrNoneEachGetEveryEvent() throws Exception {
        SseTestClient a = connect("a");
        SseTestClient b = connect("b");
        SseTestClient anonymous1 = connect(null);
        SseTestClient anonymous2 = connect(null);
        Await.until("four clients to register", WAIT, () -> server.clientCount() == 4);

        List<String> expected = events(0, 1_000);
        publishAll(expected);

        for (SseTestClient c : List.of(a, b, anonymous1, anonymous2)) {
            Await.until("every event at each client", WAIT, () -> c.dataCount() >= expected.size());
            assertEquals(expected, c.data());
        }
    }

    @Test
    void slowClientLosesEventsWithoutHoldingBackPublishOrOtherClients() throws Exception {
        try (Socket slow = new Socket()) {
            // A small receive window fills quickly; after that this client only ever falls further behind.
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /events?clientId=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SseTestClient fast = connect("fast");
            Await.until("both clients to register", WAIT, () -> server.clientCount() == 2);

            // 20 MB, several times what the slow client's socket buffers, channel and batch can hold. Publish
            // runs as fast as it can; between bursts the test waits for the fast client to read, so that only
            // the slow one is behind. A burst stays well under the per-client bounds (256 KiB batch, 256 KiB
            // high water mark): a client that reads but is sent more than that at once is rightly dropped too.
            String padding = "x".repeat(1_000);
            int total = 20_000;
            int burst = 50;
            List<String> expected = new ArrayList<>(total);
            for (int sent = 0; sent < total; ) {
                for (int i = 0; i < burst; i++, sent++) {
                    String event = sent + ":" + padding;
                    expected.add(event);
                    server.publish(event);
                }
                int target = sent;
                Await.until("the fast client to read " + target + " events", WAIT, () -> fast.dataCount() >= target);
            }

            assertTrue(metrics.sinkDropped.count() > 0, "the slow client should have missed events");
            assertEquals(expected, fast.data(), "the fast client must get every event, in order");
            assertEquals(2, server.clientCount(), "a slow client is not disconnected, only skipped");
        }
    }

    @Test
    void stalledClientCostsBoundedMemoryAndPublishGoesOnDropping() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            stalled.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Await.until("the client to register", WAIT, () -> server.clientCount() == 1);

            // 50 MB into a client that reads nothing, with no pauses: publish must run through.
            String padding = "y".repeat(1_000);
            int total = 50_000;
            for (int i = 0; i < total; i++) {
                server.publish(i + ":" + padding);
            }

            // What is not dropped sits in the kernel's socket buffers (a few MiB at most here), Netty's outbound
            // buffer and the client's batch (256 KiB each): far less than 10 MB.
            double dropped = metrics.sinkDropped.count();
            assertTrue(dropped >= total - 10_000, "only " + dropped + " of " + total + " events were dropped");
        }
    }

    @Test
    void completeEndsEveryStreamAndLateClientsGetTheFinalEventAtOnce() throws Exception {
        SseTestClient early = connect(port, null, true);
        Await.until("the client to register", WAIT, () -> server.clientCount() == 1);
        List<String> expected = events(0, 10);
        publishAll(expected);

        server.complete();

        Await.until("the stream to end", WAIT, early::ended);
        assertNull(early.failure());
        assertEquals(expected, early.data(), "events published before complete() arrive before the end");
        assertEquals(List.of(new NamedEvent("complete", "")), early.named());
        assertTrue(early.raw().endsWith("data: event-9\n\nevent: complete\ndata: \n\n"), early.raw());
        Await.until("the connection to be forgotten", WAIT, () -> server.clientCount() == 0);

        server.publish("after the end");
        SseTestClient late = connect(null);
        Await.until("the late stream to end", WAIT, late::ended);
        assertEquals(List.of(), late.data());
        assertEquals(List.of(new NamedEvent("complete", "")), late.named());
    }

    @Test
    void failEndsEveryStreamWithTheMessage() throws Exception {
        SseTestClient early = connect(null);
        Await.until("the client to register", WAIT, () -> server.clientCount() == 1);
        server.publish("before");

        server.fail("stage failed: disk full\nat line 2");
        server.complete();

        Await.until("the stream to end", WAIT, early::ended);
        assertEquals(List.of("before"), early.data());
        assertEquals(List.of(new NamedEvent("error", "stage failed: disk full\nat line 2")), early.named(),
                "the first end wins, and a multi-line message survives as several data lines");

        SseTestClient late = connect("someone");
        Await.until("the late stream to end", WAIT, late::ended);
        assertEquals(List.of(new NamedEvent("error", "stage failed: disk full\nat line 2")), late.named());
    }

    @Test
    void quietStreamsGetHeartbeats() throws Exception {
        SseSinkServer beating = startServer(SseSinkSettings.DEFAULTS.withHeartbeatInterval(Duration.ofMillis(50)));
        int beatingPort = beating.start();
        SseTestClient client = connect(beatingPort, null, false);

        Await.until("two heartbeats", WAIT, () -> client.pings() >= 2);
        beating.publish("still delivered");
        Await.until("the event after the pings", WAIT, () -> client.dataCount() == 1);
        assertEquals(List.of("still delivered"), client.data());
    }

    @Test
    void disconnectedClientsAreForgottenAndNoClientsMeansNoDrops() throws Exception {
        SseTestClient client = connect("gone-soon");
        Await.until("the client to register", WAIT, () -> server.clientCount() == 1);

        client.close();

        Await.until("the server to notice the disconnect", WAIT, () -> server.clientCount() == 0);
        publishAll(events(0, 100));
        assertEquals(0.0, metrics.sinkDropped.count(), "an event nobody subscribed to is not a drop");
    }

    @Test
    void otherPathsAnswer404AndOtherMethods405InJson() throws Exception {
        HttpResponse<String> notFound = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notFound.statusCode());
        assertEquals("application/json; charset=utf-8", notFound.headers().firstValue("content-type").orElse(null));
        assertTrue(notFound.body().startsWith("{\"error\":\"not_found\",\"message\":\""), notFound.body());
        assertTrue(notFound.body().contains("/nope"), notFound.body());

        HttpResponse<String> wrongMethod = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("allow").orElse(null));
        assertTrue(wrongMethod.body().startsWith("{\"error\":\"method_not_allowed\""), wrongMethod.body());
        assertEquals(0, server.clientCount());
    }

    @Test
    void closeEndsConnectionsAndIsIdempotent() throws Exception {
        SseTestClient client = connect(null);
        Await.until("the client to register", WAIT, () -> server.clientCount() == 1);

        server.close();
        server.close();

        Await.until("the connection to close", WAIT, client::ended);
        assertThrows(IllegalStateException.class, server::start);
        server.publish("into the void");
    }
}
