package io.mantis.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.runtime.net.HttpServerTestBed;
import io.mantis.runtime.testing.Await;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAMS_EXAMPLE = "expected {\"upstreams\":[\"host:port\", ...]}";

    private HttpServerTestBed bed;
    private HttpClient http;
    private PrometheusMeterRegistry registry;
    private RecordingHandler handler;
    private AdminServer server;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        bed = new HttpServerTestBed(1);
        http = bed.http();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        handler = new RecordingHandler();
        server = new AdminServer("127.0.0.1", 0, bed.group(), registry, handler);
        port = server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
        bed.close();
        registry.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, publisher)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElse(null),
                response.body());
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Map.of("error", code, "message", message), json(response));
    }

    @Test
    void metricsServesTheRegistryInPrometheusTextFormat() throws Exception {
        registry.counter("test.probes", "kind", "probe").increment(3);

        HttpResponse<String> response = send("GET", "/metrics", null);

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("content-type").orElse(null));
        assertTrue(response.body().contains("# TYPE test_probes_total counter"), response.body());
        assertTrue(response.body().contains("test_probes_total{kind=\"probe\"} 3.0"), response.body());
    }

    @Test
    void healthServesTheHandlersSnapshotAsJson() throws Exception {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("state", "RUNNING");
        health.put("stage", 2);
        health.put("ports", Map.of("sink", 7100));
        handler.health = health;

        HttpResponse<String> response = send("GET", "/health", null);

        assertEquals(200, response.statusCode());
        assertEquals(health, json(response));
    }

    @Test
    void putUpstreamsHandsTheParsedAddressesToTheWorker() throws Exception {
        HttpResponse<String> response = send("PUT", "/upstreams",
                "{\"upstreams\":[\"127.0.0.1:7001\",\"[::1]:7002\",\"worker-3.example:7003\"]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Map.of("upstreams", 3), json(response));
        assertEquals(List.of(List.of(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7001),
                new InetSocketAddress(InetAddress.getByName("::1"), 7002),
                InetSocketAddress.createUnresolved("worker-3.example", 7003))), handler.upstreamCalls);
    }

    @Test
    void putUpstreamsAcceptsAnEmptyList() throws Exception {
        HttpResponse<String> response = send("PUT", "/upstreams", "{\"upstreams\":[]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of(List.of()), handler.upstreamCalls);
    }

    static Stream<Arguments> malformedUpstreams() {
        return Stream.of(
                Arguments.of("", "request body is empty; " + UPSTREAMS_EXAMPLE),
                Arguments.of("[]", "request body must be a JSON object like {\"upstreams\":[\"host:port\", ...]}, "
                        + "got an array []"),
                Arguments.of("{}", "missing field 'upstreams'; " + UPSTREAMS_EXAMPLE),
                Arguments.of("{\"upstreams\":null}", "missing field 'upstreams'; " + UPSTREAMS_EXAMPLE),
                Arguments.of("{\"upstreams\":\"127.0.0.1:7001\"}",
                        "'upstreams' must be an array of \"host:port\" strings, got a string \"127.0.0.1:7001\""),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:7001\",7002]}",
                        "upstreams[1] must be a \"host:port\" string, got a number 7002"),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:7001\",\"127.0.0.1\"]}",
                        "upstreams[1] '127.0.0.1' has no port; expected host:port"),
                Arguments.of("{\"upstreams\":[\"\"]}", "upstreams[0] is empty; expected host:port"),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:\"]}",
                        "upstreams[0] '127.0.0.1:' has no port; expected host:port"),
                Arguments.of("{\"upstreams\":[\":7001\"]}", "upstreams[0] ':7001' has no host; expected host:port"),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:http\"]}",
                        "upstreams[0] '127.0.0.1:http' has port 'http'; expected a number from 1 to 65535"),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:65536\"]}",
                        "upstreams[0] '127.0.0.1:65536' has port '65536'; expected a number from 1 to 65535"),
                Arguments.of("{\"upstreams\":[\"127.0.0.1:0\"]}",
                        "upstreams[0] '127.0.0.1:0' has port '0'; expected a number from 1 to 65535"),
                Arguments.of("{\"upstreams\":[\"::1:7001\"]}", "upstreams[0] '::1:7001' has more than one ':'; "
                        + "write an IPv6 address in brackets, e.g. [::1]:7001"),
                Arguments.of("{\"upstreams\":[\"[::1:7001\"]}",
                        "upstreams[0] '[::1:7001' has '[' without ']'; expected [ipv6]:port, e.g. [::1]:7001"),
                Arguments.of("{\"upstreams\":[\"[::1]\"]}",
                        "upstreams[0] '[::1]' has no port; expected [ipv6]:port, e.g. [::1]:7001"),
                Arguments.of("{\"upstreams\":[\"[::1]7001\"]}",
                        "upstreams[0] '[::1]7001' has '7001' after ']'; expected [ipv6]:port"),
                Arguments.of("{\"upstreams\":[\"[127.0.0.1]:7001\"]}", "upstreams[0] '[127.0.0.1]:7001' has "
                        + "'127.0.0.1' in brackets, which is not an IPv6 address; only IPv6 addresses go in brackets"),
                Arguments.of("{\"upstreams\":[\"999.1.1.1:7001\"]}",
                        "upstreams[0] '999.1.1.1:7001' has host '999.1.1.1', which is not a valid IPv4 address"),
                Arguments.of("{\"upstreams\":[\"bad host:7001\"]}", "upstreams[0] 'bad host:7001' has host "
                        + "'bad host', which is neither an IP address nor a valid host name"),
                Arguments.of("{\"upstreams\":[\"a:1\",\"b:2\",\"a:1\"]}",
                        "upstreams[2] 'a:1' repeats upstreams[0]; list each upstream worker once"));
    }

    @ParameterizedTest
    @MethodSource("malformedUpstreams")
    void malformedUpstreamsAreRejectedNamingTheProblem(String body, String message) throws Exception {
        assertError(send("PUT", "/upstreams", body), 400, "bad_request", message);
        assertEquals(List.of(), handler.upstreamCalls, "a rejected request must not reach the worker");
    }

    @ParameterizedTest
    @MethodSource("invalidJson")
    void invalidJsonIsRejectedWithTheParsersPosition(String body) throws Exception {
        HttpResponse<String> response = send("PUT", "/upstreams", body);

        assertEquals(400, response.statusCode(), response.body());
        Map<String, Object> error = json(response);
        assertEquals("bad_request", error.get("error"));
        assertTrue(String.valueOf(error.get("message")).startsWith("request body is not valid JSON at line 1, column "),
                response.body());
        assertEquals(List.of(), handler.upstreamCalls);
    }

    static Stream<String> invalidJson() {
        return Stream.of("{not json", "{\"upstreams\":[\"a:1\"]} trailing", "{\"upstreams\":[],\"upstreams\":[]}");
    }

    @Test
    void putDownstreamWorkersHandsTheCountToTheWorker() throws Exception {
        HttpResponse<String> response = send("PUT", "/downstream-workers", "{\"count\":3}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Map.of("count", 3), json(response));
        assertEquals(List.of(3), handler.downstreamCalls);
    }

    static Stream<Arguments> invalidCounts() {
        String example = "expected {\"count\":N} with N >= 1";
        return Stream.of(
                Arguments.of("", "request body is empty; " + example),
                Arguments.of("{}", "missing field 'count'; " + example),
                Arguments.of("{\"count\":0}", "'count' must be at least 1, got 0"),
                Arguments.of("{\"count\":-2}", "'count' must be at least 1, got -2"),
                Arguments.of("{\"count\":\"3\"}", "'count' must be a whole number, got a string \"3\""),
                Arguments.of("{\"count\":2.5}", "'count' must be a whole number, got a number 2.5"),
                Arguments.of("{\"count\":3000000000}", "'count' is out of range, got 3000000000"));
    }

    @ParameterizedTest
    @MethodSource("invalidCounts")
    void invalidDownstreamCountsAreRejectedNamingTheProblem(String body, String message) throws Exception {
        assertError(send("PUT", "/downstream-workers", body), 400, "bad_request", message);
        assertEquals(List.of(), handler.downstreamCalls);
    }

    @Test
    void unknownPathsAnswer404() throws Exception {
        assertError(send("GET", "/nope?x=1", null), 404, "not_found", "no resource at '/nope'; the admin endpoint "
                + "serves GET /metrics, GET /health, PUT /upstreams, PUT /downstream-workers");
    }

    @Test
    void wrongMethodsAnswer405WithTheAllowedOne() throws Exception {
        HttpResponse<String> getUpstreams = send("GET", "/upstreams", null);
        assertError(getUpstreams, 405, "method_not_allowed", "GET is not allowed on /upstreams; use PUT");
        assertEquals("PUT", getUpstreams.headers().firstValue("allow").orElse(null));

        HttpResponse<String> postMetrics = send("POST", "/metrics", "{}");
        assertError(postMetrics, 405, "method_not_allowed", "POST is not allowed on /metrics; use GET");
        assertEquals("GET", postMetrics.headers().firstValue("allow").orElse(null));
    }

    @Test
    void oversizedBodiesAnswer413AndTheConnectionStaysUsable() throws Exception {
        String big = "{\"upstreams\":[\"" + "a".repeat(AdminServer.MAX_BODY_BYTES) + ":1\"]}";

        assertError(send("PUT", "/upstreams", big), 413, "payload_too_large", "request body exceeds 65536 bytes");
        assertEquals(List.of(), handler.upstreamCalls);

        assertEquals(200, send("GET", "/health", null).statusCode());
    }

    @Test
    void oversizedBodiesAnnouncedWithExpectContinueAnswer413BeforeTheBody() throws Exception {
        // A raw socket: JDK 17's HttpClient hangs when "Expect: 100-continue" gets a final answer.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ascii("PUT /upstreams HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + (AdminServer.MAX_BODY_BYTES + 1) + "\r\n\r\n"));

            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertEquals(413, response.status());
            assertEquals(Map.of("error", "payload_too_large", "message", "request body exceeds 65536 bytes"),
                    JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { }));
        }
        assertEquals(List.of(), handler.upstreamCalls);
    }

    @Test
    void handlerFailuresAnswer500WithTheirMessage() throws Exception {
        handler.failure = new IllegalStateException("worker is shutting down");

        assertError(send("GET", "/health", null), 500, "internal_error", "worker is shutting down");
        assertError(send("PUT", "/downstream-workers", "{\"count\":2}"), 500, "internal_error",
                "worker is shutting down");
    }

    @Test
    void keepAliveConnectionsServeSeveralRequestsAndCloseWhenAsked() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write(ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(200, RawHttp.read(in).status());

            String body = "{\"count\":4}";
            out.write(ascii("PUT /downstream-workers HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body));
            assertEquals(200, RawHttp.read(in).status());

            out.write(ascii("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            RawHttp.Response last = RawHttp.read(in);
            assertEquals(404, last.status());
            assertEquals("close", last.headers().get("connection"));
            assertEquals(-1, in.read(), "the server should close after a Connection: close request");
        }
        assertEquals(List.of(4), handler.downstreamCalls);
    }

    @Test
    void malformedHttpAnswers400AndCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ascii("GET /health NOT-HTTP\r\nHost: x\r\n\r\n"));
            InputStream in = socket.getInputStream();

            RawHttp.Response response = RawHttp.read(in);

            assertEquals(400, response.status());
            assertTrue(response.body().startsWith("{\"error\":\"bad_request\",\"message\":\"malformed HTTP request"),
                    response.body());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void closeIsIdempotentAndStopsListening() throws Exception {
        server.close();
        server.close();

        // NIO releases a listening socket once its selector deregisters it, a moment after close() returns.
        Await.until("port " + port + " to refuse connections", Duration.ofSeconds(10), () -> refuses(port));
        assertThrows(IllegalStateException.class, server::start);
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError("unexpected failure connecting to " + port, e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
