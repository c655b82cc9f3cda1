package io.mantis.cli.mesos;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A Netty HTTP/1.1 server on 127.0.0.1 with an ephemeral port. Each request is read whole, copied into a
 * {@link Request} and handed to the handler on the event loop; the handler answers through the request, from any
 * thread, once, either with a plain response or by opening an {@link EventStream}.
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** A received request, detached from Netty's reference-counted buffers. */
    record Request(Channel channel, String method, String path, HttpHeaders headers, byte[] body, boolean keepAlive) {

        void respond(int status, String text) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                channel.writeAndFlush(response);
            } else {
                channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        void respondBytes(int status, String contentType, byte[] body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setContentLength(response, body.length);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                channel.writeAndFlush(response);
            } else {
                channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Answers 200 with a chunked RecordIO body that stays open; {@code extraHeaders} may add headers. */
        EventStream openStream(Consumer<HttpHeaders> extraHeaders) {
            return EventStream.open(channel, extraHeaders);
        }
    }

    private final Channel server;
    private final String name;

    LoopbackHttpServer(String name, EventLoopGroup group, Consumer<Request> handler) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20),
                                new Dispatch(handler));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        this.name = name;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String hostPort() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    @Override
    public String toString() {
        return name + "@" + hostPort();
    }

    private static final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Consumer<Request> handler;

        Dispatch(Consumer<Request> handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            int query = uri.indexOf('?');
            handler.accept(new Request(ctx.channel(), request.method().name(),
                    query < 0 ? uri : uri.substring(0, query), request.headers().copy(),
                    ByteBufUtil.getBytes(request.content()), HttpUtil.isKeepAlive(request)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client that vanished mid-request: the connection is useless, and nothing else depends on it
            ctx.close();
        }
    }
}
