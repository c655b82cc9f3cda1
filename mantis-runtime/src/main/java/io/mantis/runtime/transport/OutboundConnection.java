package io.mantis.runtime.transport;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;

/**
 * One downstream worker's connection as the upstream sees it: its index, the credit it granted and the
 * frame being filled for it.
 *
 * <p>Threading: {@link #credit}, {@link #registered} and the batch are guarded by the owning
 * {@link OutboundFlow}'s lock. {@link #send} may be called from any thread.
 */
final class OutboundConnection {

    final Channel channel;
    final int index;
    final FrameBatch batch;
    /** Every frame sent to this downstream, at its full size with the length field. */
    private final Counter bytesSent;

    /** Events this downstream still accepts, counting those in {@link #batch}. @GuardedBy("OutboundFlow.lock") */
    long credit;
    /** False once replaced or closed; late credits for it are ignored. @GuardedBy("OutboundFlow.lock") */
    boolean registered = true;

    /**
     * Starts without credit; the owning {@link OutboundFlow} adds what the downstream granted. {@code bytesSent}
     * counts every frame {@link #send} hands over, length field included.
     */
    OutboundConnection(Channel channel, int index, int batchCapacity, Counter bytesSent) {
        this.channel = channel;
        this.index = index;
        this.batch = new FrameBatch(channel.alloc(), batchCapacity);
        this.bytesSent = bytesSent;
    }

    /**
     * Writes and flushes a frame, in the order of {@code send} calls. Off the event loop Netty queues the
     * write as a task; on it Netty would write at once, overtaking frames other threads queued earlier, so
     * there the write is queued behind them instead.
     */
    void send(ByteBuf frame) {
        send(frame, channel.newPromise()); // what writeAndFlush(frame) would make
    }

    /**
     * As {@link #send(ByteBuf)}, completing {@code promise} once the frame was written. The one place the
     * upstream counts sent bytes: every frame type, whole (a frame starts at its length field).
     */
    void send(ByteBuf frame, ChannelPromise promise) {
        bytesSent.increment(frame.readableBytes());
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            queue(loop, frame, () -> channel.writeAndFlush(frame, promise));
        } else {
            channel.writeAndFlush(frame, promise);
        }
    }

    private static void queue(EventLoop loop, ByteBuf frame, Runnable write) {
        try {
            loop.execute(write);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the connection is gone, and so is the frame.
            frame.release();
        }
    }

    @Override
    public String toString() {
        return "downstream " + index + " at " + channel.remoteAddress();
    }
}
