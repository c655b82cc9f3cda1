package io.mantis.sdk;

import static io.mantis.sdk.JobTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecsTest {

    public record Reading(String sensor, double value, List<String> tags) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "héllo wörld – 日本語 🚀", "line\nbreak\u0000nul"})
    void stringsRoundTripAsLengthPrefixedUtf8(String text) throws IOException {
        byte[] wire = encode(Codecs.string(), text);

        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(4 + utf8.length, wire.length);
        assertEquals(utf8.length, new DataInputStream(new ByteArrayInputStream(wire)).readInt());
        assertEquals(text, decodeAll(Codecs.string(), wire));
    }

    @Test
    void bytesRoundTrip() throws IOException {
        byte[] value = {0, -1, 127, -128, 42};

        assertArrayEquals(value, roundTrip(Codecs.bytes(), value));
        assertArrayEquals(new byte[0], roundTrip(Codecs.bytes(), new byte[0]));
        assertEquals(4 + value.length, encode(Codecs.bytes(), value).length);
    }

    @Test
    void numbersRoundTripInFixedWidth() throws IOException {
        for (long v : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.longs(), v));
        }
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}) {
            assertEquals(v, roundTrip(Codecs.ints(), v));
        }
        for (double v : new double[] {-0.0, 3.14, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            assertEquals(v, roundTrip(Codecs.doubles(), v));
        }
        assertEquals(8, encode(Codecs.longs(), 1L).length);
        assertEquals(4, encode(Codecs.ints(), 1).length);
        assertEquals(8, encode(Codecs.doubles(), 1.0).length);
    }

    @Test
    void aRecordRoundTripsAsJson() throws IOException {
        Reading reading = new Reading("t-1", 21.5, List.of("indoor", "ä"));
        Codec<Reading> codec = Codecs.json(Reading.class);

        byte[] wire = encode(codec, reading);

        assertEquals(reading, decodeAll(codec, wire));
        String json = new String(wire, 4, wire.length - 4, StandardCharsets.UTF_8);
        assertEquals("{\"sensor\":\"t-1\",\"value\":21.5,\"tags\":[\"indoor\",\"ä\"]}", json);
        assertEquals("Reading", codec.typeName());
    }

    @Test
    void aGenericTypeRoundTripsAsJsonWithItsElementTypes() throws IOException {
        Codec<Map<String, List<Reading>>> codec = Codecs.json(new TypeReference<Map<String, List<Reading>>>() { });
        Map<String, List<Reading>> value = Map.of("room", List.of(new Reading("a", 1, List.of()),
                new Reading("b", 2, List.of("x"))));

        Map<String, List<Reading>> back = roundTrip(codec, value);

        assertEquals(value, back);
        // Elements come back as records, not as maps: the generic type reached Jackson.
        assertEquals(Reading.class, back.get("room").get(0).getClass());
        assertTrue(codec.typeName().contains("java.util.Map"), codec.typeName());
        assertTrue(codec.typeName().contains("Reading"), codec.typeName());
    }

    @Test
    void keyedEventsRoundTripAsKeyThenValue() throws IOException {
        Codec<Keyed<String, Long>> codec = Codecs.keyed(Codecs.string(), Codecs.longs());

        byte[] wire = encode(codec, Keyed.of("ü", 7L));

        assertEquals(4 + 2 + 8, wire.length);
        assertEquals(Keyed.of("ü", 7L), decodeAll(codec, wire));
        assertEquals("Keyed<String, Long>", codec.typeName());
        Codec<Keyed<Integer, Reading>> json = Codecs.keyed(Codecs.ints(), Codecs.json(Reading.class));
        Keyed<Integer, Reading> event = Keyed.of(3, new Reading("s", 0.5, List.of("t")));
        assertEquals(event, roundTrip(json, event));
    }

    @Test
    void decodeReadsExactlyOneEventSoEventsCanFollowEachOther() throws IOException {
        Codec<String> codec = Codecs.string();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String s : List.of("one", "", "three")) {
            codec.encode(s, out);
        }
        Codecs.longs().encode(99L, out);

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        assertEquals("one", codec.decode(in));
        assertEquals("", codec.decode(in));
        assertEquals("three", codec.decode(in));
        assertEquals(99L, Codecs.longs().decode(in));
        assertEquals(-1, in.read());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, Codecs.MAX_LENGTH + 1, Integer.MAX_VALUE})
    void aCorruptLengthIsRejectedNamingTheLengthAndTheLimit(int length) throws IOException {
        byte[] wire = lengthOnly(length, 16);

        for (Codec<?> codec : List.of(Codecs.string(), Codecs.bytes(), Codecs.json(Reading.class))) {
            IOException e = assertThrows(IOException.class, () -> decodeAll(codec, wire), codec.typeName());
            assertMessage(e, "length " + length, "outside 0.." + Codecs.MAX_LENGTH, "not written by this codec");
        }
    }

    @Test
    void aTruncatedEventIsAnEndOfFile() {
        byte[] wire = encodeUnchecked(Codecs.string(), "truncated");
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 2);

        assertThrows(EOFException.class, () -> decodeAll(Codecs.string(), cut));
    }

    @Test
    void aDocumentThatIsNotJsonIsAnIOException() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Codecs.string().encode("{not json", new DataOutputStream(bytes));

        IOException e = assertThrows(IOException.class, () -> decodeAll(Codecs.json(Reading.class), bytes.toByteArray()));

        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }

    @Test
    void aValueLongerThanTheLimitIsRejectedWhenEncodedNotWhenDecoded() {
        // The decoder refuses lengths over MAX_LENGTH, so the encoder must not write them: the error then
        // names the value's size on the stage that produced it, not a "corrupt" frame on the next stage.
        byte[] tooLong = new byte[Codecs.MAX_LENGTH + 1];
        DataOutputStream nowhere = new DataOutputStream(OutputStream.nullOutputStream());

        IOException e = assertThrows(IOException.class, () -> Codecs.bytes().encode(tooLong, nowhere));

        assertMessage(e, "byte[]", String.valueOf(Codecs.MAX_LENGTH + 1), "longer than the limit of "
                + Codecs.MAX_LENGTH);
        assertEquals(0, nowhere.size());
    }

    @Test
    void aValueOfExactlyTheLimitIsEncodedAndDecoded() throws IOException {
        // Streams instead of byte arrays for the wire, to keep this test at two 64 MiB arrays.
        byte[] atLimit = new byte[Codecs.MAX_LENGTH];
        DataOutputStream counting = new DataOutputStream(OutputStream.nullOutputStream());
        Codecs.bytes().encode(atLimit, counting);
        assertEquals(4 + Codecs.MAX_LENGTH, counting.size());

        InputStream wire = new SequenceInputStream(new ByteArrayInputStream(lengthOnly(Codecs.MAX_LENGTH, 0)),
                new ByteArrayInputStream(atLimit));
        byte[] back = Codecs.bytes().decode(new DataInputStream(wire));

        assertEquals(Codecs.MAX_LENGTH, back.length);
        assertEquals(-1, wire.read());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Codecs.json((Class<?>) null));
        assertThrows(NullPointerException.class, () -> Codecs.json((TypeReference<?>) null));
        assertThrows(NullPointerException.class, () -> Codecs.keyed(null, Codecs.string()));
        assertThrows(NullPointerException.class, () -> Codecs.keyed(Codecs.string(), null));
    }

    private static <T> T roundTrip(Codec<T> codec, T value) throws IOException {
        return decodeAll(codec, encode(codec, value));
    }

    private static <T> byte[] encode(Codec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        codec.encode(value, out);
        out.flush();
        return bytes.toByteArray();
    }

    private static <T> byte[] encodeUnchecked(Codec<T> codec, T value) {
        try {
            return encode(codec, value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Decodes one event and checks that it used every byte. */
    private static <T> T decodeAll(Codec<T> codec, byte[] wire) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
        T value = codec.decode(in);
        assertEquals(-1, in.read(), "decode left bytes unread");
        return value;
    }

    /** A length prefix followed by {@code padding} zero bytes. */
    private static byte[] lengthOnly(int length, int padding) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(length);
        bytes.write(new byte[padding]);
        return bytes.toByteArray();
    }
}
