package io.mantis.bench.pools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The master's REST API as the scenario uses it. Every call fails with an {@link IllegalStateException} naming the
 * request and the master's answer: a scenario that cannot submit or look has nothing to go on with. Thread-safe.
 */
final class ScenarioApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ScenarioApi(URI base) {
        this.base = base;
    }

    /** Uploads a job JAR; returns its SHA-256. */
    String upload(Path jar) {
        try {
            return send(201, "upload of " + jar, HttpRequest.newBuilder(base.resolve("/api/v1/artifacts?name="
                    + jar.getFileName())).POST(HttpRequest.BodyPublishers.ofFile(jar))).path("sha256").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    JsonNode post(int expected, String path, Object body) {
        try {
            return send(expected, "POST " + path, HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode get(String path) {
        return send(200, "GET " + path, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode send(int expected, String what, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + " (expected "
                        + expected + "): " + response.body());
            }
            String body = response.body();
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
