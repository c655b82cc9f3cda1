package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.reactivex.rxjava3.core.Flowable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Threading: frames are decoded on Netty's event loop, and events are emitted on whichever thread drains
 * the queue: an event loop as frames arrive, or the subscriber's thread when it requests. No thread is added.
 * Requires a {@link NioEventLoopGroup}; the caller owns it and shuts it down after {@link #close()}.
 */
public final class InboundClient<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundClient.class);
    private static final InboundConnection[] NONE = new InboundConnection[0];

    private final InboundConfig config;
    private final Codec<T> codec;
    private final EventLoopGroup group;
    private final StageMetrics metrics;
    private final InboundQueue<T> queue;
    private final Bootstrap bootstrap;
    private final Object lock = new Object();

    // @GuardedBy("lock")
    private final Map<InetSocketAddress, InboundConnection> connections = new LinkedHashMap<>();
    // @GuardedBy("lock")
    private boolean closed;
    /** The current upstreams, for the completion check on the drain thread; replaced under the lock. */
    private volatile InboundConnection[] current = NONE;

    public InboundClient(InboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics,
                         MarkerListener markers) {
        this(config, codec, group, metrics, markers, null);
    }

    /**
     * As above, with the stage's own thread: {@link #events()} then signals on {@code stageExecutor} (one task
     * per burst of batches), so user code that blocks never stalls Netty's event loop.
     */
    public InboundClient(InboundConfig config, Codec<T> codec, EventLoopGroup group, StageMetrics metrics,
                         MarkerListener markers, Executor stageExecutor) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.group = Objects.requireNonNull(group, "group is null");
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
        Objects.requireNonNull(markers, "markers is null (use MarkerListener.NONE)");
        EventLoops.requireNio(group, config.label());
        this.queue = new InboundQueue<>(markers, this::allEnded, this::close, stageExecutor);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
    }

    /** The merged input; one subscriber only. */
    public Flowable<T> events() {
        return queue;
    }

    /** Connects to addresses not yet connected and drops connections to addresses no longer listed. */
    public void setUpstreams(List<InetSocketAddress> upstreams) {
        Objects.requireNonNull(upstreams, "upstreams is null");
        Set<InetSocketAddress> wanted = new HashSet<>();
        for (InetSocketAddress address : upstreams) {
            wanted.add(Objects.requireNonNull(address, "an upstream address is null"));
        }
        List<InboundConnection> added = new ArrayList<>();
        List<InboundConnection> removed = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            connections.entrySet().removeIf(e -> {
                if (!wanted.contains(e.getKey())) {
                    removed.add(e.getValue());
                    return true;
                }
                return false;
            });
            for (InetSocketAddress address : upstreams) {
                if (!connections.containsKey(address)) {
                    InboundConnection c = new InboundConnection(address, bootstrap, this::initializer, group, config,
                            this::fail, queue::signal);
                    connections.put(address, c);
                    added.add(c);
                }
            }
            current = connections.values().toArray(NONE);
        }
        for (InboundConnection c : removed) {
            LOG.info("{}: upstream {} removed", config.label(), c.address());
            c.remove();
        }
        for (InboundConnection c : added) {
            c.connect();
        }
        queue.signal(); // a removed upstream may have been the last one without END
    }

    private ChannelInitializer<Channel> initializer(InboundConnection connection) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Frames.newDecoder(),
                        new InboundHandler<>(connection, codec, queue, metrics, config));
            }
        };
    }

    /** Every current upstream sent END (and there is at least one). */
    private boolean allEnded() {
        InboundConnection[] now = current;
        if (now.length == 0) {
            return false;
        }
        for (InboundConnection c : now) {
            if (!c.isEnded()) {
                return false;
            }
        }
        return true;
    }

    /** A decode error or an upstream's ERROR: fails the input and closes every connection. */
    private void fail(Throwable cause) {
        queue.fail(cause);
        closeConnections();
    }

    /**
     * Closes every connection and stops reconnecting. A subscriber still waiting gets an error rather than
     * silence. Idempotent.
     */
    @Override
    public void close() {
        if (closeConnections()) {
            queue.fail(new CancellationException(config.label() + ": the input was closed"));
        }
    }

    private boolean closeConnections() {
        List<InboundConnection> all;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            all = new ArrayList<>(connections.values());
            connections.clear();
        }
        for (InboundConnection c : all) {
            c.remove();
        }
        return true;
    }
}
