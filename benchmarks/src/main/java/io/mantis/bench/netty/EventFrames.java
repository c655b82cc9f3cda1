package io.mantis.bench.netty;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The raw-Netty reference's wire format: the SDK codec's event form, batched into length-prefixed frames.
 *
 * <pre>
 * frame:  +----------------+-------------------------------------------+
 *         | length (int32) | event | event | ... (up to 1024 events)    |
 *         +----------------+-------------------------------------------+
 * event:  +-------------------+-----------------------+----------------------+
 *         | key length (int32)| key (UTF-8 bytes)     | createdNanos (int64) |
 *         +-------------------+-----------------------+----------------------+
 * </pre>
 *
 * All integers big-endian, as {@code DataOutput} writes them, so the bytes equal those of
 * {@code Codecs.keyed(Codecs.string(), Codecs.longs())}.
 */
final class EventFrames {

    /** Events per frame, hence per flush: the batching the reference figure was measured with. */
    static final int EVENTS_PER_FRAME = 1024;

    /** Generous bound for the frame decoder; a full frame of 65-byte events is about 66 KiB. */
    static final int MAX_FRAME_BYTES = 16 << 20;

    private EventFrames() {
    }

    /** Appends one event; the key is written straight into the buffer, with no intermediate byte[]. */
    static void writeEvent(ByteBuf out, String key, long createdNanos) {
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        int keyBytes = out.writeCharSequence(key, StandardCharsets.UTF_8);
        out.setInt(lengthAt, keyBytes);
        out.writeLong(createdNanos);
    }
}
