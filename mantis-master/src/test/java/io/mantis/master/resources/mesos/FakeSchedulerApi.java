package io.mantis.master.resources.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Just enough of a Mesos master's v1 scheduler API for the provider's tests, on a real loopback socket: SUBSCRIBE
 * answers 200 with a {@code Mesos-Stream-Id} and a chunked RecordIO stream that starts with SUBSCRIBED (framework
 * {@code fw-1} unless the call names one), or 307 when {@link #redirectTo} is set; every other call must carry the
 * current stream id (400 otherwise) and is answered 202. The test writes further events with {@link #send}.
 */
final class FakeSchedulerApi implements AutoCloseable {

    /** A call as it arrived, with the stream id it carried. */
    record Received(Call call, String streamId) {
    }

    final List<Call> subscribes = new CopyOnWriteArrayList<>();
    final List<Received> calls = new CopyOnWriteArrayList<>();
    volatile String redirectTo;
    volatile double heartbeatSeconds = 30;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private volatile Stream current;

    FakeSchedulerApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v1/scheduler", this::handle);
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What a Mesos master writes in Location: scheme-relative. */
    String location() {
        return "//127.0.0.1:" + server.getAddress().getPort() + "/api/v1/scheduler";
    }

    /** How many SUBSCRIBEs were answered 200 with an event stream. */
    int streamsOpened() {
        return streams.size();
    }

    List<Call> calls(Call.Type type) {
        return calls.stream().map(Received::call).filter(c -> c.getType() == type).toList();
    }

    /** Writes one event as a RecordIO record on the current stream. */
    void send(Event event) throws IOException {
        current.write(event.toByteArray());
    }

    /** Ends the current event stream, as a failing-over Mesos master does. */
    void endStream() {
        current.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
        if (call.getType() != Call.Type.SUBSCRIBE) {
            Stream stream = current;
            String streamId = exchange.getRequestHeaders().getFirst("Mesos-Stream-Id");
            if (stream == null || !stream.id.equals(streamId)) {
                answer(exchange, 400, "The stream ID '" + streamId + "' included in this request didn't match");
                return;
            }
            calls.add(new Received(call, streamId));
            answer(exchange, 202, "");
            return;
        }
        subscribes.add(call);
        if (redirectTo != null) {
            exchange.getResponseHeaders().set("Location", redirectTo);
            answer(exchange, 307, "");
            return;
        }
        Stream stream = new Stream("stream-" + subscribes.size(), exchange);
        streams.add(stream);
        exchange.getResponseHeaders().set("Mesos-Stream-Id", stream.id);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        current = stream;
        FrameworkID id = call.hasFrameworkId() ? call.getFrameworkId() : FrameworkID.newBuilder().setValue("fw-1")
                .build();
        stream.write(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(id).setHeartbeatIntervalSeconds(heartbeatSeconds)).build().toByteArray());
        stream.awaitClosed();
    }

    private static void answer(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        streams.forEach(Stream::close);
        server.stop(0);
        threads.shutdownNow();
    }

    /** One open SUBSCRIBE response. */
    private static final class Stream {
        final String id;
        private final HttpExchange exchange;
        private final OutputStream out;
        private final CountDownLatch closed = new CountDownLatch(1);

        Stream(String id, HttpExchange exchange) {
            this.id = id;
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        synchronized void write(byte[] record) throws IOException {
            out.write((record.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(record);
            out.flush();
        }

        synchronized void close() {
            if (closed.getCount() > 0) {
                closed.countDown();
                exchange.close();
            }
        }

        void awaitClosed() {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
