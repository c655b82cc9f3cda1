package io.mantis.master.resources.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One SUBSCRIBE: a POST whose connection stays open and streams RecordIO-framed {@link Event}s. On {@code 200} it
 * reports the {@code Mesos-Stream-Id}, then every event; a {@code 307} reports where the leading master is; any
 * other answer, a broken stream or a closed connection ends it. {@link Handler#onEnded} is called exactly once,
 * last. Handler methods run on the connection's event loop and must not block.
 */
final class SchedulerConnection implements AutoCloseable {

    static final String STREAM_ID = "Mesos-Stream-Id";
    static final String PROTOBUF = "application/x-protobuf";
    /** Offers of a large cluster can be big; far beyond that the stream is broken. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    /** What one subscription reports. */
    interface Handler {
        void onSubscribed(String streamId);

        void onEvent(Event event);

        /** @param redirect the leading master's scheduler endpoint when Mesos answered 307; null otherwise */
        void onEnded(String reason, URI redirect);
    }

    private final Channel channel;

    private SchedulerConnection(Channel channel) {
        this.channel = channel;
    }

    /** Connects to {@code endpoint} ({@code http://host:port/api/v1/scheduler}) and posts {@code subscribe}. */
    static SchedulerConnection open(EventLoopGroup group, URI endpoint, Call subscribe, Handler handler) {
        StreamHandler stream = new StreamHandler(endpoint, handler);
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), stream);
                    }
                })
                .connect(endpoint.getHost(), port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                stream.end("cannot connect to " + endpoint + ": " + f.cause().getMessage(), null);
                return;
            }
            byte[] body = subscribe.toByteArray();
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    endpoint.getRawPath(), Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, endpoint.getHost() + ":" + port)
                    .set(HttpHeaderNames.CONTENT_TYPE, PROTOBUF)
                    .set(HttpHeaderNames.ACCEPT, PROTOBUF)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            connect.channel().writeAndFlush(request).addListener(w -> {
                if (!w.isSuccess()) {
                    stream.end("cannot send SUBSCRIBE to " + endpoint + ": " + w.cause().getMessage(), null);
                    connect.channel().close();
                }
            });
        });
        return new SchedulerConnection(connect.channel());
    }

    /** Drops the subscription; {@link Handler#onEnded} follows unless it already came. Idempotent. */
    @Override
    public void close() {
        channel.close();
    }

    /** Reads the answer to SUBSCRIBE; one per connection. */
    private static final class StreamHandler extends SimpleChannelInboundHandler<HttpObject> {

        private final URI endpoint;
        private final Handler handler;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final RecordIoDecoder decoder = new RecordIoDecoder(MAX_RECORD_BYTES);
        private HttpResponseStatus status;
        private URI redirect;
        private final StringBuilder errorBody = new StringBuilder();

        StreamHandler(URI endpoint, Handler handler) {
            this.endpoint = endpoint;
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (ended.get()) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status();
                if (status.code() == 200) {
                    String streamId = response.headers().get(STREAM_ID);
                    if (streamId == null || streamId.isBlank()) {
                        fail(ctx, "SUBSCRIBE to " + endpoint + " answered 200 without a " + STREAM_ID + " header");
                        return;
                    }
                    handler.onSubscribed(streamId);
                } else if (status.code() == 307 || status.code() == 302 || status.code() == 301) {
                    String location = response.headers().get(HttpHeaderNames.LOCATION);
                    // Mesos writes "//host:port/api/v1/scheduler": resolving keeps our scheme.
                    redirect = location == null ? null : endpoint.resolve(location);
                }
            }
            if (msg instanceof HttpContent content) {
                if (status != null && status.code() == 200) {
                    try {
                        decoder.feed(content.content(), this::record);
                    } catch (IllegalStateException | InvalidEventException e) {
                        fail(ctx, "the event stream of " + endpoint + " is broken: " + e.getMessage());
                        return;
                    }
                } else if (errorBody.length() < 500) {
                    errorBody.append(content.content().toString(StandardCharsets.UTF_8));
                }
                if (msg instanceof LastHttpContent) {
                    fail(ctx, status != null && status.code() == 200
                            ? "Mesos master " + endpoint + " ended the event stream"
                            : "SUBSCRIBE to " + endpoint + " answered " + status + bodyText());
                }
            }
        }

        private void record(byte[] bytes) {
            Event event;
            try {
                event = Event.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidEventException(e.getMessage());
            }
            if (!ended.get()) {
                handler.onEvent(event);
            }
        }

        private String bodyText() {
            String text = errorBody.toString().strip();
            return text.isEmpty() ? "" : ": " + text;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(status == null ? "connection to " + endpoint + " closed before an answer"
                    : "connection to " + endpoint + " closed", redirect);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, "connection to " + endpoint + " failed: " + cause);
        }

        private void fail(ChannelHandlerContext ctx, String reason) {
            end(reason, redirect);
            ctx.close();
        }

        void end(String reason, URI redirectTo) {
            if (ended.compareAndSet(false, true)) {
                handler.onEnded(reason, redirectTo);
            }
        }
    }

    /** An undecodable record; unchecked only to leave the decoder's callback. */
    private static final class InvalidEventException extends RuntimeException {
        InvalidEventException(String message) {
            super("undecodable event: " + message);
        }
    }
}
