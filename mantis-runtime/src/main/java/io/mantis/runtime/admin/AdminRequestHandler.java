package io.mantis.runtime.admin;

import io.mantis.runtime.net.JsonResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one aggregated admin request; see {@link AdminServer} for the routes. Every answer is complete
 * (Content-Length set), so {@link io.netty.handler.codec.http.HttpServerKeepAliveHandler} can keep the
 * connection open when the client asks for it.
 *
 * <p>Threading: stateless and shared by all connections; runs on their event loops, and so do the
 * {@link AdminHandler} calls it makes.
 */
@ChannelHandler.Sharable
final class AdminRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(AdminRequestHandler.class);

    /** The one method each path accepts. */
    private static final Map<String, HttpMethod> ROUTES = Map.of(
            "/metrics", HttpMethod.GET,
            "/health", HttpMethod.GET,
            "/upstreams", HttpMethod.PUT,
            "/downstream-workers", HttpMethod.PUT);
    /** What the 404 answer lists. */
    private static final String SERVED =
            "the admin endpoint serves GET /metrics, GET /health, PUT /upstreams, PUT /downstream-workers";

    private final PrometheusMeterRegistry registry;
    private final AdminHandler handler;

    AdminRequestHandler(PrometheusMeterRegistry registry, AdminHandler handler) {
        this.registry = registry;
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            FullHttpResponse response = JsonResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "malformed HTTP request: " + request.decoderResult().cause());
            // The parser's state is unknown after a failure, so the connection cannot be reused.
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        FullHttpResponse response;
        try {
            response = answer(request);
        } catch (BadRequestException e) {
            response = JsonResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("admin request {} {} failed", request.method(), request.uri(), e);
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            response = JsonResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", message);
        }
        ctx.writeAndFlush(response);
    }

    private FullHttpResponse answer(FullHttpRequest request) throws BadRequestException {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod allowed = ROUTES.get(path);
        FullHttpResponse rejected = JsonResponses.routeError(path, request.method(), allowed, SERVED);
        if (rejected != null) {
            return rejected;
        }
        switch (path) {
            case "/metrics":
                return JsonResponses.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape());
            case "/health":
                Map<String, Object> health = handler.health();
                if (health == null) {
                    throw new IllegalStateException("the worker's health() returned null");
                }
                return JsonResponses.json(HttpResponseStatus.OK, health);
            case "/upstreams":
                List<InetSocketAddress> upstreams = AdminRequests.upstreams(body(request));
                handler.setUpstreams(List.copyOf(upstreams));
                return JsonResponses.json(HttpResponseStatus.OK, Map.of("upstreams", upstreams.size()));
            case "/downstream-workers":
                int count = AdminRequests.downstreamWorkers(body(request));
                handler.setDownstreamWorkers(count);
                return JsonResponses.json(HttpResponseStatus.OK, Map.of("count", count));
            default:
                throw new IllegalStateException("route " + path + " has no answer");
        }
    }

    private static byte[] body(FullHttpRequest request) {
        return ByteBufUtil.getBytes(request.content());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
