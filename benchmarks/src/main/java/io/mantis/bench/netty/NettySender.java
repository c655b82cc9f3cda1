package io.mantis.bench.netty;

import io.mantis.bench.common.Keys;
import io.mantis.bench.common.Pacer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sending half of the raw-Netty reference: one connection, frames of {@link EventFrames#EVENTS_PER_FRAME}
 * events, one flush per frame, and simple flow control: it writes only while the channel is writable and
 * resumes on {@code channelWritabilityChanged}, so the outbound buffer stays bounded and nothing is dropped.
 * When paced, it emits each 1 ms slice's due events as one burst (see {@link Pacer}).
 *
 * <p>All work happens on the channel's event loop; {@link #send} blocks the caller until the last frame was
 * flushed and the connection closed.
 */
final class NettySender {

    private NettySender() {
    }

    static void send(int port, long events, long rate, Keys keys, long timeoutMillis) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Pump pump = new Pump(events, new Pacer(rate), keys);
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    // Room for several ~66 KiB frames in flight: the 64 KiB default high mark would turn the
                    // channel unwritable after every single frame and stall the pipeline between flushes.
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(pump);
                        }
                    });
            bootstrap.connect("127.0.0.1", port).sync();
            pump.done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Writes frames while the channel is writable and events are due; closes the connection after the last. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final long total;
        private final Pacer pacer;
        private final Keys keys;
        private final int frameCapacity;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private long sent;
        private boolean wakeUpScheduled;

        Pump(long total, Pacer pacer, Keys keys) {
            this.total = total;
            this.pacer = pacer;
            this.keys = keys;
            this.frameCapacity = 4 + EventFrames.EVENTS_PER_FRAME * keys.encodedEventBytes();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (sent < total) {
                done.completeExceptionally(new IllegalStateException(
                        "receiver closed the connection after " + sent + " of " + total + " events"));
            } else {
                done.complete(null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }

        private void pump(ChannelHandlerContext ctx) {
            while (sent < total && ctx.channel().isWritable()) {
                long now = System.nanoTime();
                long allowed = Math.min(total, pacer.eventsDueBy(now));
                if (sent >= allowed) {
                    scheduleWakeUp(ctx, pacer.nanosToNextSlice(now));
                    return;
                }
                int n = (int) Math.min(EventFrames.EVENTS_PER_FRAME, allowed - sent);
                ByteBuf frame = ctx.alloc().directBuffer(frameCapacity);
                frame.writeInt(0);
                for (int i = 0; i < n; i++) {
                    EventFrames.writeEvent(frame, keys.forEvent(sent + i), System.nanoTime());
                }
                frame.setInt(0, frame.readableBytes() - 4);
                sent += n;
                if (sent == total) {
                    // The receiver takes the orderly close as "all sent" and writes its result.
                    ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(frame, ctx.voidPromise());
                }
            }
        }

        private void scheduleWakeUp(ChannelHandlerContext ctx, long delayNanos) {
            if (wakeUpScheduled) {
                return;
            }
            wakeUpScheduled = true;
            ctx.executor().schedule(() -> {
                wakeUpScheduled = false;
                pump(ctx);
            }, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        }
    }
}
