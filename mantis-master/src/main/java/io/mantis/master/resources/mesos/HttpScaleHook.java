package io.mantis.master.resources.mesos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each scale action as JSON to the operator's endpoint. A non-2xx answer or an unreachable endpoint is logged
 * with the action; nothing is retried (Fenzo asks again after its cool-down if the pool still needs it). Blocking;
 * thread-safe.
 */
final class HttpScaleHook implements ScaleHook {

    private static final Logger LOG = LoggerFactory.getLogger(HttpScaleHook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    HttpScaleHook(String url, Duration timeout) {
        this.url = ScaleHook.checkedUrl(url);
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void release(String pool, String agentId, String hostname) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "release");
        body.put("pool", pool);
        body.put("agentId", agentId);
        body.put("hostname", hostname);
        post("release agent " + agentId + " of pool " + pool, body);
    }

    @Override
    public void scaleUp(String pool, int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "scale-up");
        body.put("pool", pool);
        body.put("count", count);
        post("add " + count + " agent(s) to pool " + pool, body);
    }

    private void post(String what, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            if (code / 100 == 2) {
                LOG.info("scaler hook {} took the request to {} ({})", url, what, code);
            } else {
                String text = response.body() == null ? "" : response.body().strip();
                LOG.error("scaler hook {} answered {} to the request to {}: {}", url, code, what,
                        text.length() > 500 ? text.substring(0, 500) + "..." : text);
            }
        } catch (JsonProcessingException e) {
            LOG.error("cannot write the request to {} as JSON: {}", what, e.getMessage());
        } catch (IOException e) {
            LOG.error("scaler hook {} unreachable for the request to {}: {}", url, what, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("request to {} interrupted: the master is stopping", what);
        }
    }

    @Override
    public String toString() {
        return "scaler URL " + url;
    }
}
