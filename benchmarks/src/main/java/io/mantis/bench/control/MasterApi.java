package io.mantis.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The master's REST API as a script would call it (JSON over plain HTTP), plus reading a sink's event stream.
 * Every call fails with an {@link IllegalStateException} naming the request and the master's answer, because a
 * benchmark that cannot submit or kill has nothing sensible to go on with. Thread-safe.
 */
final class MasterApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    MasterApi(URI base) {
        this.base = base;
    }

    /** Uploads a job JAR and returns its SHA-256, the artifact id submits refer to. */
    String upload(Path jar) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/artifacts?name=" + jar.getFileName()))
                .POST(HttpRequest.BodyPublishers.ofFile(jar)).build();
        return expect(201, "upload of " + jar, request).path("sha256").asText();
    }

    /** Quick submit of an uploaded artifact; returns the job's id. */
    String submit(String artifact, String name, Map<String, String> parameters)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("artifact", artifact, "name", name, "parameters", parameters));
        return expect(201, "submit of " + name, post("/api/v1/jobs", body)).path("id").asText();
    }

    JsonNode job(String id) throws IOException, InterruptedException {
        return expect(200, "GET job " + id, HttpRequest.newBuilder(base.resolve("/api/v1/jobs/" + id)).GET().build());
    }

    void kill(String id) throws IOException, InterruptedException {
        expect(200, "kill of " + id, post("/api/v1/jobs/" + id + "/actions/kill", "{\"reason\":\"benchmark run over\"}"));
    }

    JsonNode agents() throws IOException, InterruptedException {
        return expect(200, "GET agents", HttpRequest.newBuilder(base.resolve("/api/v1/agents")).GET().build());
    }

    /**
     * Connects to {@code http://host:port/events} until the worker accepts (it may not listen yet: its address is
     * known as soon as it is placed) and reads until the first {@code data:} line. Returns {@link System#nanoTime()}
     * at that line.
     *
     * @throws IllegalStateException when nothing arrived by {@code deadlineNanos}
     */
    long firstEvent(String host, int port, long deadlineNanos) throws InterruptedException {
        URI uri = URI.create("http://" + host + ":" + port + "/events");
        Exception last = null;
        while (System.nanoTime() < deadlineNanos) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body();
                     BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    if (response.statusCode() == 200) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                return System.nanoTime();
                            }
                        }
                    }
                    last = new IOException("status " + response.statusCode() + ", stream ended without an event");
                }
            } catch (ConnectException e) {
                last = e; // not listening yet
            } catch (IOException e) {
                last = e;
            }
            // A short pause between refused connects: the JVM is still starting, and spinning would slow it down.
            Thread.sleep(2);
        }
        throw new IllegalStateException("no event from " + uri + " before the deadline; last attempt: " + last);
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private JsonNode expect(int status, String what, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " (expected " + status
                    + "): " + body);
        }
        return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    }
}
