package io.mantis.runtime.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test SSE client on {@link HttpClient}: connects, then parses the stream on its own thread into data
 * events (unnamed), named events and comments. Lines end with {@code \n} only, so a stray {@code \r} in the
 * server's framing shows up in the recorded text.
 */
final class SseTestClient implements AutoCloseable {

    /** A named event, e.g. {@code complete} or {@code error}. */
    record NamedEvent(String type, String data) {
    }

    private final HttpResponse<InputStream> response;
    private final boolean recordRaw;
    private final Thread reader;
    private final Object lock = new Object();
    private final List<String> data = new ArrayList<>();
    private final List<NamedEvent> named = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();
    private int pings;
    private volatile boolean ended;
    private volatile IOException failure;

    private SseTestClient(HttpResponse<InputStream> response, boolean recordRaw) {
        this.response = response;
        this.recordRaw = recordRaw;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code /events} (with {@code clientId} unless null) and returns once the head arrived. */
    static SseTestClient connect(HttpClient http, int port, String clientId, boolean recordRaw) throws Exception {
        String query = clientId == null ? "" : "?clientId=" + clientId;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events" + query))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<InputStream> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        return new SseTestClient(response, recordRaw);
    }

    static SseTestClient connect(HttpClient http, int port, String clientId) throws Exception {
        return connect(http, port, clientId, false);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    List<String> data() {
        synchronized (lock) {
            return List.copyOf(data);
        }
    }

    int dataCount() {
        synchronized (lock) {
            return data.size();
        }
    }

    List<NamedEvent> named() {
        synchronized (lock) {
            return List.copyOf(named);
        }
    }

    int pings() {
        synchronized (lock) {
            return pings;
        }
    }

    /** Everything received, byte for byte (decoded as UTF-8); only when connected with recordRaw. */
    String raw() {
        synchronized (lock) {
            return raw.toString();
        }
    }

    /** The server ended the response (or the connection). */
    boolean ended() {
        return ended;
    }

    private void read() {
        String type = null;
        StringBuilder eventData = null;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (recordRaw) {
                    synchronized (lock) {
                        raw.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        line.write(buf[i]);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.isEmpty()) {
                        if (eventData != null || type != null) {
                            dispatch(type, eventData == null ? "" : eventData.toString());
                        }
                        type = null;
                        eventData = null;
                    } else if (text.startsWith(":")) {
                        if (text.equals(": ping")) {
                            synchronized (lock) {
                                pings++;
                            }
                        }
                    } else if (text.startsWith("event: ")) {
                        type = text.substring("event: ".length());
                    } else if (text.startsWith("data: ")) {
                        String value = text.substring("data: ".length());
                        if (eventData == null) {
                            eventData = new StringBuilder(value);
                        } else {
                            eventData.append('\n').append(value);
                        }
                    } else {
                        throw new IOException("unexpected SSE line '" + text + "'");
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            ended = true;
        }
    }

    private void dispatch(String type, String value) {
        synchronized (lock) {
            if (type == null) {
                data.add(value);
            } else {
                named.add(new NamedEvent(type, value));
            }
        }
    }

    /** Why reading stopped early, if it did (also after {@link #close}). */
    IOException failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Closing is all we want; the reader thread sees the stream end either way.
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
