package io.mantis.runtime.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's HTTP admin endpoint.
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in Prometheus text format.</li>
 *   <li>{@code GET /health}: {@link AdminHandler#health()} as JSON.</li>
 *   <li>{@code PUT /upstreams} with {@code {"upstreams":["127.0.0.1:7001", ...]}}: new upstream workers.</li>
 *   <li>{@code PUT /downstream-workers} with {@code {"count":3}}: the next stage's new size.</li>
 * </ul>
 * Malformed requests get {@code 400} with a JSON {@code {"error":..., "message":...}} naming the problem.
 * Unknown paths get {@code 404}, other methods {@code 405}, bodies over 64 KiB {@code 413}, and a failing
 * {@link AdminHandler} {@code 500} with its message, all in the same JSON shape. Connections are kept alive
 * unless the client asks otherwise.
 *
 * <p>Threading: {@link AdminHandler} is called on Netty's event loops. {@link #start} and {@link #close}
 * may be called from any thread.
 */
public final class AdminServer implements AutoCloseable {

    /** Admin bodies are a few addresses; anything near this is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private enum State { NEW, STARTED, CLOSED }

    private final String bindHost;
    private final int port;
    private final EventLoopGroup group;
    private final AdminRequestHandler requestHandler;
    /** The server channel and every accepted connection; channels added after close() are closed at once. */
    private final ChannelGroup channels = new DefaultChannelGroup("admin", GlobalEventExecutor.INSTANCE, true);
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /**
     * @param bindHost the address to listen on
     * @param port     the port, or {@code 0} for any free one
     * @param group    runs the server and its connections; owned by the caller, who shuts it down
     * @param registry scraped for {@code GET /metrics}
     * @param handler  answers health and takes the worker's new neighbours
     */
    public AdminServer(String bindHost, int port, EventLoopGroup group, PrometheusMeterRegistry registry,
                       AdminHandler handler) {
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any) or 1..65535, got " + port);
        }
        this.port = port;
        this.group = Objects.requireNonNull(group, "group is null");
        this.requestHandler = new AdminRequestHandler(Objects.requireNonNull(registry, "registry is null"),
                Objects.requireNonNull(handler, "handler is null"));
    }

    /**
     * Binds; returns the port listened on.
     *
     * @throws IllegalStateException if already started or closed
     */
    public int start() throws InterruptedException {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("the admin endpoint on " + bindHost + ":" + port + " is already "
                    + (state.get() == State.CLOSED ? "closed" : "started"));
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new BodyLimit(MAX_BODY_BYTES))
                                .addLast(requestHandler);
                    }
                });
        Channel server = bootstrap.bind(bindHost, port).sync().channel();
        channels.add(server);
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        LOG.info("admin endpoint listening on {}:{}", bindHost, bound);
        return bound;
    }

    /**
     * Closes the listening socket and every connection. Idempotent. Waits a few seconds at most for the
     * channels to close, and not at all when called on one of the group's event loops (where waiting could
     * deadlock).
     */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        var closing = channels.close();
        if (!onOwnEventLoop()) {
            closing.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private boolean onOwnEventLoop() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
