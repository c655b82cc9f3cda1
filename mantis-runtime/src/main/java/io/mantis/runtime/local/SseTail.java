package io.mantis.runtime.local;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Follows one sink worker's Server-Sent Events and hands each event's text to a consumer. */
final class SseTail implements AutoCloseable {

    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseTail(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    static SseTail follow(int port, Consumer<Object> output) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events")).GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                ProcessWorker.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        // A stream is read to its end, so each gets a thread of its own rather than one of a shared pool's few.
        response.thenAccept(r -> {
            Thread reader = new Thread(() -> read(r.body(), output), "mantis-sse-tail-" + port);
            reader.setDaemon(true);
            reader.start();
        });
        return new SseTail(response);
    }

    /** One event per blank-line-terminated block; its {@code data:} lines joined by newlines, as SSE defines. */
    private static void read(Stream<String> lines, Consumer<Object> output) {
        try (lines) {
            StringBuilder data = null;
            boolean finalEvent = false;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null && !finalEvent) {
                        output.accept(data.toString());
                    }
                    data = null;
                } else if (line.startsWith("event: ")) {
                    finalEvent = true;
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(line, "data: ".length(), line.length());
                }
            }
        } catch (RuntimeException e) {
            // The worker closed the stream; the job's completion says why.
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
