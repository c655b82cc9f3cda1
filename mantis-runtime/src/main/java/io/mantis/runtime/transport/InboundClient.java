package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.channel.EventLoopGroup;
import io.reactivex.rxjava3.core.Flowable;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The downstream half of a stage-to-stage link: connects to every worker of the previous stage, merges
 * their events into one {@code Flowable}, and grants each connection credit as its events are consumed.
 *
 * <p>{@link #events()} honours backpressure: events are decoded and emitted only as the stage requests
 * them, and credit goes back upstream only for events emitted, so at most {@code creditWindow} events per
 * upstream connection are buffered here. The flow completes when every current upstream worker has sent
 * END, and fails when one sends ERROR (the message names it).
 *
 * <p>A connection that drops without END is reconnected with exponential backoff until it comes back or its
 * address is removed by {@link #setUpstreams}. Thread-safe.
 */
public final class InboundClient<T> implements AutoCloseable {

    public InboundClient(InboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics,
                         MarkerListener markers) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The merged input; one subscriber only. */
    public Flowable<T> events() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Connects to addresses not yet connected and drops connections to addresses no longer listed. */
    public void setUpstreams(List<InetSocketAddress> upstreams) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
