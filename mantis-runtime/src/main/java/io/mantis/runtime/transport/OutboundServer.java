package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final EventLoopGroup group;
    private final OutboundFlow<T> flow;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Channel serverChannel;

    public OutboundServer(OutboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(codec, "codec is null");
        this.group = Objects.requireNonNull(group, "group is null");
        Objects.requireNonNull(metrics, "metrics is null");
        if (!(group instanceof NioEventLoopGroup)) {
            throw new IllegalArgumentException(config.label() + ": the transport needs a NioEventLoopGroup, got "
                    + group.getClass().getName());
        }
        this.flow = new OutboundFlow<>(config, codec, group.next(), metrics);
    }

    /** Binds; returns the port listened on. */
    public int start() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(config.label() + ": start() was already called");
        }
        if (closed.get()) {
            throw new IllegalStateException(config.label() + ": closed");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (closed.get()) {
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        ch.closeFuture().addListener(f -> channels.remove(ch));
                        ch.pipeline().addLast(Frames.newDecoder(), new OutboundHandler(config.label(), flow));
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.bindHost(), config.port()).sync();
        serverChannel = bind.channel();
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("{}: serving the next stage on {}:{}", config.label(), config.bindHost(), port);
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
     * written are lost. Idempotent. Waits briefly for the listening channel to close (unless called on an event
     * loop); the JDK may release the port itself a moment later, once the event loop's selector lets go of it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flow.close();
        Channel server = serverChannel;
        ChannelFuture unbound = server == null ? null : server.close();
        for (Channel ch : channels) {
            ch.close();
        }
        if (unbound != null && !server.eventLoop().inEventLoop()) {
            unbound.awaitUninterruptibly(5_000);
        }
    }
}
