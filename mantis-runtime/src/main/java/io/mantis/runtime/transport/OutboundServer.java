package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.channel.EventLoopGroup;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.concurrent.CompletableFuture;

/**
 * The upstream half of a stage-to-stage link: listens for the next stage's workers and sends them this
 * stage's output in credit-limited, length-prefixed batch frames. See {@link Frames} for the wire format.
 *
 * <p>Backpressure: {@link #subscriber()} requests from the stage's output only as many events as the
 * connected downstream workers have granted credit for, so a slow next stage slows this stage and its
 * source, and memory stays bounded. A lossy stage requests without bound and drops (counting) what no
 * connection has credit for.
 *
 * <p>Threading: the subscriber may be driven from any one thread at a time; credits arrive on Netty's event
 * loop. Thread-safe.
 */
public final class OutboundServer<T> implements AutoCloseable {

    public OutboundServer(OutboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Binds; returns the port listened on. */
    public int start() throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Subscribe the stage's output to this, exactly once. */
    public FlowableSubscriber<T> subscriber() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends a latency marker to every downstream worker, after the events already handed to the subscriber. */
    public void injectMarker(long originEpochMicros) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The next stage was resized: keyed routing now spreads keys over {@code count} workers. */
    public void setDownstreamWorkers(int count) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Completes once the output completed and END reached every downstream worker; completes exceptionally
     * when the output failed (after ERROR frames were sent).
     */
    public CompletableFuture<Void> whenDone() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
