package io.mantis.cli.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The master's REST API as the Mesos integration tests use it: upload, submit, inspect, kill. */
final class MantisRest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START = Duration.ofSeconds(90);
    private static final List<String> ENDED = List.of("COMPLETED", "FAILED", "KILLED", "LOST");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    MantisRest(URI base) {
        this.base = base;
    }

    /** The example JAR built by the examples module, e.g. {@code sine-wave}. */
    static Path exampleJar(String name) {
        return Path.of(System.getProperty("examples.jarDir", "../examples/target"))
                .resolve("examples-" + System.getProperty("examples.version", "0.1.0-SNAPSHOT") + "-" + name + ".jar");
    }

    String upload(String example) throws IOException {
        JsonNode body = send(HttpRequest.newBuilder(base.resolve("/api/v1/artifacts?name=" + example + ".jar"))
                .POST(HttpRequest.BodyPublishers.ofFile(exampleJar(example))), 201);
        return body.path("sha256").asText();
    }

    String submit(String sha, String name, Map<String, String> parameters) throws IOException {
        return post("/api/v1/jobs", Map.of("artifact", sha, "name", name, "parameters", parameters), 201)
                .path("id").asText();
    }

    /** Creates a job cluster from its JSON spec ({@code POST /api/v1/clusters}). */
    void createCluster(Map<String, Object> spec) throws IOException {
        post("/api/v1/clusters", spec, 201);
    }

    /** Submits a job of a cluster with its defaults; returns the job id. */
    String submitTo(String cluster) throws IOException {
        return post("/api/v1/clusters/" + cluster + "/jobs", Map.of(), 201).path("id").asText();
    }

    /** {@code GET /api/v1/agents}. */
    JsonNode agents() throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/agents")).GET(), 200);
    }

    JsonNode job(String id) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs/" + id)).GET(), 200);
    }

    void kill(String id) throws IOException {
        post("/api/v1/jobs/" + id + "/actions/kill", Map.of(), 200);
    }

    /** Waits until the job is RUNNING with every live worker STARTED. */
    JsonNode awaitRunning(String id) {
        return await("job " + id + " running with all workers started", job -> {
            boolean all = job.path("state").asText().equals("RUNNING");
            for (JsonNode w : live(job)) {
                all &= w.path("state").asText().equals("STARTED");
            }
            return all;
        }, id);
    }

    JsonNode await(String what, java.util.function.Predicate<JsonNode> done, String id) {
        return FakeMesosMaster.await(what, START, () -> {
            try {
                JsonNode job = job(id);
                return done.test(job) ? Optional.of(job) : Optional.empty();
            } catch (IOException | IllegalStateException e) {
                return Optional.empty(); // e.g. 503 while the master recovers: ask again
            }
        });
    }

    static List<JsonNode> live(JsonNode job) {
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode w : job.path("workers")) {
            if (!ENDED.contains(w.path("state").asText())) {
                live.add(w);
            }
        }
        return live;
    }

    static JsonNode worker(JsonNode job, int stage) {
        return live(job).stream().filter(w -> w.path("stage").asInt() == stage).findFirst()
                .orElseThrow(() -> new AssertionError("no live worker of stage " + stage + ": " + job.path("workers")));
    }

    /** Reads the first Server-Sent Event {@code data:} line from the job's sink worker. */
    static String firstSinkEvent(JsonNode job, Duration timeout) {
        JsonNode sink = worker(job, job.path("stages").size());
        URI uri = URI.create("http://" + sink.path("host").asText() + ":" + sink.path("sinkPort").asInt() + "/events");
        return FakeMesosMaster.await("an event from sink " + uri, timeout, () -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofLines());
                try (var lines = r.body()) {
                    return lines.filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).findFirst();
                }
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    private JsonNode post(String path, Object body, int expected) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), expected);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                        + r.statusCode() + " (expected " + expected + "): " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
