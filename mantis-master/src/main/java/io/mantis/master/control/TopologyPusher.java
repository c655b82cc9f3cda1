package io.mantis.master.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells running workers where their neighbours are, through each worker's admin port: {@code PUT /upstreams} and
 * {@code PUT /downstream-workers}. A worker that is still starting refuses the connection, so a push is retried a
 * few times; a worker that starts later gets the current topology when its first heartbeat arrives anyway.
 */
final class TopologyPusher {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyPusher.class);
    private static final int ATTEMPTS = 6;

    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Predicate<String> stillLive;

    /**
     * @param stillLive whether a worker is still current; a retry for a worker that has ended is dropped, since its
     *                  port may already belong to another job's worker
     */
    TopologyPusher(HttpClient http, ScheduledExecutorService timer, Predicate<String> stillLive) {
        this.http = http;
        this.timer = timer;
        this.stillLive = stillLive;
    }

    void upstreams(String workerId, String host, int adminPort, List<String> upstreams) {
        StringBuilder body = new StringBuilder("{\"upstreams\":[");
        for (int i = 0; i < upstreams.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(upstreams.get(i)).append('"');
        }
        put(workerId, URI.create("http://" + host + ":" + adminPort + "/upstreams"), body.append("]}").toString(), 1);
    }

    void downstreamWorkers(String workerId, String host, int adminPort, int count) {
        put(workerId, URI.create("http://" + host + ":" + adminPort + "/downstream-workers"),
                "{\"count\":" + count + "}", 1);
    }

    private void put(String workerId, URI uri, String body, int attempt) {
        if (attempt > 1 && !stillLive.test(workerId)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                LOG.debug("told worker {}: {} {}", workerId, uri.getPath(), body);
                return;
            }
            String why = error != null ? String.valueOf(error.getMessage()) : response.statusCode() + " " + response.body();
            if (error == null || attempt >= ATTEMPTS) {
                // A 4xx is final; so is the last refused attempt: the worker is gone or will ask on its first heartbeat.
                LOG.warn("could not tell worker {} {} {}: {}", workerId, uri.getPath(), body, why);
                return;
            }
            timer.schedule(() -> put(workerId, uri, body, attempt + 1), 250L << attempt, TimeUnit.MILLISECONDS);
        });
    }
}
