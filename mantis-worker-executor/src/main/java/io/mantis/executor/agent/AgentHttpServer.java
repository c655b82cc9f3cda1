package io.mantis.executor.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mantis.protocol.ApiError;
import io.mantis.protocol.KillRequest;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP side on loopback: {@code POST /launch} ({@link LaunchRequest}, 202), {@code POST /kill}
 * ({@link KillRequest}, 202; 404 for a worker it does not know) and {@code GET /workers} ({@code [WorkerReport]}).
 * With a token, both POSTs need {@code Authorization: Bearer <token>} (401 otherwise). Errors are {@link ApiError}
 * JSON naming what was wrong. Requests are handled on {@code executor}; the handler must not block for long.
 */
final class AgentHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
    private static final int MAX_BODY = 1 << 20;

    /** What the server does for each request; called on the server's threads. */
    interface Handler {
        void launch(LaunchRequest request);

        /** @return false when the worker is unknown */
        boolean kill(KillRequest request);

        List<WorkerReport> workers();
    }

    private final HttpServer server;
    private final String token;
    private final Handler handler;

    /** Binds 127.0.0.1 on a free port and starts serving. @param token null for none */
    AgentHttpServer(String token, Handler handler, ExecutorService executor) throws IOException {
        this.token = token;
        this.handler = handler;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/launch" -> post(exchange, method, () -> {
                    LaunchRequest request = read(exchange, LaunchRequest.class);
                    LaunchRequests.validate(request);
                    handler.launch(request);
                    send(exchange, 202, null);
                });
                case "/kill" -> post(exchange, method, () -> {
                    KillRequest request = read(exchange, KillRequest.class);
                    if (request.workerId() == null) {
                        throw new IllegalArgumentException("workerId is missing");
                    }
                    if (handler.kill(request)) {
                        send(exchange, 202, null);
                    } else {
                        error(exchange, 404, "not_found", "no worker " + request.workerId() + " on this agent");
                    }
                });
                case "/workers" -> {
                    if (method.equals("GET")) {
                        send(exchange, 200, handler.workers());
                    } else {
                        error(exchange, 405, "method_not_allowed", method + " " + path + ": use GET");
                    }
                }
                default -> error(exchange, 404, "not_found", "no such path " + path
                        + " (this agent serves POST /launch, POST /kill, GET /workers)");
            }
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private void post(HttpExchange exchange, String method, Action action) throws IOException {
        if (!method.equals("POST")) {
            error(exchange, 405, "method_not_allowed", method + " " + exchange.getRequestURI().getPath()
                    + ": use POST");
            return;
        }
        if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "unauthorized", "this agent needs the header Authorization: Bearer <master's token>");
            return;
        }
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_request", e.getMessage());
        } catch (IllegalStateException e) {
            error(exchange, 503, "unavailable", e.getMessage());
        }
    }

    private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("request body is larger than " + MAX_BODY + " bytes");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw new IllegalArgumentException("the body is empty: send a " + type.getSimpleName() + " as JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void error(HttpExchange exchange, int status, String kind, String message) throws IOException {
        send(exchange, status, new ApiError(kind, message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
