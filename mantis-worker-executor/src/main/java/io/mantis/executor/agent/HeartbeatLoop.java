package io.mantis.executor.agent;

import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the agent's {@link AgentHeartbeat} to {@code <masterUrl>/api/v1/agents/heartbeat} every interval, and at
 * once on {@link #beatNow()}, then hands the reply to {@code onReply}. A master that is down or answers with an
 * error is logged once per outage; the beats go on. Beats run one at a time on a single daemon thread, which is
 * also where {@code heartbeat} and {@code onReply} are called.
 */
final class HeartbeatLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLoop.class);

    private final URI endpoint;
    private final String token;
    private final Duration interval;
    private final Supplier<AgentHeartbeat> heartbeat;
    private final Consumer<AgentHeartbeatReply> onReply;
    private final HttpClient client;
    private final ScheduledExecutorService thread;
    /** Only touched on the heartbeat thread. */
    private boolean inOutage;

    /** @param token bearer token for the master; null for none */
    HeartbeatLoop(URI masterUrl, String token, Duration interval, Supplier<AgentHeartbeat> heartbeat,
                  Consumer<AgentHeartbeatReply> onReply, HttpClient client) {
        this.endpoint = masterUrl.resolve("/api/v1/agents/heartbeat");
        this.token = token;
        this.interval = interval;
        this.heartbeat = heartbeat;
        this.onReply = onReply;
        this.client = client;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mantis-agent-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        thread.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An extra beat as soon as the thread is free: a worker's news should not wait for the next tick. */
    void beatNow() {
        try {
            thread.execute(this::beat);
        } catch (RejectedExecutionException closed) {
            // closing: the master learns the rest from the agent's silence
        }
    }

    private void beat() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(heartbeat.get())));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                trouble("the master at " + endpoint + " answered " + response.statusCode() + " to a heartbeat: "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            AgentHeartbeatReply reply = Json.MAPPER.readValue(response.body(), AgentHeartbeatReply.class);
            if (inOutage) {
                inOutage = false;
                LOG.info("heartbeats reach the master at {} again", endpoint);
            }
            onReply.accept(reply);
        } catch (IOException e) {
            trouble("cannot reach the master at " + endpoint + " (" + e + "); trying again every "
                    + interval.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and beat on.
            LOG.error("heartbeat to {} failed", endpoint, e);
        }
    }

    private void trouble(String message) {
        if (!inOutage) {
            inOutage = true;
            LOG.warn(message);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
