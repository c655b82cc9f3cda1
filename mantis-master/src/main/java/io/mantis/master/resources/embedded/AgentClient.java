package io.mantis.master.resources.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Posts JSON to an embedded agent's {@code /launch} and {@code /kill}. Never blocks: every call returns a future
 * that completes normally, with the answer or the error, on the HTTP client's threads.
 */
final class AgentClient {

    private static final int MAX_BODY_IN_REASON = 200;

    private final HttpClient http;
    private final ObjectMapper json;
    private final String apiToken;
    private final Duration timeout;

    AgentClient(HttpClient http, ObjectMapper json, String apiToken, Duration timeout) {
        this.http = http;
        this.json = json;
        this.apiToken = apiToken;
        this.timeout = timeout;
    }

    /** What came of one POST: a status and body, or the error that kept it from being answered. */
    record Outcome(int status, String body, Throwable error) {

        boolean accepted() {
            return error == null && status >= 200 && status < 300;
        }

        /** e.g. "agent a1 refused launch: 400 bad assignment", or null when accepted. */
        String failure(String agentId, String agentUrl, String what) {
            if (accepted()) {
                return null;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                // The JDK client's ConnectException carries no message; say what it means.
                String detail = cause instanceof ConnectException ? "connection refused"
                        : cause.getMessage() == null ? cause.getClass().getSimpleName()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                return "agent " + agentId + " unreachable for " + what + " at " + agentUrl + ": " + detail;
            }
            String text = body == null ? "" : body.strip();
            if (text.length() > MAX_BODY_IN_REASON) {
                text = text.substring(0, MAX_BODY_IN_REASON) + "...";
            }
            return "agent " + agentId + " refused " + what + ": " + status + (text.isEmpty() ? "" : " " + text);
        }
    }

    CompletableFuture<Outcome> post(String agentUrl, String path, Object body) {
        HttpRequest request;
        try {
            String base = agentUrl.endsWith("/") ? agentUrl.substring(0, agentUrl.length() - 1) : agentUrl;
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (apiToken != null) {
                builder.header("Authorization", "Bearer " + apiToken);
            }
            request = builder.build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(0, null, e));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error != null
                        ? new Outcome(0, null, error)
                        : new Outcome(response.statusCode(), response.body(), null));
    }
}
