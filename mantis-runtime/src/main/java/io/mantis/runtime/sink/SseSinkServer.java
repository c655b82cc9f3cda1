package io.mantis.runtime.sink;

import io.mantis.runtime.metrics.StageMetrics;
import io.netty.channel.EventLoopGroup;

/**
 * Serves a last-stage worker's output as Server-Sent Events on {@code GET /events[?clientId=ID]}.
 *
 * <p>Clients that share a {@code clientId} split the stream between them (each event goes to one of them);
 * clients with different ids, or none, each get every event. A client that cannot keep up loses events,
 * counted in {@link StageMetrics#sinkDropped}; the job never waits for a client.
 *
 * <p>Threading: {@link #publish} is called by one thread at a time (the stage's) and never blocks.
 */
public final class SseSinkServer implements AutoCloseable {

    public SseSinkServer(String bindHost, int port, EventLoopGroup group, StageMetrics metrics) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Binds; returns the port listened on. */
    public int start() throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Offers one rendered event (one line of text) to the connected clients. */
    public void publish(String data) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The stream ended: clients get a final {@code event: complete} and their responses end. */
    public void complete() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The stream failed: clients get {@code event: error} with {@code message}, and their responses end. */
    public void fail(String message) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Clients connected now. */
    public int clientCount() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
