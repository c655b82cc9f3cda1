package io.mantis.cli.mesos;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * RecordIO, the framing of Mesos's streaming HTTP responses: each record is its length in decimal ASCII, a line feed,
 * then that many bytes. HTTP chunk boundaries have no relation to record boundaries.
 *
 * <pre>
 * +-----------------+----+------------------------+-----------------+----+-----
 * | "42" (ASCII)    | \n | 42 bytes of protobuf   | "7"             | \n | ...
 * +-----------------+----+------------------------+-----------------+----+-----
 * </pre>
 */
final class RecordIo {

    /** Longest length prefix accepted: more digits than this is a corrupt stream, not a big record. */
    private static final int MAX_DIGITS = 10;

    private RecordIo() {
    }

    /** One record: the length prefix and the bytes. */
    static byte[] frame(byte[] record) {
        byte[] prefix = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + record.length];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(record, 0, framed, prefix.length, record.length);
        return framed;
    }

    /**
     * Reads the next record from a blocking stream.
     *
     * @return the record's bytes, or null when the stream ended cleanly between records
     * @throws IOException when the stream ends inside a record or the length prefix is not a number
     */
    static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (digits.size() == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a RecordIO length prefix");
            }
            if (b < '0' || b > '9' || digits.size() == MAX_DIGITS) {
                throw new IOException("not a RecordIO length prefix: byte " + b + " after '" + digits + "'");
            }
            digits.write(b);
        }
        int length = Integer.parseInt(digits.toString(StandardCharsets.US_ASCII));
        byte[] record = in.readNBytes(length);
        if (record.length != length) {
            throw new EOFException("stream ended after " + record.length + " of " + length + " record bytes");
        }
        return record;
    }
}
