package io.mantis.runtime.transport;

import io.mantis.sdk.Codec;
import io.mantis.sdk.Keyed;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * The reference the transport is measured against: the same events in length-prefixed frames of 1024
 * events over one plain Netty connection, every event decoded by the receiver; no routing, no credit, no
 * RxJava. Its only flow control is Netty's writability.
 */
final class RawNettyReference {

    static final int EVENTS_PER_FRAME = 1024;

    private RawNettyReference() {
    }

    /** Listens for one sender; {@code done} counts down once {@code expected} events were decoded. */
    static Channel receiver(EventLoopGroup group, Codec<Keyed<String, Long>> codec, long expected,
                            CountDownLatch done) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(16 << 20, 0, 4, 0, 4),
                                new Receiver(codec, expected, done));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /**
     * Connects to {@code receiver} and sends {@code events} events from the calling thread; returns the
     * connection, to be closed once the receiver has everything (closing earlier would discard unsent frames).
     */
    static Channel send(EventLoopGroup group, SocketAddress receiver, Codec<Keyed<String, Long>> codec, long events,
                     LongFunction<Keyed<String, Long>> event) throws Exception {
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInboundHandlerAdapter())
                .connect(receiver).sync().channel();
        long i = 0;
        while (i < events) {
            while (!channel.isWritable()) {
                LockSupport.parkNanos(20_000);
            }
            ByteBuf frame = channel.alloc().ioBuffer(96 * 1024);
            ByteBufOutputStream out = new ByteBufOutputStream(frame);
            frame.writeInt(0);
            int n = (int) Math.min(EVENTS_PER_FRAME, events - i);
            for (int k = 0; k < n; k++, i++) {
                int lengthIndex = frame.writerIndex();
                frame.writeInt(0);
                codec.encode(event.apply(i), out);
                frame.setInt(lengthIndex, frame.writerIndex() - lengthIndex - 4);
            }
            frame.setInt(0, frame.writerIndex() - 4);
            channel.writeAndFlush(frame);
        }
        return channel;
    }

    private static final class Receiver extends ChannelInboundHandlerAdapter {
        private final Codec<Keyed<String, Long>> codec;
        private final long expected;
        private final CountDownLatch done;
        private long count;
        private long checksum;

        Receiver(Codec<Keyed<String, Long>> codec, long expected, CountDownLatch done) {
            this.codec = codec;
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
            ByteBuf frame = (ByteBuf) msg;
            try {
                ByteBufInputStream in = new ByteBufInputStream(frame);
                while (frame.isReadable()) {
                    frame.readInt();
                    Keyed<String, Long> e = codec.decode(in);
                    checksum += e.value() + e.key().length(); // so that decoding cannot be optimized away
                    count++;
                }
            } finally {
                frame.release();
            }
            if (count == expected && checksum != 0) {
                done.countDown();
            }
        }
    }
}
