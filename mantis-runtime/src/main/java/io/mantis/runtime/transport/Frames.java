package io.mantis.runtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of a stage-to-stage link, between a downstream worker's {@link InboundClient} and an
 * upstream worker's {@link OutboundServer}. All integers are big-endian.
 *
 * <pre>
 * Every frame:
 * +----------------+-------------+----------------------------+
 * | length (int32) | type (int8) | payload (length - 1 bytes) |
 * +----------------+-------------+----------------------------+
 *   length counts the type byte and the payload, not itself; a whole frame (with its length field) is at
 *   most MAX_FRAME_LENGTH (16 MiB) bytes.
 *
 * HELLO   downstream -> upstream, the first frame of a connection
 * +-------+------+---------------------+------------------------+
 * |     9 | 0x01 | workerIndex (int32) | initialCredits (int32) |
 * +-------+------+---------------------+------------------------+
 *
 * CREDIT  downstream -> upstream: the downstream consumed this many more events
 * +-------+------+---------------+
 * |     5 | 0x02 | more (int32)  |
 * +-------+------+---------------+
 *
 * DATA    upstream -> downstream: a batch of encoded events, one credit each
 * +--------+------+--------------------+-----------------+----------------+-----+-----------------+-------+
 * | length | 0x03 | eventCount (int32) | length1 (int32) | event1 (codec) | ... | lengthN (int32) | eventN|
 * +--------+------+--------------------+-----------------+----------------+-----+-----------------+-------+
 *   each event's length lets the receiver check that the codec read exactly what it wrote
 *
 * MARKER  upstream -> downstream: a latency marker, in stream order
 * +-------+------+---------------------------+
 * |     9 | 0x04 | originEpochMicros (int64) |
 * +-------+------+---------------------------+
 *
 * END     upstream -> downstream: the upstream's output completed; nothing follows
 * +-------+------+
 * |     1 | 0x05 |
 * +-------+------+
 *
 * ERROR   upstream -> downstream: the upstream stage failed; nothing follows
 * +--------+------+-----------------------+
 * | length | 0x06 | message (UTF-8 bytes) |
 * +--------+------+-----------------------+
 * </pre>
 *
 * <p>Receivers put {@link #newDecoder()} first in their pipeline; it strips the length field and hands the
 * rest (type byte first) to a {@link FrameHandler}.
 */
final class Frames {

    static final byte HELLO = 1;
    static final byte CREDIT = 2;
    static final byte DATA = 3;
    static final byte MARKER = 4;
    static final byte END = 5;
    static final byte ERROR = 6;

    /** Bytes of the length field that starts every frame (and that the decoder strips). */
    static final int LENGTH_FIELD_LENGTH = 4;

    /** Largest frame, length field included. */
    static final int MAX_FRAME_LENGTH = 16 << 20;

    /** Bytes before a DATA frame's first event: length, type and event count. */
    static final int DATA_HEADER_LENGTH = LENGTH_FIELD_LENGTH + 1 + 4;

    /** ERROR messages are cut to this many characters so that a huge stack trace still fits a frame. */
    static final int MAX_ERROR_CHARS = 64 * 1024;

    private Frames() {
    }

    /** A fresh decoder (decoders are stateful: one per channel). Oversized frames fail fast. */
    static LengthFieldBasedFrameDecoder newDecoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME_LENGTH, 0, LENGTH_FIELD_LENGTH, 0, LENGTH_FIELD_LENGTH);
    }

    static String typeName(byte type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case CREDIT -> "CREDIT";
            case DATA -> "DATA";
            case MARKER -> "MARKER";
            case END -> "END";
            case ERROR -> "ERROR";
            default -> "unknown type " + type;
        };
    }

    static ByteBuf hello(ByteBufAllocator alloc, int workerIndex, int initialCredits) {
        return alloc.buffer(13).writeInt(9).writeByte(HELLO).writeInt(workerIndex).writeInt(initialCredits);
    }

    static ByteBuf credit(ByteBufAllocator alloc, int more) {
        return alloc.buffer(9).writeInt(5).writeByte(CREDIT).writeInt(more);
    }

    static ByteBuf marker(ByteBufAllocator alloc, long originEpochMicros) {
        return alloc.buffer(13).writeInt(9).writeByte(MARKER).writeLong(originEpochMicros);
    }

    static ByteBuf end(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeInt(1).writeByte(END);
    }

    static ByteBuf error(ByteBufAllocator alloc, String message) {
        String text = message.length() > MAX_ERROR_CHARS ? message.substring(0, MAX_ERROR_CHARS) : message;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(5 + bytes.length).writeInt(1 + bytes.length).writeByte(ERROR).writeBytes(bytes);
    }

    /** Starts a DATA frame at {@code buf}'s writer index; events follow, then {@link #finishData}. */
    static void beginData(ByteBuf buf) {
        buf.writeInt(0).writeByte(DATA).writeInt(0);
    }

    /** Fills in the length and event count of the DATA frame that {@link #beginData} started at {@code start}. */
    static void finishData(ByteBuf buf, int start, int eventCount) {
        buf.setInt(start, buf.writerIndex() - start - 4);
        buf.setInt(start + 5, eventCount);
    }
}
