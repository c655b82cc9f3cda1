package io.mantis.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliException;
import io.mantis.cli.client.Json;
import io.mantis.cli.client.MasterClient;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints a job's output: connects to the SSE sink of every worker of the job's last stage and prints each
 * event's data as a line, merged in arrival order. Every poll interval it re-reads the job, connects to sink
 * workers it is not connected to (new ones, replacements, or ones whose stream dropped) and drops workers no
 * longer listed.
 *
 * <p>Threading: {@link #run} blocks the caller; each connection reads on its own daemon thread and prints under
 * this object's lock, so lines never interleave and at most {@code limit} are printed.
 */
final class SinkTailer {

    private static final Set<String> WORKER_ENDED = Set.of("COMPLETED", "FAILED", "KILLED", "LOST");

    private final MasterClient client;
    private final String jobId;
    private final String clientId;
    private final long limit;
    private final Duration pollInterval;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch limitReached = new CountDownLatch(1);
    /** Guarded by {@code this}. */
    private long printed;

    /** @param limit events to print before returning; 0 for no limit */
    SinkTailer(MasterClient client, String jobId, String clientId, long limit, Duration pollInterval,
               PrintWriter out, PrintWriter err) {
        this.client = client;
        this.jobId = jobId;
        this.clientId = clientId;
        this.limit = limit;
        this.pollInterval = pollInterval;
        this.out = out;
        this.err = err;
    }

    /**
     * Tails until {@code limit} events have been printed (returns normally) or the job ends (throws).
     *
     * @throws CliException if the job has ended or the master fails; also when interrupted
     */
    void run() {
        Map<String, SinkStream> streams = new HashMap<>();
        String path = "/jobs/" + MasterClient.segment(jobId);
        try {
            while (true) {
                JsonNode job = client.get(path);
                JobState state = JobState.of(job);
                if (state.ended()) {
                    throw new CliException(state.endedMessage() + "; there is nothing to tail");
                }
                Map<String, URI> sinks = sinks(job);
                for (Iterator<Map.Entry<String, SinkStream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, SinkStream> e = it.next();
                    if (e.getValue().finished() || !sinks.containsKey(e.getKey())) {
                        e.getValue().close();
                        it.remove();
                    }
                }
                sinks.forEach((workerId, uri) -> streams.computeIfAbsent(workerId, id ->
                        new SinkStream(id, uri, client.http(), this::print, this::warn).start()));
                if (limitReached.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while tailing job " + jobId, e);
        } finally {
            streams.values().forEach(SinkStream::close);
        }
    }

    /** Worker id to its sink's events URL, for the live workers of the last stage that have a sink port. */
    private Map<String, URI> sinks(JsonNode job) {
        int lastStage = 0;
        for (JsonNode st : job.path("stages")) {
            lastStage = Math.max(lastStage, st.path("stage").asInt());
        }
        for (JsonNode w : job.path("workers")) {
            lastStage = Math.max(lastStage, w.path("stage").asInt());
        }
        String query = clientId == null ? "" : "?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        Map<String, URI> sinks = new HashMap<>();
        for (JsonNode w : job.path("workers")) {
            String host = Json.text(w, "host");
            String port = Json.text(w, "sinkPort");
            if (w.path("stage").asInt() == lastStage && host != null && port != null
                    && !WORKER_ENDED.contains(Json.text(w, "state"))) {
                String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
                sinks.put(Json.text(w, "workerId"), URI.create("http://" + authority + "/events" + query));
            }
        }
        return sinks;
    }

    private synchronized void print(String data) {
        if (limit > 0 && printed >= limit) {
            return;
        }
        out.println(data);
        out.flush();
        printed++;
        if (limit > 0 && printed >= limit) {
            limitReached.countDown();
        }
    }

    private synchronized void warn(String message) {
        err.println("warning: " + message);
        err.flush();
    }
}
