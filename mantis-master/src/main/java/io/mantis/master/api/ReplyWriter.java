package io.mantis.master.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Writes a {@link Reply} to a channel: bytes as one full response, a file as a zero-copy {@link DefaultFileRegion}
 * after a head with its length. May be called from any thread; Netty runs the writes on the channel's event loop.
 */
final class ReplyWriter {

    private ReplyWriter() {
    }

    /**
     * @param keepAlive false closes the connection once the reply is written
     * @return completes when the last byte is written (or the write failed)
     */
    static ChannelFuture write(Channel channel, Reply reply, boolean keepAlive) {
        ChannelFuture last;
        if (reply.file() != null) {
            long length;
            try {
                length = Files.size(reply.file());
            } catch (IOException e) {
                return write(channel, Reply.error(404, "not_found", "the file is gone: " + e), keepAlive);
            }
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()));
            headers(head, reply, keepAlive);
            head.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
            channel.write(head);
            channel.write(new DefaultFileRegion(reply.file().toFile(), 0, length));
            last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            DefaultFullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
            headers(full, reply, keepAlive);
            if (reply.status() != 204) {
                full.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            }
            last = channel.writeAndFlush(full);
        }
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
        return last;
    }

    private static void headers(HttpResponse response, Reply reply, boolean keepAlive) {
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            // HTTP/1.0 clients keep the connection only when told; HTTP/1.1 ones ignore it.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
