package io.mantis.cli.job;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for a sink worker's SSE server on loopback: each {@code GET /events} connection is handed to the
 * script, which writes frames the way the runtime's sink does and returns to end the response.
 */
final class FakeSink implements AutoCloseable {

    interface Script {
        void run(Stream stream) throws Exception;
    }

    /** One client connection. */
    static final class Stream {
        private final OutputStream out;

        Stream(OutputStream out) {
            this.out = out;
        }

        void data(String text) throws IOException {
            send("data: " + text + "\n\n");
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    FakeSink(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/events", ex -> {
            queries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                script.run(new Stream(os));
            } catch (IOException e) {
                // The client hung up: what a real sink sees when a tail stops.
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The query string of every connection so far ("null" for none). */
    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
