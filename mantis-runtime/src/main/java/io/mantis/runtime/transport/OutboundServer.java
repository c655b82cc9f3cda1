package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.runtime.net.ServerChannels;
import io.mantis.sdk.Codec;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * loop. Thread-safe. Events are encoded on the thread that emits them; {@code request(n)} may be called from a
 * Netty event loop, so a synchronous source should be moved to its own thread ({@code subscribeOn}) rather
 * than run on the event loop.
 *
 * <p>Requires a {@link NioEventLoopGroup}; the caller owns it and shuts it down after {@link #close()}.
 */
public final class OutboundServer<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundServer.class);

    /** Past this many unsent bytes a connection reports unwritable; credit keeps it far below normally. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final OutboundConfig config;
    private final OutboundFlow<T> flow;
    private final ServerChannels channels;

    public OutboundServer(OutboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(codec, "codec is null");
        Objects.requireNonNull(group, "group is null");
        Objects.requireNonNull(metrics, "metrics is null");
        EventLoops.requireNio(group, config.label());
        this.flow = new OutboundFlow<>(config, codec, group.next(), metrics);
        this.channels = new ServerChannels("next-stage server of " + config.label(), config.bindHost(),
                config.port(), group, LOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    /**
     * Binds; returns the port listened on.
     *
     * @throws IllegalStateException if already started or closed
     */
    public int start() throws InterruptedException {
        int port = channels.start(ch -> ch.pipeline()
                .addLast(Frames.newDecoder(), new OutboundHandler(config.label(), flow)));
        flow.startMarkers();
        return port;
    }

    /** Subscribe the stage's output to this, exactly once. */
    public FlowableSubscriber<T> subscriber() {
        return flow;
    }

    /** Sends a latency marker to every downstream worker, after the events already handed to the subscriber. */
    public void injectMarker(long originEpochMicros) {
        flow.injectMarker(originEpochMicros);
    }

    /** The next stage was resized: keyed routing now spreads keys over {@code count} workers. */
    public void setDownstreamWorkers(int count) {
        flow.setDownstreamWorkers(count);
    }

    /**
     * Completes once the output completed and END reached every downstream worker; completes exceptionally
     * when the output failed (after ERROR frames were sent).
     */
    public CompletableFuture<Void> whenDone() {
        return flow.done();
    }

    /**
     * Cancels the output if it is still running, closes every connection and stops listening; frames not yet
     * written are lost. Idempotent. Waits a few seconds at most for the channels to close (not at all when called
     * on an event loop of the group); the JDK may release the port itself a moment later, once the event loop's
     * selector lets go of it.
     */
    @Override
    public void close() {
        flow.close();
        channels.close();
    }
}
