package io.mantis.executor.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.WorkerHeartbeat;
import io.mantis.protocol.WorkerReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The master's side of the agent protocol on loopback: records agent and worker heartbeats (with their
 * Authorization header), answers agent heartbeats with the kill and forget lists a test sets, and serves one JAR.
 */
final class FakeMaster implements AutoCloseable {

    record Received<T>(T body, String authorization) {
    }

    private final HttpServer server;
    private final List<Received<AgentHeartbeat>> agentBeats = new CopyOnWriteArrayList<>();
    private final List<Received<WorkerHeartbeat>> workerBeats = new CopyOnWriteArrayList<>();
    private volatile AgentHeartbeatReply reply = new AgentHeartbeatReply(List.of(), List.of());
    private volatile byte[] jar = new byte[0];

    FakeMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/agents/heartbeat", exchange -> {
            AgentHeartbeat beat = Json.MAPPER.readValue(exchange.getRequestBody(), AgentHeartbeat.class);
            agentBeats.add(new Received<>(beat, auth(exchange)));
            respond(exchange, 200, Json.MAPPER.writeValueAsBytes(reply));
        });
        server.createContext("/api/v1/workers/", exchange -> {
            WorkerHeartbeat beat = Json.MAPPER.readValue(exchange.getRequestBody(), WorkerHeartbeat.class);
            workerBeats.add(new Received<>(beat, auth(exchange)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/api/v1/artifacts/", exchange -> respond(exchange, 200, jar));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String artifactUrl(String sha) {
        return url() + "/api/v1/artifacts/" + sha;
    }

    String workerHeartbeatUrl(String workerId) {
        return url() + "/api/v1/workers/" + workerId + "/heartbeat";
    }

    void serveJar(Path file) throws IOException {
        jar = Files.readAllBytes(file);
    }

    void reply(AgentHeartbeatReply reply) {
        this.reply = reply;
    }

    List<Received<AgentHeartbeat>> agentBeats() {
        return List.copyOf(agentBeats);
    }

    List<Received<WorkerHeartbeat>> workerBeats() {
        return List.copyOf(workerBeats);
    }

    /** The worker's report in the latest agent heartbeat, if that heartbeat has one. */
    Optional<WorkerReport> latestReport(String workerId) {
        List<Received<AgentHeartbeat>> beats = agentBeats();
        if (beats.isEmpty()) {
            return Optional.empty();
        }
        return beats.get(beats.size() - 1).body().workers().stream()
                .filter(w -> w.workerId().equals(workerId)).findFirst();
    }

    /** Whether some agent heartbeat so far reported the worker with {@code status}. */
    boolean everReported(String workerId, WorkerReport.Status status) {
        return agentBeats().stream().flatMap(b -> b.body().workers().stream())
                .anyMatch(w -> w.workerId().equals(workerId) && w.status() == status);
    }

    private static String auth(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Authorization");
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
