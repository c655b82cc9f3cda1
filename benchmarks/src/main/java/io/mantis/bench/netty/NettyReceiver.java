package io.mantis.bench.netty;

import io.mantis.bench.common.SinkStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The receiving half of the raw-Netty reference, run as its own JVM (like a downstream worker): accepts one
 * connection, decodes every event into a {@code String} and a {@code long}, keeps the same
 * {@code HashMap<String, long[]>} running count as our count stage, and records each event in
 * {@link SinkStats}. When the sender closes the connection it writes the result file and exits.
 *
 * <p>Usage: {@code NettyReceiver <resultFile> <warmupEvents>}. Prints {@code LISTENING <port>} on stdout once
 * bound, which is how the parent learns the port.
 */
public final class NettyReceiver {

    /** The line prefix the parent waits for. */
    static final String LISTENING = "LISTENING ";

    private NettyReceiver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NettyReceiver <resultFile> <warmupEvents>");
            System.exit(2);
        }
        Path resultFile = Path.of(args[0]);
        long warmup = Long.parseLong(args[1]);
        // One event loop for accept and I/O: one connection needs one thread, as in a worker's inbound side.
        EventLoopGroup group = new NioEventLoopGroup(1);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new LengthFieldBasedFrameDecoder(EventFrames.MAX_FRAME_BYTES, 0, 4, 0, 4),
                                    new CountingHandler(new SinkStats(warmup), resultFile, finished));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
            System.out.println(LISTENING + port);
            System.out.flush();
            finished.get();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Decodes each frame event by event; on close, writes the result. */
    private static final class CountingHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Map<String, long[]> counts = new HashMap<>();
        private final SinkStats stats;
        private final Path resultFile;
        private final CompletableFuture<Void> finished;

        CountingHandler(SinkStats stats, Path resultFile, CompletableFuture<Void> finished) {
            this.stats = stats;
            this.resultFile = resultFile;
            this.finished = finished;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            while (frame.isReadable()) {
                int keyBytes = frame.readInt();
                String key = frame.toString(frame.readerIndex(), keyBytes, StandardCharsets.UTF_8);
                frame.skipBytes(keyBytes);
                long createdNanos = frame.readLong();
                long[] cell = counts.get(key);
                if (cell == null) {
                    cell = new long[1];
                    counts.put(key, cell);
                }
                cell[0]++;
                stats.record(createdNanos);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (finished.isDone()) {
                return; // failed already: write nothing
            }
            long sum = 0;
            for (long[] cell : counts.values()) {
                sum += cell[0];
            }
            stats.addCounts(sum, counts.size());
            try {
                stats.writeTo(resultFile);
                finished.complete(null);
            } catch (Exception e) {
                finished.completeExceptionally(e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // No result file: the parent reports the failure rather than a partial figure.
            finished.completeExceptionally(cause);
            ctx.close();
        }
    }
}
