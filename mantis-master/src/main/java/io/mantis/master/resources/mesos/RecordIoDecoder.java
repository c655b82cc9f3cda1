package io.mantis.master.resources.mesos;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Splits Mesos's RecordIO stream into records. Chunk boundaries fall anywhere (inside the length, between the
 * length and its newline, inside a record), so bytes are buffered until a whole record is there.
 *
 * <pre>
 * +----------------------+----+---------------------+----------------------+----+------
 * | length (ASCII digits)| \n | record (length B)   | length (ASCII digits)| \n | ...
 * +----------------------+----+---------------------+----------------------+----+------
 *   "42"                   0x0a  a serialised Event
 * </pre>
 *
 * <p>Not thread-safe: one decoder per connection, fed from its event loop. {@link #release()} frees the buffer.
 */
final class RecordIoDecoder {

    /** More digits than any sane length: the stream is not RecordIO. */
    private static final int MAX_LENGTH_DIGITS = 10;

    private final int maxRecordBytes;
    private final ByteBuf buffer = Unpooled.buffer();
    /** Length of the record being read once its header is complete; -1 while reading a header. */
    private long pending = -1;

    /** @param maxRecordBytes a longer record is refused with {@link IllegalStateException} */
    RecordIoDecoder(int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes is " + maxRecordBytes + ": give 1 or more");
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Appends {@code chunk} (not released here) and hands every record it completes to {@code records}, in order.
     *
     * @throws IllegalStateException when the length header is not a decimal number or exceeds the limit; the
     *                               stream cannot be resynchronised and must be dropped
     */
    void feed(ByteBuf chunk, Consumer<byte[]> records) {
        buffer.writeBytes(chunk);
        while (true) {
            if (pending < 0) {
                int newline = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
                if (newline < 0) {
                    if (buffer.readableBytes() > MAX_LENGTH_DIGITS) {
                        throw new IllegalStateException("RecordIO length header longer than " + MAX_LENGTH_DIGITS
                                + " bytes: the stream is not RecordIO");
                    }
                    break;
                }
                pending = parseLength(newline - buffer.readerIndex());
                buffer.readerIndex(newline + 1);
            }
            if (buffer.readableBytes() < pending) {
                break;
            }
            byte[] record = new byte[(int) pending];
            buffer.readBytes(record);
            pending = -1;
            records.accept(record);
        }
        buffer.discardReadBytes();
    }

    void release() {
        buffer.release();
    }

    private long parseLength(int digits) {
        if (digits == 0 || digits > MAX_LENGTH_DIGITS) {
            throw new IllegalStateException("RecordIO length header of " + digits + " bytes: expected 1 to "
                    + MAX_LENGTH_DIGITS + " decimal digits");
        }
        long length = 0;
        for (int i = 0; i < digits; i++) {
            byte b = buffer.getByte(buffer.readerIndex() + i);
            if (b < '0' || b > '9') {
                throw new IllegalStateException("RecordIO length header has byte " + (b & 0xff)
                        + ": expected decimal digits");
            }
            length = length * 10 + (b - '0');
        }
        if (length > maxRecordBytes) {
            throw new IllegalStateException("RecordIO record of " + length + " bytes exceeds the limit of "
                    + maxRecordBytes + " bytes");
        }
        return length;
    }
}
