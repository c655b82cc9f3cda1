package io.mantis.runtime.transport;

import io.mantis.runtime.net.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to one upstream worker's address, across reconnects: connects, and when the connection drops
 * before END, reconnects after a delay that doubles from {@code reconnectMin} to {@code reconnectMax}, for as
 * long as the address is listed and the client open. Each TCP connection gets its own {@link InboundHandler}.
 *
 * <p>Threading: {@link #connect()}, {@link #remove()} and {@link #fail} may be called from any thread; the
 * connection state is guarded by {@code this}.
 */
final class InboundConnection {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConnection.class);

    private final InetSocketAddress address;
    private final String printableAddress;
    private final Bootstrap bootstrap;
    private final EventLoopGroup group;
    private final InboundConfig config;
    private final Consumer<Throwable> onFatal;
    private final Runnable onEnd;

    /** END arrived: the upstream sent everything; no reconnect. Set on the event loop before signalling. */
    private volatile boolean ended;
    private volatile boolean removed;

    // @GuardedBy("this")
    private Channel channel;
    private ScheduledFuture<?> reconnect;
    private long delayNanos;

    /**
     * @param base        a configured bootstrap; this link adds the handler {@code initializer} makes for it
     * @param onFatal     fails the whole input (a decode error or an upstream's ERROR)
     * @param onEnd       re-checks completion after END
     */
    InboundConnection(InetSocketAddress address, Bootstrap base, Function<InboundConnection, ChannelHandler> initializer,
                      EventLoopGroup group, InboundConfig config, Consumer<Throwable> onFatal, Runnable onEnd) {
        this.address = address;
        this.printableAddress = HostPort.format(address.getHostString(), address.getPort());
        this.bootstrap = base.clone().handler(initializer.apply(this));
        this.group = group;
        this.config = config;
        this.onFatal = onFatal;
        this.onEnd = onEnd;
        this.delayNanos = config.reconnectMin().toNanos();
    }

    /** host:port, as it appears in messages. */
    String address() {
        return printableAddress;
    }

    boolean isEnded() {
        return ended;
    }

    boolean isRemoved() {
        return removed;
    }

    void connect() {
        synchronized (this) {
            reconnect = null;
            if (removed) {
                return;
            }
        }
        ChannelFuture attempt;
        try {
            attempt = bootstrap.connect(address);
        } catch (RejectedExecutionException e) {
            return; // the event loop group is shutting down
        }
        attempt.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                scheduleReconnect("cannot connect: " + f.cause());
                return;
            }
            boolean keep;
            synchronized (this) {
                keep = !removed;
                if (keep) {
                    channel = f.channel();
                    delayNanos = config.reconnectMin().toNanos();
                }
            }
            if (!keep) {
                f.channel().close();
            }
        });
    }

    /** A connection of this link closed (event loop). */
    void onInactive(Channel closed) {
        synchronized (this) {
            if (channel == closed) {
                channel = null;
            }
        }
        if (!ended && !removed) {
            scheduleReconnect("connection lost before END");
        }
    }

    private void scheduleReconnect(String why) {
        long delay;
        synchronized (this) {
            if (removed || ended || reconnect != null) {
                return;
            }
            delay = delayNanos;
            delayNanos = Math.min(delayNanos * 2, config.reconnectMax().toNanos());
            try {
                reconnect = group.next().schedule(this::connect, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
        LOG.info("{}: upstream {}: {}; reconnecting in {} ms", config.label(), printableAddress, why,
                TimeUnit.NANOSECONDS.toMillis(delay));
    }

    void onEnd() {
        ended = true;
        onEnd.run();
    }

    void fail(Throwable cause) {
        onFatal.accept(cause);
    }

    /** Stops reconnecting and closes the connection. Idempotent. */
    void remove() {
        Channel ch;
        synchronized (this) {
            removed = true;
            if (reconnect != null) {
                reconnect.cancel(false);
                reconnect = null;
            }
            ch = channel;
            channel = null;
        }
        if (ch != null) {
            ch.close();
        }
    }
}
