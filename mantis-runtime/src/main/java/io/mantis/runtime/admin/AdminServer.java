package io.mantis.runtime.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;

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
 */
public final class AdminServer implements AutoCloseable {

    public AdminServer(String bindHost, int port, EventLoopGroup group, PrometheusMeterRegistry registry,
                       AdminHandler handler) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Binds; returns the port listened on. */
    public int start() throws InterruptedException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
