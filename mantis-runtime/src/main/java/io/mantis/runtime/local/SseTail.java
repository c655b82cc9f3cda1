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
        response.thenAcceptAsync(r -> {
            try (Stream<String> lines = r.body()) {
                boolean finalEvent = false;
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event: ")) {
                        finalEvent = true;
                    } else if (line.startsWith("data: ") && !finalEvent) {
                        output.accept(line.substring("data: ".length()));
                    }
                }
            } catch (RuntimeException e) {
                // The worker closed the stream; the job's completion says why.
            }
        });
        return new SseTail(response);
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
