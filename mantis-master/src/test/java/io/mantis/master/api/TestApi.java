package io.mantis.master.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;

/** An {@link ApiServer} on a free loopback port over a {@link RecordingOperations}, and a client for it. */
final class TestApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final RecordingOperations operations;
    final ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    TestApi(Path dir, String token, long maxArtifactBytes) {
        this.token = token;
        this.operations = new RecordingOperations(dir);
        this.server = new ApiServer(ApiServerConfig.of("127.0.0.1", 0, token, maxArtifactBytes, dir.resolve("spool")),
                operations);
    }

    URI uri(String pathAndQuery) {
        return server.url().resolve(pathAndQuery);
    }

    /** Sends with the server's token, if it has one. */
    HttpResponse<String> send(String method, String path, String json) {
        return send(method, path, json, token);
    }

    HttpResponse<String> send(String method, String path, String json, String bearer) {
        BodyPublisher body = json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, body)
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build(), BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
