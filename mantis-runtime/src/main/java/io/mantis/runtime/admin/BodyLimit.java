package io.mantis.runtime.admin;

import io.mantis.runtime.net.JsonResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates requests up to a size limit, answering larger ones with {@code 413} in the same JSON shape as
 * every other admin error (Netty's own answer has an empty body).
 *
 * <p>The connection stays open when the client declared the size up front and wants keep-alive (the rest of
 * the body is read and discarded); it closes when the body was already streaming in without a declared size,
 * since there is no telling where it ends.
 */
final class BodyLimit extends HttpObjectAggregator {

    BodyLimit(int maxBytes) {
        super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpResponse) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        FullHttpResponse response = tooLarge();
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r
                && r.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            // "Expect: 100-continue" with a too-large Content-Length: refuse before the body is sent, in JSON.
            ReferenceCountUtil.release(response);
            return tooLarge();
        }
        return response;
    }

    private FullHttpResponse tooLarge() {
        return JsonResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "request body exceeds " + maxContentLength() + " bytes");
    }
}
