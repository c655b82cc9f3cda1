package io.mantis.runtime.transport;

import io.mantis.sdk.Codec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;

/**
 * One connection's DATA frame under construction: events are encoded straight into a pooled buffer, behind
 * a header that {@link #take()} fills in, so a frame is built without copying.
 *
 * <p>Not thread-safe: the owner ({@link OutboundFlow}) guards it with its lock.
 */
final class FrameBatch {

    private final ByteBufAllocator alloc;
    private final int initialCapacity;

    private ByteBuf buf;
    // One stream per frame: ByteBufOutputStream cannot be re-pointed at the next buffer.
    private ByteBufOutputStream out;
    private int events;
    private long startNanos;

    FrameBatch(ByteBufAllocator alloc, int initialCapacity) {
        this.alloc = alloc;
        this.initialCapacity = initialCapacity;
    }

    boolean isEmpty() {
        return events == 0;
    }

    int events() {
        return events;
    }

    /** Bytes the frame would have if taken now. */
    int bytes() {
        return buf == null ? 0 : buf.readableBytes();
    }

    /** When the first event of this frame was appended ({@link System#nanoTime()}); meaningless when empty. */
    long startNanos() {
        return startNanos;
    }

    /**
     * Appends one event, or returns false if it does not fit this frame any more: the frame holds events
     * already and this one would push it past {@link Frames#MAX_FRAME_LENGTH}. Then the caller takes the frame
     * and appends the event again to the fresh one; an empty frame never says false. On false or a failure the
     * frame is left exactly as before the call. Failures: the codec's exception propagates, and an event that
     * alone does not fit a frame is refused with an {@link IOException}.
     */
    <T> boolean append(Codec<T> codec, T event) throws IOException {
        if (buf == null) {
            buf = alloc.ioBuffer(initialCapacity);
            out = new ByteBufOutputStream(buf);
            Frames.beginData(buf);
        }
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        try {
            codec.encode(event, out);
        } catch (IOException | RuntimeException e) {
            buf.writerIndex(lengthIndex);
            throw e;
        }
        int length = buf.writerIndex() - lengthIndex - 4;
        if (buf.readableBytes() > Frames.MAX_FRAME_LENGTH) {
            buf.writerIndex(lengthIndex);
            if (events > 0) {
                return false; // full: the event may well fit a frame of its own
            }
            throw new IOException("an event of " + length + " bytes does not fit a frame of at most "
                    + Frames.MAX_FRAME_LENGTH + " bytes");
        }
        buf.setInt(lengthIndex, length);
        if (events++ == 0) {
            startNanos = System.nanoTime();
        }
        return true;
    }

    /** The finished frame, ready to write; the batch is empty afterwards. Must not be empty. */
    ByteBuf take() {
        ByteBuf frame = buf;
        Frames.finishData(frame, frame.readerIndex(), events);
        buf = null;
        out = null;
        events = 0;
        return frame;
    }

    /** Discards pending events and returns the buffer to the pool. Idempotent. */
    void release() {
        if (buf != null) {
            buf.release();
            buf = null;
            out = null;
        }
        events = 0;
    }
}
