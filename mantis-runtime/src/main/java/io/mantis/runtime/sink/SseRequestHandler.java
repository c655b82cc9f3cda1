package io.mantis.runtime.sink;

import io.mantis.runtime.net.JsonResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one connection's requests: {@code GET /events[?clientId=ID]} turns the connection into an
 * {@link SseClient}; anything else gets a JSON error. Once streaming, the connection takes no more requests.
 *
 * <p>Threading: one instance per connection, on its event loop.
 */
final class SseRequestHandler extends SimpleChannelInboundHandler<HttpObject> {

    static final String EVENTS_PATH = "/events";

    private static final String SERVED = "the sink serves GET " + EVENTS_PATH + "[?clientId=ID]";

    private static final Logger LOG = LoggerFactory.getLogger(SseRequestHandler.class);

    private final SseSinkServer server;
    private SseClient client;

    SseRequestHandler(SseSinkServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        // Request bodies (HttpContent) carry nothing the sink needs; SimpleChannelInboundHandler releases them.
        if (!(msg instanceof HttpRequest request)) {
            return;
        }
        if (client != null) {
            LOG.debug("{}: ignoring {} {} on a connection that is already streaming", client, request.method(),
                    request.uri());
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            FullHttpResponse response = JsonResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "malformed HTTP request: " + request.decoderResult().cause());
            // The parser's state is unknown after a failure, so the connection cannot be reused.
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod allowed = EVENTS_PATH.equals(path) ? HttpMethod.GET : null;
        FullHttpResponse rejected = JsonResponses.routeError(path, request.method(), allowed, SERVED);
        if (rejected != null) {
            ctx.writeAndFlush(rejected);
            return;
        }
        client = new SseClient(ctx.channel(), clientId(uri), server.settings(), server.eventsSentCounter());
        server.attach(client);
    }

    private static String clientId(QueryStringDecoder uri) {
        List<String> ids = uri.parameters().get("clientId");
        if (ids == null || ids.isEmpty() || ids.get(0).isBlank()) {
            return null;
        }
        return ids.get(0);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client != null) {
            server.detach(client);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Usually a client that went away mid-write; nothing to tell it, nothing for the job to do.
        LOG.debug("sink connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
