package io.mantis.runtime.transport;

import io.mantis.runtime.metrics.StageMetrics;
import io.mantis.sdk.Codec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.reactivex.rxjava3.exceptions.Exceptions;
import java.io.EOFException;

/**
 * The downstream end of one TCP connection to an upstream worker (one per connection attempt): says HELLO
 * with the full credit window, decodes DATA frames into batches for the {@link InboundQueue}, passes markers,
 * END and ERROR on, and returns credit as the queue emits this connection's events.
 *
 * <p>Threading: frame methods run on the channel's event loop; {@link #consumed} runs on whichever thread
 * drains the queue, one at a time (the queue's {@code wip} orders them), so its counter needs no guard.
 */
final class InboundHandler<T> extends FrameHandler {

    private final InboundConnection connection;
    private final Codec<T> codec;
    private final InboundQueue<T> queue;
    private final StageMetrics metrics;
    private final int workerIndex;
    private final int creditWindow;
    private final int creditChunk;

    private volatile Channel channel;
    // Drain-confined: events emitted and not yet credited back.
    private int unreturned;

    InboundHandler(InboundConnection connection, Codec<T> codec, InboundQueue<T> queue, StageMetrics metrics,
                   InboundConfig config) {
        super(config.label());
        this.connection = connection;
        this.codec = codec;
        this.queue = queue;
        this.metrics = metrics;
        this.workerIndex = config.workerIndex();
        this.creditWindow = config.creditWindow();
        // Return credit once a quarter of the window was consumed: few CREDIT frames, and the upstream
        // never runs dry while this side is keeping up.
        this.creditChunk = Math.max(1, config.creditWindow() / 4);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        ctx.writeAndFlush(Frames.hello(ctx.alloc(), workerIndex, creditWindow));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.onInactive(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    protected void onFrameBytes(int bytes) {
        metrics.bytesReceived.increment(bytes);
    }

    @Override
    protected void onData(ChannelHandlerContext ctx, int eventCount, ByteBuf events) {
        metrics.framesReceived.increment();
        if (queue.isCancelled() || connection.isRemoved()) {
            return;
        }
        Object[] decoded = new Object[eventCount];
        ByteBufInputStream in = new ByteBufInputStream(events); // one per frame; it cannot be re-pointed
        int frameEnd = events.writerIndex();
        for (int i = 0; i < eventCount; i++) {
            int length = events.readableBytes() >= 4 ? events.readInt() : -1;
            int start = events.readerIndex();
            if (length < 0 || length > frameEnd - start) {
                connection.fail(decodeError(i, eventCount, "its length field says " + length + " bytes but "
                        + (frameEnd - start) + " remain in the frame", null));
                return;
            }
            // Bound the codec to this event, so reading too much fails here instead of eating the next one.
            events.writerIndex(start + length);
            try {
                decoded[i] = codec.decode(in);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                // The buffer ends at this event (IndexOutOfBounds) and the stream at the frame (EOF): either
                // way the codec wanted more than the encoder wrote.
                String what = e instanceof IndexOutOfBoundsException || e instanceof EOFException
                        ? "the codec read past the end of the event's " + length + " bytes"
                        : e.toString();
                connection.fail(decodeError(i, eventCount, what, e));
                return;
            } finally {
                events.writerIndex(frameEnd);
            }
            int read = events.readerIndex() - start;
            if (read != length) {
                connection.fail(decodeError(i, eventCount, "the codec read " + read + " of the event's " + length
                        + " bytes", null));
                return;
            }
        }
        if (events.isReadable()) {
            connection.fail(decodeError(eventCount, eventCount, events.readableBytes()
                    + " bytes follow the last event", null));
            return;
        }
        queue.offer(new InboundQueue.Batch(decoded, this));
    }

    private TransportException decodeError(int index, int count, String what, Throwable cause) {
        return new TransportException(label + ": cannot decode " + codec.typeName() + " from upstream "
                + connection.address() + ": event " + index + " of " + count + " in a frame: " + what, cause);
    }

    @Override
    protected void onMarker(ChannelHandlerContext ctx, long originEpochMicros) {
        queue.offer(new InboundQueue.Marker(originEpochMicros));
    }

    @Override
    protected void onEnd(ChannelHandlerContext ctx) {
        connection.onEnd();
    }

    @Override
    protected void onError(ChannelHandlerContext ctx, String message) {
        connection.fail(new TransportException(label + ": upstream " + connection.address() + " failed: " + message));
    }

    /** The queue emitted {@code count} of this connection's events; drain thread only. */
    void consumed(int count) {
        unreturned += count;
        if (unreturned >= creditChunk) {
            Channel ch = channel;
            int more = unreturned;
            unreturned = 0;
            // A closed channel's credit died with it; a reconnect starts from a full window.
            if (ch != null && ch.isActive()) {
                ch.writeAndFlush(Frames.credit(ch.alloc(), more));
            }
        }
    }
}
