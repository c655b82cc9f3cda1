package io.mantis.bench.pools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One interactive client: subscribes to a sink worker's Server-Sent Events, reads for a while, then leaves. The
 * worker's address is known as soon as it is placed, before it listens, so connecting is retried until the deadline.
 */
final class SinkSession {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one visit got: events read, and the last failure to connect or read (null when none). */
    record Visit(long events, String lastError) {
    }

    private SinkSession() {
    }

    /**
     * Reads events from {@code http://host:port/events} for {@code stay} from the first one, then disconnects.
     *
     * @return the events read (0 when nothing could be read before {@code connectDeadlineNanos}) and the last error
     */
    static Visit visit(String host, int port, Duration stay, long connectDeadlineNanos) throws InterruptedException {
        URI uri = URI.create("http://" + host + ":" + port + "/events");
        String lastError = null;
        while (System.nanoTime() < connectDeadlineNanos) {
            try {
                HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri).GET()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body();
                     BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    if (response.statusCode() != 200) {
                        lastError = "status " + response.statusCode();
                        continue;
                    }
                    long events = 0;
                    long until = 0;
                    String line;
                    // The job emits many events a second, so checking the time per line ends the visit on time.
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            if (events++ == 0) {
                                until = System.nanoTime() + stay.toNanos();
                            }
                            if (System.nanoTime() >= until) {
                                return new Visit(events, lastError);
                            }
                        }
                    }
                    if (events > 0) {
                        return new Visit(events, lastError);
                    }
                    lastError = "the stream ended without an event";
                }
            } catch (IOException e) {
                lastError = e.toString(); // not listening yet, or the worker went: try again until the deadline
            }
            Thread.sleep(100); // between connection attempts to a JVM that is still starting
        }
        return new Visit(0, lastError);
    }
}
