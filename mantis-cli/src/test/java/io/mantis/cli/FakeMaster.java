package io.mantis.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the master: a real HTTP server on loopback answering canned JSON per {@code METHOD path}
 * (path with its query, without {@code /api/v1}), recording every request. A route given several answers gives
 * them in turn and then repeats the last. Unknown routes answer 404 with an ApiError.
 */
public final class FakeMaster implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String path, String authorization, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String route() {
            return method + " " + path;
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    public FakeMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds answers for {@code "METHOD /path?query"}, given in order, the last one repeating. */
    public FakeMaster on(String route, int status, String... bodies) {
        Deque<Answer> q = routes.computeIfAbsent(route, r -> new ArrayDeque<>());
        synchronized (q) {
            for (String b : bodies) {
                q.add(new Answer(status, b));
            }
        }
        return this;
    }

    /** Replaces the answers of {@code route} with {@code body}, from the next request on. */
    public FakeMaster set(String route, int status, String body) {
        Deque<Answer> q = routes.computeIfAbsent(route, r -> new ArrayDeque<>());
        synchronized (q) {
            q.clear();
            q.add(new Answer(status, body));
        }
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> routes() {
        return requests().stream().map(Request::route).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String path = raw.replaceFirst("^/api/v1", "") + (query == null ? "" : "?" + query);
        byte[] body = ex.getRequestBody().readAllBytes();
        synchronized (this) {
            requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
        }
        Answer answer = next(ex.getRequestMethod() + " " + path);
        byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private Answer next(String route) {
        Deque<Answer> q = routes.get(route);
        if (q == null) {
            return new Answer(404, "{\"error\":\"not_found\",\"message\":\"no route " + route + " in FakeMaster\"}");
        }
        synchronized (q) {
            return q.size() > 1 ? q.poll() : q.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
