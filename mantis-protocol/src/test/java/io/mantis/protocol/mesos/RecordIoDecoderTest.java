package io.mantis.protocol.mesos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIoDecoderTest {

    private static final List<byte[]> RECORDS = List.of(
            "{\"type\":\"SUBSCRIBED\"}".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            new byte[] {'\n', '7', 0, -1, '\n'},
            "x".repeat(1234).getBytes(StandardCharsets.UTF_8));

    @Test
    void recordsSplitAtEveryByteBoundaryComeOutWhole() throws IOException {
        byte[] stream = encode(RECORDS);
        for (int split = 0; split <= stream.length; split++) {
            List<byte[]> out = new ArrayList<>();
            RecordIoDecoder decoder = new RecordIoDecoder(4096, out::add);
            decoder.feed(stream, 0, split);
            decoder.feed(stream, split, stream.length - split);
            assertRecords(out, "split at " + split);
            assertTrue(decoder.atBoundary());
        }
    }

    @Test
    void oneByteAtATimeAndAStreamInOneRead() throws IOException {
        byte[] stream = encode(RECORDS);
        List<byte[]> bytewise = new ArrayList<>();
        RecordIoDecoder decoder = new RecordIoDecoder(4096, bytewise::add);
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1);
            if (i < stream.length - 1) {
                assertFalse(decoder.atBoundary() && bytewise.size() == RECORDS.size(), "finished early at " + i);
            }
        }
        assertRecords(bytewise, "byte by byte");

        List<byte[]> whole = new ArrayList<>();
        new RecordIoDecoder(4096, whole::add).readAll(new ByteArrayInputStream(stream));
        assertRecords(whole, "readAll");
    }

    @Test
    void aPartialRecordIsNotAtABoundary() throws IOException {
        List<byte[]> out = new ArrayList<>();
        RecordIoDecoder decoder = new RecordIoDecoder(4096, out::add);
        decoder.feed("5\nab".getBytes(StandardCharsets.US_ASCII), 0, 4);
        assertFalse(decoder.atBoundary());
        assertTrue(out.isEmpty());
    }

    @Test
    void aCorruptLengthIsAnErrorThatShowsIt() {
        IOException letters = assertThrows(IOException.class, () -> feed("12a\nxyz"));
        assertEquals("RecordIO: bad length prefix '12a': expected decimal digits and a line feed",
                letters.getMessage());
        IOException empty = assertThrows(IOException.class, () -> feed("\nabc"));
        assertEquals("RecordIO: empty length prefix", empty.getMessage());
        IOException huge = assertThrows(IOException.class, () -> feed("4097\n"));
        assertEquals("RecordIO: record of 4097 bytes exceeds the limit of 4096", huge.getMessage());
        IOException tooManyDigits = assertThrows(IOException.class, () -> feed("9".repeat(25) + "\n"));
        assertTrue(tooManyDigits.getMessage().startsWith("RecordIO: bad length prefix '9999"),
                tooManyDigits.getMessage());
    }

    @Test
    void aNineteenDigitLengthBeyondALongIsAnIoErrorToo() {
        // 19 digits pass the digit limit but 9999999999999999999 does not fit in a long: the contract is an
        // IOException (the session reconnects), not a NumberFormatException that ends the executor.
        IOException overflow = assertThrows(IOException.class, () -> feed("9".repeat(19) + "\n"));
        assertEquals("RecordIO: record of 9999999999999999999 bytes exceeds the limit of 4096", overflow.getMessage());
    }

    private static void feed(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        new RecordIoDecoder(4096, r -> { }).feed(bytes, 0, bytes.length);
    }

    private static void assertRecords(List<byte[]> out, String how) {
        assertEquals(RECORDS.size(), out.size(), how);
        for (int i = 0; i < RECORDS.size(); i++) {
            assertArrayEquals(RECORDS.get(i), out.get(i), how + ", record " + i);
        }
    }

    static byte[] encode(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes((r.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(r);
        }
        return out.toByteArray();
    }
}
