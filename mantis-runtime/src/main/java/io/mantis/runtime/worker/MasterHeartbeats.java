package io.mantis.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the master, every interval, that this worker is alive, where it listens and how many clients its sink
 * serves: posts {@code {"workerId":..,"host":..,"dataPort":..,"sinkPort":..,"adminPort":..,"subscribers":..}} (the
 * shape of the protocol's {@code WorkerHeartbeat}) to the heartbeat URL, with {@code Authorization: Bearer <token>}
 * when a token is given. The subscriber count is read afresh for every beat, on the heartbeat thread.
 *
 * <p>A master that cannot be reached, or answers with an error other than 404, is logged once per outage and
 * tried again at the next beat. A 404 means the master has ended this worker or never knew it: the beats stop
 * and {@code onRejected} runs once, on the heartbeat thread. Beats run on one daemon thread; {@link #close()}
 * stops them and may be called from any thread, more than once.
 */
public final class MasterHeartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterHeartbeats.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The body of one heartbeat.
     *
     * @param subscribers SSE clients connected to this worker's sink now; 0 without a sink
     */
    public record Beat(String workerId, String host, int dataPort, int sinkPort, int adminPort, int subscribers) {
        public Beat {
            Objects.requireNonNull(workerId, "workerId is null");
            Objects.requireNonNull(host, "host is null");
        }

        /** A beat of a worker whose sink serves nobody (or that has no sink). */
        public Beat(String workerId, String host, int dataPort, int sinkPort, int adminPort) {
            this(workerId, host, dataPort, sinkPort, adminPort, 0);
        }

        Beat withSubscribers(int count) {
            return count == subscribers ? this : new Beat(workerId, host, dataPort, sinkPort, adminPort, count);
        }
    }

    private final URI url;
    private final Duration interval;
    private final String token;
    private final Beat beat;
    private final IntSupplier subscribers;
    private final Runnable onRejected;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Only touched on the heartbeat thread. */
    private boolean inOutage;

    /**
     * @param token      sent as a bearer token; null for none
     * @param onRejected what to do when the master answers 404 (typically: stop the worker)
     */
    public MasterHeartbeats(URI url, Duration interval, String token, Beat beat, Runnable onRejected) {
        this(url, interval, token, beat, beat::subscribers, onRejected);
    }

    /**
     * @param subscribers read before every beat: the sink's current client count; must not block
     */
    public MasterHeartbeats(URI url, Duration interval, String token, Beat beat, IntSupplier subscribers,
                            Runnable onRejected) {
        this.url = Objects.requireNonNull(url, "url is null");
        this.interval = Objects.requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + interval);
        }
        this.token = token;
        this.onRejected = Objects.requireNonNull(onRejected, "onRejected is null");
        this.beat = Objects.requireNonNull(beat, "beat is null");
        this.subscribers = Objects.requireNonNull(subscribers, "subscribers is null");
        body(); // fail here, not on the heartbeat thread, if the beat cannot be written
        this.client = HttpClient.newBuilder().connectTimeout(timeout()).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mantis-worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends the first beat at once, then one every interval. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("heartbeats already started");
        }
        timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration timeout() {
        // A slow master must not stack up beats, but a short interval must not make every beat time out.
        return interval.compareTo(Duration.ofSeconds(2)) > 0 ? interval : Duration.ofSeconds(2);
    }

    private void beat() {
        if (stopped.get()) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        int status;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            trouble("cannot reach the master at " + url + " (" + e + "); trying again every " + interval.toMillis()
                    + " ms");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 404) {
            LOG.error("the master at {} does not know this worker or has ended it (404): stopping", url);
            if (stopped.compareAndSet(false, true)) {
                timer.shutdown();
                onRejected.run();
            }
        } else if (status >= 300) {
            trouble("the master at " + url + " answered " + status + " to a heartbeat; trying again");
        } else if (inOutage) {
            inOutage = false;
            LOG.info("heartbeats reach the master at {} again", url);
        }
    }

    private byte[] body() {
        try {
            return MAPPER.writeValueAsBytes(beat.withSubscribers(Math.max(0, subscribers.getAsInt())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the heartbeat as JSON", e);
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
        stopped.set(true);
        timer.shutdownNow();
    }
}
