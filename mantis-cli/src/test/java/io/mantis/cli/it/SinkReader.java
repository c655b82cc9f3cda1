package io.mantis.cli.it;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a sink worker's Server-Sent Events on a thread of its own, queueing each {@code data:} line. */
final class SinkReader implements AutoCloseable {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile InputStream body;

    SinkReader(String host, int sinkPort) {
        URI uri = URI.create("http://" + host + ":" + sinkPort + "/events");
        thread = new Thread(() -> read(uri), "sink-reader-" + sinkPort);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(URI uri) {
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
            body = response.body();
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(line.substring(5).trim());
                }
            }
        } catch (Exception e) {
            // The stream ends when the test closes it or the worker goes; the queue says what arrived.
        }
    }

    /** The next event, or fails after {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        String event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event from the sink within " + timeout.toSeconds() + " s");
        }
        return event;
    }

    void drain() {
        events.clear();
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (Exception e) {
            // closing a broken stream: nothing left to do
        }
        thread.interrupt();
    }
}
