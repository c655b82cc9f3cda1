package io.mantis.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mantis.cli.CliException;
import io.mantis.cli.options.CliConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Talks to the master's REST API ({@code <master>/api/v1}). Every answer is parsed as a JSON tree; 204 and empty
 * bodies give {@link NullNode}. Thread-safe.
 *
 * <p>Failures: an error status throws {@link MasterError} carrying the ApiError's message; a master that cannot
 * be reached throws {@link CliException} saying so and suggesting {@code mantis up}.
 */
public final class MasterClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI master;
    private final String token;
    private final HttpClient http;

    public MasterClient(CliConfig config, HttpClient http) {
        this.master = Objects.requireNonNull(config, "config is null").master();
        this.token = config.token();
        this.http = Objects.requireNonNull(http, "http is null");
    }

    public static MasterClient create(CliConfig config) {
        return new MasterClient(config, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** The master's base URL, without {@code /api/v1}. */
    public URI master() {
        return master;
    }

    public HttpClient http() {
        return http;
    }

    /** {@code GET /api/v1<path>}. */
    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    /** {@code GET /api/v1<path>}, empty on 404. */
    public Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (MasterError e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST}, {@code PUT} or {@code DELETE} with {@code body} as JSON (none when null). */
    public JsonNode send(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(toJson(body));
        HttpRequest.Builder b = request(path).method(method, publisher);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b);
    }

    /** {@code POST /api/v1/artifacts?name=<file name>} with the file's bytes. */
    public JsonNode upload(Path jar) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = HttpRequest.BodyPublishers.ofFile(jar);
        } catch (FileNotFoundException e) {
            throw new CliException("JAR " + jar + " does not exist; give the path of a job JAR");
        }
        String name = jar.getFileName().toString();
        return send(request("/artifacts?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Content-Type", "application/java-archive")
                .POST(publisher));
    }

    /** A path segment (cluster name, job id) made safe for a URL. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(master + "/api/v1" + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest req = builder.build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            // Refused connections sometimes surface as a plain IOException wrapping ConnectException.
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new CliException("talking to the master at " + master + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the master at " + master, e);
        }
        return parse(req, resp);
    }

    private CliException unreachable(Exception e) {
        return new CliException("cannot reach the master at " + master + ": is `mantis up` running?", e);
    }

    private static JsonNode parse(HttpRequest req, HttpResponse<String> resp) {
        String body = resp.body();
        int status = resp.statusCode();
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? NullNode.getInstance() : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (status >= 200 && status < 300) {
            if (node == null) {
                throw new CliException("the master answered " + req.method() + " " + req.uri()
                        + " with something that is not JSON: " + abbreviate(body));
            }
            return node;
        }
        if (node != null && node.hasNonNull("message")) {
            String kind = node.hasNonNull("error") ? node.get("error").asText() : "http_error";
            throw new MasterError(status, kind, node.get("message").asText());
        }
        throw new MasterError(status, "http_error", "the master answered " + req.method() + " " + req.uri()
                + " with HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
    }

    private static String abbreviate(String s) {
        String oneLine = s.strip().replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private static byte[] toJson(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
