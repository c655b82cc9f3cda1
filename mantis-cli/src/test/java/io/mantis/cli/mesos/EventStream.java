package io.mantis.cli.mesos;

import com.google.protobuf.MessageLite;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.function.Consumer;

/**
 * The open response of a Mesos SUBSCRIBE: {@code 200}, {@code Transfer-Encoding: chunked}, one RecordIO record per
 * event, until either side closes the connection. Thread-safe: Netty serialises writes from any thread.
 */
final class EventStream {

    private final Channel channel;

    private EventStream(Channel channel) {
        this.channel = channel;
    }

    static EventStream open(Channel channel, Consumer<HttpHeaders> extraHeaders) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf");
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        extraHeaders.accept(response.headers());
        channel.writeAndFlush(response);
        return new EventStream(channel);
    }

    /** Sends one event; silently dropped once the stream is closed (as bytes sent into a dead socket are). */
    void send(MessageLite event) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(RecordIo.frame(event.toByteArray()))));
        }
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Runs {@code action} once the connection closes, whoever closed it (now, if it is already closed). */
    void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** Closes the connection without a final chunk, as a crashed or departing Mesos master would. */
    void close() {
        channel.close();
    }
}
