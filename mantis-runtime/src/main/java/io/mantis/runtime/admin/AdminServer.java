package io.mantis.runtime.admin;

import io.mantis.runtime.net.ServerChannels;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.Objects;
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

    private final AdminRequestHandler requestHandler;
    private final ServerChannels channels;

    /**
     * @param bindHost the address to listen on
     * @param port     the port, or {@code 0} for any free one
     * @param group    runs the server and its connections; owned by the caller, who shuts it down
     * @param registry scraped for {@code GET /metrics}
     * @param handler  answers health and takes the worker's new neighbours
     */
    public AdminServer(String bindHost, int port, EventLoopGroup group, PrometheusMeterRegistry registry,
                       AdminHandler handler) {
        this.channels = new ServerChannels("admin endpoint", bindHost, port, group, LOG);
        this.requestHandler = new AdminRequestHandler(Objects.requireNonNull(registry, "registry is null"),
                Objects.requireNonNull(handler, "handler is null"));
    }

    /**
     * Binds; returns the port listened on.
     *
     * @throws IllegalStateException if already started or closed
     */
    public int start() throws InterruptedException {
        return channels.start(ch -> ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new BodyLimit(MAX_BODY_BYTES))
                .addLast(requestHandler));
    }

    /**
     * Closes the listening socket and every connection. Idempotent. Waits a few seconds at most for the
     * channels to close, and not at all when called on one of the group's event loops (where waiting could
     * deadlock).
     */
    @Override
    public void close() {
        channels.close();
    }
}
