package io.mantis.cli.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One connection to a sink worker's {@code GET /events}, read on its own daemon thread. Each event's data goes
 * to the consumer (called from that thread); the stream is {@link #finished()} when the worker ends it, the
 * connection fails or {@link #close()} is called. Connection failures are expected (a worker not yet listening,
 * or replaced) and are not reported: the caller reconnects.
 */
final class SinkStream implements AutoCloseable {

    private final String workerId;
    private final URI uri;
    private final HttpClient http;
    private final Consumer<String> onData;
    private final Consumer<String> onError;
    private final Thread reader;
    private volatile boolean finished;
    private volatile boolean closed;
    private volatile InputStream body;

    SinkStream(String workerId, URI uri, HttpClient http, Consumer<String> onData, Consumer<String> onError) {
        this.workerId = workerId;
        this.uri = uri;
        this.http = http;
        this.onData = onData;
        this.onError = onError;
        this.reader = new Thread(this::read, "tail-" + workerId);
        reader.setDaemon(true);
    }

    SinkStream start() {
        reader.start();
        return this;
    }

    String workerId() {
        return workerId;
    }

    boolean finished() {
        return finished;
    }

    private void read() {
        try {
            HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            body = resp.body();
            if (closed) {
                body.close();
                return;
            }
            if (resp.statusCode() != 200) {
                onError.accept("sink of worker " + workerId + " at " + uri + " answered HTTP " + resp.statusCode());
                return;
            }
            SseEvents events = new SseEvents();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while (!closed && (line = in.readLine()) != null) {
                    SseEvents.Event e = events.line(line);
                    if (e == null) {
                        continue;
                    }
                    switch (e.type()) {
                        case "message" -> onData.accept(e.data());
                        case "complete" -> {
                            return;
                        }
                        case "error" -> {
                            onError.accept("sink of worker " + workerId + " failed: " + e.data());
                            return;
                        }
                        default -> {
                            // Unknown event kinds are for other clients; skip them.
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Refused, reset or closed: the caller re-reads the job and reconnects if the worker is still there.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
        }
    }

    /** Stops reading and drops the connection. Idempotent; callable from any thread. */
    @Override
    public void close() {
        closed = true;
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException e) {
                // Closing is best effort; the daemon thread ends with the process anyway.
            }
        }
        reader.interrupt();
    }
}
