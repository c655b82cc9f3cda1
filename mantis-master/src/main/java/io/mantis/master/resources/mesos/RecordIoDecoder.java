package io.mantis.master.resources.mesos;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Feeds the Netty chunks of the SUBSCRIBE stream to the shared {@link io.mantis.protocol.mesos.RecordIoDecoder},
 * which keeps partial records across chunks (the framing is drawn there).
 *
 * <p>Not thread-safe: one decoder per connection, fed from its event loop.
 */
final class RecordIoDecoder {

    private final io.mantis.protocol.mesos.RecordIoDecoder decoder;
    /** Where the records of the chunk being fed go. */
    private Consumer<byte[]> records;

    /** @param maxRecordBytes a longer record is refused with {@link IllegalStateException} */
    RecordIoDecoder(int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes is " + maxRecordBytes + ": give 1 or more");
        }
        this.decoder = new io.mantis.protocol.mesos.RecordIoDecoder(maxRecordBytes, r -> records.accept(r));
    }

    /**
     * Reads {@code chunk} (not released here) and hands every record it completes to {@code records}, in order.
     *
     * @throws IllegalStateException when a length is not a decimal number or exceeds the limit; the stream cannot
     *                               be resynchronised and must be dropped
     */
    void feed(ByteBuf chunk, Consumer<byte[]> records) {
        this.records = records;
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.getBytes(chunk.readerIndex(), bytes);
        try {
            decoder.feed(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
