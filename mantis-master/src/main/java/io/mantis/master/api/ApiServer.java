package io.mantis.master.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's REST API (docs/control-plane.md) over HTTP/1.1 with keep-alive, answering each route by calling a
 * {@link MasterOperations}. JSON in and out; errors are {@code ApiError} documents with the matching status.
 *
 * <p>The constructor binds and starts serving; {@link #close()} stops. Operations run on a small executor of the
 * server's own, never on Netty's event loops, so they may block briefly. Uploads are streamed to a spool file and
 * handed to {@link MasterOperations#uploadArtifact} as a file; downloads are sent from the file without copying.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and returns once the event loops and handler threads have ended.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService handlers;
    private final Channel server;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Binds {@code config.host():config.port()} and serves.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, or not an address of this host)
     */
    public ApiServer(ApiServerConfig config, MasterOperations operations) {
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(operations, "operations is null");
        handlers = Executors.newFixedThreadPool(config.handlerThreads(), new DefaultThreadFactory("mantis-api", true));
        HttpDispatcher.Settings settings = new HttpDispatcher.Settings(Routes.of(operations),
                config.token() == null ? null : new BearerToken(config.token()), handlers,
                ApiServerConfig.MAX_JSON_BYTES, config.maxArtifactBytes(), config.spoolDir());
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("mantis-api-accept", true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("mantis-api-io", true));
        try {
            server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpDispatcher(settings));
                        }
                    })
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            // Netty rethrows the bind's checked exception (BindException) without declaring it.
            stop();
            throw new UncheckedIOException("cannot serve the REST API on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + ": pick another port, or 0 for any free one",
                    e instanceof IOException io ? io : new IOException(e));
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        url = URI.create("http://" + hostForUrl(bound.getAddress()) + ":" + bound.getPort());
        log.info("REST API listening on {}{}", url, config.token() == null ? " (no API token: open to all)" : "");
    }

    /** e.g. {@code http://127.0.0.1:8100}: the bound address, or loopback when bound to every interface. */
    public URI url() {
        return url;
    }

    /** Stops accepting, closes open connections and waits for the event loops and handler threads to end. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        stop();
        log.info("REST API on {} stopped", url);
    }

    private void stop() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("REST API handlers still running after 10 s; interrupting them");
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static String hostForUrl(InetAddress address) {
        InetAddress shown = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        String text = shown.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }
}
