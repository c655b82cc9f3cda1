package io.mantis.protocol.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Splits a Mesos RecordIO stream into its records. Each record is its length in decimal ASCII, a line feed, and
 * that many bytes; records follow each other with nothing in between:
 *
 * <pre>
 * +--------+----+----------------+--------+----+-----------+
 * | "1024" | \n | 1024 bytes ... | "17"   | \n | 17 bytes  | ...
 * +--------+----+----------------+--------+----+-----------+
 * </pre>
 *
 * HTTP chunks do not line up with records: {@link #feed} takes bytes as they come and keeps a partial record
 * (or a partial length) until the rest arrives. Not thread-safe: one decoder per stream, fed by one thread.
 */
public final class RecordIoDecoder {

    /** The longest length prefix read before giving up on the stream; any length over 10 digits is refused. */
    private static final int MAX_DIGITS = 19;

    private final int maxRecordBytes;
    private final Consumer<byte[]> records;
    private final StringBuilder length = new StringBuilder();
    private byte[] record;   // null while reading a length
    private int filled;

    /**
     * @param maxRecordBytes a longer record is an error (protects the heap from a corrupt length)
     * @param records        receives each complete record, in order, on the feeding thread
     */
    public RecordIoDecoder(int maxRecordBytes, Consumer<byte[]> records) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.records = records;
    }

    /**
     * Consumes {@code len} bytes of {@code bytes} from {@code off}, handing every record they complete to the
     * consumer.
     *
     * @throws IOException when a length is not a decimal number or exceeds the maximum; the stream is unusable then
     */
    public void feed(byte[] bytes, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (record == null) {
                byte b = bytes[i++];
                if (b == '\n') {
                    startRecord();
                } else if (b >= '0' && b <= '9' && length.length() < MAX_DIGITS) {
                    length.append((char) b);
                } else {
                    throw new IOException("RecordIO: bad length prefix '" + length + printable(b)
                            + "': expected decimal digits and a line feed");
                }
            } else {
                int n = Math.min(end - i, record.length - filled);
                System.arraycopy(bytes, i, record, filled, n);
                filled += n;
                i += n;
                if (filled == record.length) {
                    emit();
                }
            }
        }
    }

    /** Whether the bytes fed so far end exactly at a record boundary (a clean end of stream). */
    public boolean atBoundary() {
        return record == null && length.length() == 0;
    }

    /** Feeds everything {@code in} yields until its end. @throws IOException from reading or decoding */
    public void readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            feed(buffer, 0, n);
        }
    }

    private void startRecord() throws IOException {
        if (length.length() == 0) {
            throw new IOException("RecordIO: empty length prefix");
        }
        String digits = length.toString();
        length.setLength(0);
        // Up to 19 digits may not fit in a long; more than 10 always exceed the int limit, so never parse those.
        if (digits.length() > 10 || Long.parseLong(digits) > maxRecordBytes) {
            throw new IOException("RecordIO: record of " + digits + " bytes exceeds the limit of " + maxRecordBytes);
        }
        int size = Integer.parseInt(digits);
        record = new byte[size];
        filled = 0;
        if (size == 0) {
            emit();
        }
    }

    private void emit() {
        byte[] complete = record;
        record = null;
        records.accept(complete);
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }
}
