package io.mantis.executor.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Plays a Mesos agent's executor endpoint on loopback: answers SUBSCRIBE with SUBSCRIBED on a chunked RecordIO
 * stream that stays open, records every call, takes UPDATEs with 202, and lets a test push events or drop the
 * stream. Also takes worker heartbeats ({@code /api/v1/workers/<id>/heartbeat}) with 204, as a master would.
 */
final class FakeAgent implements AutoCloseable {

    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-agent");
        t.setDaemon(true);
        return t;
    });
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> heartbeatAuthorizations = new CopyOnWriteArrayList<>();
    private volatile Stream stream;
    /** How many of the next UPDATE calls to answer 503 (recorded all the same), as a busy agent would. */
    final AtomicInteger updatesToRefuse = new AtomicInteger();
    private boolean closed;

    /** One open SUBSCRIBE answer. */
    private static final class Stream {
        final HttpExchange exchange;
        final CountDownLatch dropped = new CountDownLatch(1);

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }
    }

    FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/executor", this::executorCall);
        server.createContext("/api/v1/workers/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            heartbeatAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** {@code host:port}, as in {@code MESOS_AGENT_ENDPOINT}. */
    String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String heartbeatUrl(String workerId) {
        return "http://" + endpoint() + "/api/v1/workers/" + workerId + "/heartbeat";
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> subscribes() {
        return calls.stream().filter(c -> c.getType() == Call.Type.SUBSCRIBE).toList();
    }

    List<Call.Update> updates() {
        return calls.stream().filter(c -> c.getType() == Call.Type.UPDATE).map(Call::getUpdate).toList();
    }

    List<String> heartbeatAuthorizations() {
        return List.copyOf(heartbeatAuthorizations);
    }

    boolean streaming() {
        return stream != null;
    }

    /**
     * Writes {@code event} to the open stream, in two pieces flushed apart so the record straddles chunks.
     *
     * @throws IllegalStateException when no executor is subscribed
     */
    synchronized void push(Event event) throws IOException {
        Stream s = stream;
        if (s == null) {
            throw new IllegalStateException("no subscribed executor to send " + event.getType() + " to");
        }
        byte[] record = event.toByteArray();
        byte[] prefix = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        OutputStream out = s.exchange.getResponseBody();
        int half = record.length / 2;
        out.write(prefix);
        out.write(record, 0, half);
        out.flush();
        out.write(record, half, record.length - half);
        out.flush();
    }

    /** Ends the open stream as an agent that restarts would. */
    synchronized void dropStream() {
        Stream s = stream;
        stream = null;
        if (s != null) {
            s.dropped.countDown();
        }
    }

    private void executorCall(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || !PROTOBUF.equals(type)) {
            reply(exchange, 415, "expected a POST of " + PROTOBUF + ", got " + exchange.getRequestMethod() + " "
                    + type);
            return;
        }
        Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
        calls.add(call);
        if (call.getType() == Call.Type.UPDATE && updatesToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, 503, "Agent has not finished recovery");
            return;
        }
        if (call.getType() != Call.Type.SUBSCRIBE) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
        exchange.sendResponseHeaders(200, 0);
        Stream s = new Stream(exchange);
        synchronized (this) {
            dropStream();
            stream = s;
            push(subscribed(call));
        }
        // The answer stays open until the test drops it.
        try {
            s.dropped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static Event subscribed(Call call) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(call.getExecutorId()))
                .setFrameworkInfo(FrameworkInfo.newBuilder().setId(call.getFrameworkId()).setUser("mantis")
                        .setName("mantis"))
                .setAgentInfo(AgentInfo.newBuilder().setHostname("127.0.0.1")
                        .setId(AgentID.newBuilder().setValue("agent-1"))))
                .build();
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Stops answering, as an agent that went away would. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropStream();
        server.stop(0);
        threads.shutdownNow();
    }
}
