package io.mantis.runtime.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The listening socket and every accepted connection of one TCP server running on a caller-owned
 * {@link EventLoopGroup}: binds, and closes them all at once.
 *
 * <p>Contract:
 * <ul>
 *   <li>The constructor checks the bind address: a host, and a port from 0 (any free one) to 65535.</li>
 *   <li>{@link #option} sets an option of the listening socket, {@link #childOption} one of every accepted
 *       connection; call them before {@link #start}.</li>
 *   <li>{@link #start} binds once and returns the port listened on; started a second time, or after
 *       {@link #close}, it throws an {@link IllegalStateException} saying so ("the SSE sink on
 *       127.0.0.1:0 is already closed"). Each accepted connection is tracked before the caller's pipeline
 *       setup runs on it, so {@link #close} reaches every connection.</li>
 *   <li>{@link #close} is idempotent. It closes the listening socket and every connection; a connection
 *       accepted (or a socket bound) after it is closed at once. It waits a few seconds at most for the
 *       channels to close, and not at all when called on one of the group's event loops, where waiting
 *       could deadlock.</li>
 *   <li>The group is the caller's: nothing here shuts it down.</li>
 * </ul>
 * {@link #start} and {@link #close} may be called from any thread.
 */
public final class ServerChannels {

    private static final long CLOSE_WAIT_SECONDS = 5;

    private enum State { NEW, STARTED, CLOSED }

    private final String what;
    private final String bindHost;
    private final int port;
    private final EventLoopGroup group;
    private final Logger log;
    private final ServerBootstrap bootstrap;
    /** The server channel and every accepted connection; channels added after close() are closed at once. */
    private final ChannelGroup channels;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /**
     * @param what     names the server in the "listening" log line, the state errors of {@link #start} and the
     *                 channel group, e.g. {@code "SSE sink"}
     * @param bindHost the address to listen on
     * @param port     the port, or {@code 0} for any free one
     * @param group    runs the server and its connections; owned by the caller, who shuts it down
     * @param log      the owning server's logger, so its log line keeps naming that server's class
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public ServerChannels(String what, String bindHost, int port, EventLoopGroup group, Logger log) {
        this.what = Objects.requireNonNull(what, "what is null");
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any) or 1..65535, got " + port);
        }
        this.port = port;
        this.group = Objects.requireNonNull(group, "group is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class);
        this.channels = new DefaultChannelGroup(what, GlobalEventExecutor.INSTANCE, true);
    }

    /** Sets {@code option} on the listening socket; returns this. Call before {@link #start}. */
    public <T> ServerChannels option(ChannelOption<T> option, T value) {
        bootstrap.option(option, value);
        return this;
    }

    /** Sets {@code option} on every connection accepted later; returns this. Call before {@link #start}. */
    public <T> ServerChannels childOption(ChannelOption<T> option, T value) {
        bootstrap.childOption(option, value);
        return this;
    }

    /**
     * {@code bindHost:port} as given to the constructor (port 0 when any free one was asked for), for the
     * owning server's messages.
     */
    public String address() {
        return bindHost + ":" + port;
    }

    /**
     * Binds and logs the port listened on.
     *
     * @param initializer builds the pipeline of each accepted connection, on that connection's event loop
     * @return the port listened on
     * @throws IllegalStateException if already started or closed
     */
    public int start(Consumer<SocketChannel> initializer) throws InterruptedException {
        Objects.requireNonNull(initializer, "initializer is null");
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("the " + what + " on " + address() + " is already "
                    + (state.get() == State.CLOSED ? "closed" : "started"));
        }
        bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // Tracked before the caller's setup, so close() reaches it even if that setup throws.
                channels.add(ch);
                initializer.accept(ch);
            }
        });
        Channel server = bootstrap.bind(bindHost, port).sync().channel();
        channels.add(server);
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("{} listening on {}:{}", what, bindHost, bound);
        return bound;
    }

    /** Closes the listening socket and every connection; see the class comment for the waiting rules. */
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
